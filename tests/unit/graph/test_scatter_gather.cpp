#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "eddy/algorithms/label_propagation.hpp"
#include "eddy/graph/scatter_gather.hpp"
#include "model_graphs.hpp"

namespace eddy {
namespace {
using namespace model_tests;

constexpr double inf = std::numeric_limits<double>::infinity();

class ScatterGather : public ::testing::TestWithParam<std::string> {};

TEST_P(ScatterGather, ShortestPathsMatchNetworkx) {
  communicator comm;
  const auto g = build(comm, golden_edges(), true, GetParam());
  scatter_gather<double, double> sssp(g, [](vertex_id id) { return id == golden_source ? 0.0 : inf; },
                                      [](double a, double b) { return std::min(a, b); });
  const auto run = sssp.run(
      [](auto& v) {
        v.for_each_edge([&](vertex_handle t, double w) { v.send(t, v.value() + w); });
      },
      [](auto& v, std::span<const double> m) {
        EXPECT_EQ(m.size(), 1U);  // combined
        if (m[0] < v.value()) v.set_value(m[0]);
      },
      {});
  EXPECT_GT(run.supersteps.size(), 2U);
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    const double want = golden_distances[g.external_id(v)];
    EXPECT_EQ(sssp.values()[v], want < 0 ? inf : want) << g.external_id(v);
  }
}

// Non-trivial messages: whole paths travel, and each vertex keeps the shortest (ties: the
// lexicographically smallest path), which must be a real path of the golden length.
struct route {
  double length = inf;
  std::vector<vertex_id> path;
  template <class Archive>
  void serialize(Archive& a) {
    a(length, path);
  }
  bool operator<(const route& o) const { return std::tie(length, path) < std::tie(o.length, o.path); }
};

TEST_P(ScatterGather, PathsTravelAsMessages) {
  communicator comm;
  const auto g = build(comm, golden_edges(), true, GetParam());
  std::map<std::pair<vertex_id, vertex_id>, double> weight;
  for (const auto& e : golden_weighted_edges) weight[{e.src, e.dst}] = e.weight;
  scatter_gather<route, route> sssp(g, [](vertex_id id) {
    return id == golden_source ? route{0.0, {id}} : route{};
  });
  sssp.run(
      [&](auto& v) {
        v.for_each_edge([&](vertex_handle t, double w) {
          route r = v.value();
          r.length += w;
          v.send(t, std::move(r));
        });
      },
      [](auto& v, std::span<const route> m) {
        auto best = *std::min_element(m.begin(), m.end());
        best.path.push_back(v.id());
        if (best < v.value()) v.set_value(std::move(best));
      },
      {});
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    const auto& r = sssp.values()[v];
    const double want = golden_distances[g.external_id(v)];
    if (want < 0) {
      EXPECT_TRUE(r.path.empty());
      continue;
    }
    ASSERT_FALSE(r.path.empty());
    EXPECT_EQ(r.path.front(), golden_source);
    EXPECT_EQ(r.path.back(), g.external_id(v));
    double sum = 0;
    for (std::size_t i = 1; i < r.path.size(); ++i) sum += weight.at({r.path[i - 1], r.path[i]});
    EXPECT_EQ(sum, want);
    EXPECT_EQ(r.length, want);
  }
}

// String labels flow both ways along edges: weakly connected components named by their smallest
// label; degrees and the vertex count only when asked for; aggregators, broadcasts and hooks.
TEST_P(ScatterGather, StringLabelsFindWeakComponents) {
  communicator comm;
  const auto g = build(comm, golden_edges(), true, GetParam());
  scatter_gather<std::string, std::string> cc(g, label_of);
  cc.aggregators().sum<std::uint64_t>("changed");
  cc.broadcasts().set("prefix", std::string(1, 'v'));
  vertex_iteration_options options;
  options.direction = edge_direction::all;
  options.degrees = true;
  options.vertex_count = true;
  std::vector<std::uint64_t> changes;
  std::uint64_t pre = 0;
  options.pre_superstep = [&](const iteration_view&) { ++pre; };
  options.post_superstep = [&](const iteration_view& v) { changes.push_back(v.previous<std::uint64_t>("changed")); };
  const auto run = cc.run(
      [&](auto& v) {
        EXPECT_EQ(v.num_vertices(), g.global_vertices());
        EXPECT_GT(v.out_degree() + v.in_degree(), 0U);
        EXPECT_EQ(v.value().substr(0, 1), v.template broadcast<std::string>("prefix"));
        v.send_to_neighbors(v.value());
      },
      [](auto& v, std::span<const std::string> m) {
        const auto best = *std::min_element(m.begin(), m.end());
        if (best < v.value()) {
          v.set_value(best);
          v.template aggregator<std::uint64_t>("changed").add(1);
        }
      },
      options);
  const auto want = weak_component_labels();
  for (local_id v = 0; v < g.local_vertices(); ++v) EXPECT_EQ(cc.values()[v], want.at(g.external_id(v)));
  EXPECT_EQ(pre, run.supersteps.size());
  ASSERT_EQ(changes.size(), run.supersteps.size());
  EXPECT_GT(changes.front(), 0U);
  EXPECT_EQ(changes.back(), 0U);

  scatter_gather<std::string, std::string> hidden(g, label_of);
  EXPECT_THROW(hidden.run([](auto& v) { (void)v.out_degree(); }, [](auto&, auto) {}, {}), collective_error);
}

// Gelly's LabelPropagation is a scatter-gather program; the library runs it as a pull loop over
// mirrored labels, which moves one value per mirror instead of one message per edge. Both forms
// must agree superstep for superstep: a vertex that heard labels takes the most frequent (its own
// counting once, ties to the larger) and sends again, whether or not its label changed.
TEST_P(ScatterGather, LabelPropagationEqualsTheLibrarysLoop) {
  communicator comm;
  const auto g = build(comm, golden_edges(), false, GetParam());
  for (const std::uint64_t iterations : {1, 2, 3, 6, 40}) {
    scatter_gather<vertex_id, vertex_id> lp(g, [](vertex_id id) { return id; });
    vertex_iteration_options options;
    options.max_iterations = iterations;
    lp.run([](auto& v) { v.send_to_neighbors(v.value()); },
           [](auto& v, std::span<const vertex_id> heard) {
             std::map<vertex_id, std::size_t> count;
             for (const vertex_id label : heard) ++count[label];
             vertex_id best = v.value();
             std::size_t best_count = 1;
             for (const auto& [label, n] : count) {
               if (n > best_count || (n == best_count && label > best)) std::tie(best, best_count) = std::pair{label, n};
             }
             v.set_value(best);
           },
           options);
    EXPECT_EQ(lp.values(), algorithms::label_propagation(g, iterations).values) << iterations;
  }
}

INSTANTIATE_TEST_SUITE_P(Partitioners, ScatterGather, ::testing::Values("chunk", "hash"));

}  // namespace
}  // namespace eddy
