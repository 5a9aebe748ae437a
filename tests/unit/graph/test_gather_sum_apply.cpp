#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "eddy/algorithms/pagerank.hpp"
#include "eddy/graph/gather_sum_apply.hpp"
#include "eddy/graph/scatter_gather.hpp"
#include "model_graphs.hpp"

namespace eddy {
namespace {
using namespace model_tests;

constexpr double inf = std::numeric_limits<double>::infinity();
double smaller(const double& a, const double& b) { return std::min(a, b); }

class GatherSumApply : public ::testing::TestWithParam<std::string> {};

// One algorithm, two models: SSSP in gather-sum-apply and in scatter-gather agree with each other
// and with networkx.
TEST_P(GatherSumApply, ShortestPathsEqualScatterGatherAndNetworkx) {
  communicator comm;
  const auto g = build(comm, golden_edges(), true, GetParam());
  const auto initial = [](vertex_id id) { return id == golden_source ? 0.0 : inf; };
  gather_sum_apply<double, double> gsa(g, initial, smaller);
  vertex_iteration_options options;
  options.direction = edge_direction::in;
  gsa.run([](const vertex_view<double>& u, double w) { return u.value() + w; },
          [](auto& v, const double& best) {
            if (best < v.value()) v.set_value(best);
          },
          options);
  scatter_gather<double, double> sg(g, initial, smaller);
  sg.run([](auto& v) { v.for_each_edge([&](vertex_handle t, double w) { v.send(t, v.value() + w); }); },
         [](auto& v, std::span<const double> m) {
           if (m[0] < v.value()) v.set_value(m[0]);
         },
         {});
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    const double want = golden_distances[g.external_id(v)];
    EXPECT_EQ(gsa.values()[v], want < 0 ? inf : want) << g.external_id(v);
    EXPECT_EQ(gsa.values()[v], sg.values()[v]) << g.external_id(v);
  }
}

// Gathering from out-neighbours along reversed edges: distances *to* the source.
TEST_P(GatherSumApply, OutDirectionGathersAgainstTheEdges) {
  communicator comm;
  auto edges = golden_edges();
  for (auto& e : edges) std::swap(e.src, e.dst);
  const auto g = build(comm, edges, true, GetParam());
  gather_sum_apply<double, double> gsa(g, [](vertex_id id) { return id == golden_source ? 0.0 : inf; }, smaller);
  vertex_iteration_options options;
  options.direction = edge_direction::out;
  gsa.run([](const vertex_view<double>& u, double w) { return u.value() + w; },
          [](auto& v, const double& best) {
            if (best < v.value()) v.set_value(best);
          },
          options);
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    const double want = golden_distances[g.external_id(v)];
    EXPECT_EQ(gsa.values()[v], want < 0 ? inf : want) << g.external_id(v);
  }
}

// Non-trivial values: string labels gathered from all neighbours, summed by lexicographic min.
TEST_P(GatherSumApply, StringLabelsFindWeakComponents) {
  communicator comm;
  const auto g = build(comm, golden_edges(), true, GetParam());
  gather_sum_apply<std::string, std::string> cc(
      g, label_of, [](const std::string& a, const std::string& b) { return std::min(a, b); });
  vertex_iteration_options options;
  options.direction = edge_direction::all;
  cc.run([](const vertex_view<std::string>& u, double) { return u.value(); },
         [](auto& v, const std::string& best) {
           if (best < v.value()) v.set_value(best);
         },
         options);
  const auto want = weak_component_labels();
  for (local_id v = 0; v < g.local_vertices(); ++v) EXPECT_EQ(cc.values()[v], want.at(g.external_id(v)));
}

// PageRank as gather-sum-apply equals the library's PageRank: sinks' rank reaches everyone through
// an aggregator (the first superstep's through a broadcast value), degrees and the vertex count
// are asked for.
TEST_P(GatherSumApply, PageRankEqualsTheLibrary) {
  communicator comm;
  std::vector<io::edge_record> edges;
  vertex_id sink = golden_source;
  for (const auto& e : golden_weighted_edges) {
    if (e.src != sink) edges.push_back({e.src, e.dst, 1.0});
  }
  for (vertex_id v = 0; v + 1 < 60; ++v) edges.push_back({v, v + 1, 1.0});  // everyone has an in-edge
  if (sink != 0) edges.push_back({1, 0, 1.0});
  const auto g = build(comm, edges, false, GetParam());
  const double n = static_cast<double>(g.global_vertices());
  constexpr double d = 0.85;
  constexpr std::uint64_t iterations = 20;
  std::uint64_t sinks = 0;
  for (local_id v = 0; v < g.local_vertices(); ++v) sinks += g.out_degree(v) == 0 ? 1 : 0;
  ASSERT_EQ(comm.all_reduce(sinks, reduce_op::sum), 1U);

  gather_sum_apply<double, double> pr(g, [&](vertex_id) { return 1.0 / n; }, std::plus<double>{});
  pr.aggregators().sum<double>("sinks");
  pr.broadcasts().set("first sinks", 1.0 / n);
  vertex_iteration_options options;
  options.direction = edge_direction::in;
  options.degrees = true;
  options.vertex_count = true;
  options.max_iterations = iterations;
  const auto run = pr.run(
      [](const vertex_view<double>& u, double) { return u.value() / static_cast<double>(u.out_degree()); },
      [&](auto& v, const double& sum) {
        const double sink_rank =
            v.superstep() == 0 ? v.template broadcast<double>("first sinks") : v.template previous<double>("sinks");
        const double next = (1 - d) / static_cast<double>(v.num_vertices()) +
                            d * (sum + sink_rank / static_cast<double>(v.num_vertices()));
        if (v.out_degree() == 0) v.template aggregator<double>("sinks").add(next);
        v.set_value(next);
      },
      options);
  EXPECT_EQ(run.supersteps.size(), iterations);
  algorithms::pagerank_params params;
  params.damping = d;
  params.iterations = iterations;
  const auto want = algorithms::pagerank(g, params);
  ASSERT_EQ(want.values.size(), pr.values().size());
  double drift = 0;
  for (std::size_t v = 0; v < want.values.size(); ++v) {
    EXPECT_NEAR(pr.values()[v], want.values[v], 1e-12) << g.external_id(static_cast<local_id>(v));
    drift += std::abs(pr.values()[v] - 1.0 / n);
  }
  EXPECT_GT(comm.all_reduce(drift, reduce_op::sum), 1e-3);  // the ranks did move
}

INSTANTIATE_TEST_SUITE_P(Partitioners, GatherSumApply, ::testing::Values("chunk", "hash"));

}  // namespace
}  // namespace eddy
