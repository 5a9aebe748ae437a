// Personalized PageRank against hand-derived values and against networkx's
// pagerank(G, alpha=d, personalization={s: 1}, dangling={s: 1}) on a random directed graph.
#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <utility>

#include "graph_fixtures.hpp"
#include "eddy/algorithms/pagerank.hpp"
#include "eddy/algorithms/personalized_pagerank.hpp"
#include "eddy/runtime/error.hpp"

namespace eddy {
namespace {

using edge = std::pair<std::uint64_t, std::uint64_t>;
#include "golden/random_digraph.inc"
#include "golden/personalized_pagerank_random.inc"

algorithms::pagerank_params converging(double damping = 0.85) {
  algorithms::pagerank_params params;
  params.damping = damping;
  params.iterations = 400;
  return params;
}

// 0 -> 1 -> 2 with 2 a sink: all rank flows back to the source 0, so with restart r = 1-d the
// fixed point is x0 = 1 / (1 + d + d^2), x1 = d x0, x2 = d^2 x0.
TEST(PersonalizedPagerank, ChainWithSinkReturnsToSource) {
  const communicator comm;
  const edge edges[] = {{0, 1}, {1, 2}};
  const auto g = test::edge_list_graph(comm, 3, edges, true);
  const double d = 0.85;
  const auto got = test::by_vertex_id(g, algorithms::personalized_pagerank(g, 0, converging(d)).values);
  const double x0 = 1.0 / (1.0 + d + d * d);
  const double want[] = {x0, d * x0, d * d * x0};
  test::expect_close(got, want, 1e-12, 1e-15, "chain");
}

// A vertex not reachable from the source ends with nothing, whatever it started with.
TEST(PersonalizedPagerank, UnreachableVerticesGetNothing) {
  const communicator comm;
  const edge edges[] = {{0, 1}, {1, 0}, {2, 0}, {3, 2}};
  const auto g = test::edge_list_graph(comm, 5, edges, true);
  const auto got = test::by_vertex_id(g, algorithms::personalized_pagerank(g, 1, converging()).values);
  // Cycle 0 <-> 1 from source 1: x1 = (1-d) + d x0, x0 = d x1.
  const double d = 0.85;
  const double x1 = (1.0 - d) / (1.0 - d * d);
  const double want[] = {d * x1, x1, 0.0, 0.0, 0.0};
  test::expect_close(got, want, 1e-12, 1e-15, "unreachable");
}

TEST(PersonalizedPagerank, MatchesNetworkxOnRandomDigraph) {
  const communicator comm;
  for (const char* partition : {"chunk", "hash"}) {
    const auto g = test::edge_list_graph(comm, random_digraph_vertices, random_digraph_edges, true, partition);
    const auto got = test::by_vertex_id(
        g, algorithms::personalized_pagerank(g, random_ppr_source, converging(random_ppr_damping)).values);
    test::expect_close(got, random_ppr, 1e-9, 1e-13, partition);
    EXPECT_NEAR(std::accumulate(got.begin(), got.end(), 0.0), 1.0, 1e-12);
  }
}

// Partitioning changes only the order of floating-point sums.
TEST(PersonalizedPagerank, SameUnderEitherPartitioner) {
  const communicator comm;
  algorithms::pagerank_params params;
  params.iterations = 30;
  std::vector<double> first;
  for (const char* partition : {"chunk", "hash"}) {
    const auto g = test::edge_list_graph(comm, random_digraph_vertices, random_digraph_edges, true, partition);
    const auto got = test::by_vertex_id(g, algorithms::personalized_pagerank(g, random_ppr_source, params).values);
    if (first.empty()) {
      first = got;
    } else {
      test::expect_close(got, first, 1e-12, 0.0, partition);
    }
  }
}

TEST(PersonalizedPagerank, ToleranceStopsEarly) {
  const communicator comm;
  const auto g = test::edge_list_graph(comm, random_digraph_vertices, random_digraph_edges, true);
  auto params = converging(random_ppr_damping);
  params.tolerance = 1e-10;
  const auto result = algorithms::personalized_pagerank(g, random_ppr_source, params);
  EXPECT_LT(result.metrics.supersteps.size(), params.iterations);
  test::expect_close(test::by_vertex_id(g, result.values), random_ppr, 1e-7, 1e-10, "tolerance");
}

// Teleporting to a source differs from PageRank's even teleport; the two must not be confused.
TEST(PersonalizedPagerank, DiffersFromPagerank) {
  const communicator comm;
  const auto g = test::edge_list_graph(comm, random_digraph_vertices, random_digraph_edges, true);
  const auto plain = test::by_vertex_id(g, algorithms::pagerank(g, converging()).values);
  EXPECT_GT(std::abs(plain[random_ppr_source] - random_ppr[random_ppr_source]), 0.1);
}

TEST(PersonalizedPagerank, RejectsMissingSource) {
  const communicator comm;
  const edge edges[] = {{0, 1}};
  const auto g = test::edge_list_graph(comm, 2, edges, true);
  EXPECT_THROW((void)algorithms::personalized_pagerank(g, 9, converging()), error);
}

}  // namespace
}  // namespace eddy
