// HITS against hand-derived values and against networkx's hits() on a random directed graph,
// compared after scaling both to sum 1 as networkx does.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numeric>
#include <utility>

#include "graph_fixtures.hpp"
#include "eddy/algorithms/hits.hpp"

namespace eddy {
namespace {

using edge = std::pair<std::uint64_t, std::uint64_t>;
#include "golden/random_digraph.inc"
#include "golden/hits_random.inc"

struct gathered {
  std::vector<double> hubs;
  std::vector<double> authorities;
};

gathered run(const distributed_graph& g, const algorithms::hits_params& params) {
  const auto all = test::by_vertex_id(g, algorithms::hits(g, params).values);
  gathered out;
  for (const auto& s : all) {
    out.hubs.push_back(s.hub);
    out.authorities.push_back(s.authority);
  }
  return out;
}

std::vector<double> to_unit_sum(std::vector<double> x) {
  const double sum = std::accumulate(x.begin(), x.end(), 0.0);
  for (double& v : x) v /= sum;
  return x;
}

// 0 -> 1, 0 -> 2, 3 -> 1. Authorities start at in-degrees (1: 2, 2: 1); one iteration gives hubs
// (0: 3, 3: 2) and authorities (1: 5, 2: 3), each divided by its L2 norm.
const edge small_edges[] = {{0, 1}, {0, 2}, {3, 1}};

TEST(Hits, OneIterationFromInDegrees) {
  const communicator comm;
  const auto g = test::edge_list_graph(comm, 5, small_edges, true);
  algorithms::hits_params params;
  params.iterations = 1;
  const auto got = run(g, params);
  const double hubs[] = {3 / std::sqrt(13.0), 0.0, 0.0, 2 / std::sqrt(13.0), 0.0};
  const double authorities[] = {0.0, 5 / std::sqrt(34.0), 3 / std::sqrt(34.0), 0.0, 0.0};
  test::expect_close(got.hubs, hubs, 1e-15, 0.0, "hubs");
  test::expect_close(got.authorities, authorities, 1e-15, 0.0, "authorities");
}

// Both A A^T and A^T A are [[2, 1], [1, 1]] on the vertices that have them: the limit is its
// principal eigenvector (phi, 1) / sqrt(phi^2 + 1), phi the golden ratio.
TEST(Hits, ConvergesToPrincipalEigenvectors) {
  const communicator comm;
  const auto g = test::edge_list_graph(comm, 5, small_edges, true);
  algorithms::hits_params params;
  params.iterations = 200;
  params.tolerance = 1e-14;
  const auto result = algorithms::hits(g, params);
  EXPECT_LT(result.metrics.supersteps.size(), 60U);
  const double phi = (1 + std::sqrt(5.0)) / 2;
  const double big = phi / std::sqrt(phi * phi + 1);
  const double small = 1 / std::sqrt(phi * phi + 1);
  const auto got = run(g, params);
  const double hubs[] = {big, 0.0, 0.0, small, 0.0};
  const double authorities[] = {0.0, big, small, 0.0, 0.0};
  test::expect_close(got.hubs, hubs, 1e-12, 0.0, "hubs");
  test::expect_close(got.authorities, authorities, 1e-12, 0.0, "authorities");
}

TEST(Hits, MatchesNetworkxOnRandomDigraph) {
  const communicator comm;
  algorithms::hits_params params;
  params.iterations = 5000;
  params.tolerance = 1e-15;
  std::vector<double> first_hubs;
  for (const char* partition : {"chunk", "hash"}) {
    const auto g = test::edge_list_graph(comm, random_digraph_vertices, random_digraph_edges, true, partition);
    const auto got = run(g, params);
    const auto hubs = to_unit_sum(got.hubs);
    test::expect_close(hubs, random_hubs, 1e-8, 1e-14, std::string("hubs, ") + partition);
    test::expect_close(to_unit_sum(got.authorities), random_authorities, 1e-8, 1e-14,
                       std::string("authorities, ") + partition);
    double squares = 0.0;
    for (const double h : got.hubs) squares += h * h;
    EXPECT_NEAR(squares, 1.0, 1e-12);
  }
}

// Partitioning changes only the order of floating-point sums.
TEST(Hits, SameUnderEitherPartitioner) {
  const communicator comm;
  algorithms::hits_params params;
  params.iterations = 15;
  std::vector<gathered> runs;
  for (const char* partition : {"chunk", "hash"}) {
    runs.push_back(run(test::edge_list_graph(comm, random_digraph_vertices, random_digraph_edges, true, partition),
                       params));
  }
  test::expect_close(runs[1].hubs, runs[0].hubs, 1e-12, 1e-300, "hubs");
  test::expect_close(runs[1].authorities, runs[0].authorities, 1e-12, 1e-300, "authorities");
}

}  // namespace
}  // namespace eddy
