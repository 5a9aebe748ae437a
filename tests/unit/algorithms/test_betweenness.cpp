// Betweenness centrality against hand-computed values and networkx (golden data) on random
// undirected and directed graphs, exact and from sampled sources.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "eddy/algorithms/betweenness.hpp"
#include "eddy/runtime/error.hpp"
#include "graph_fixtures.hpp"

namespace eddy {
namespace {

#include "golden/betweenness_random.inc"

using edge_pairs = std::vector<std::pair<std::uint64_t, std::uint64_t>>;

// Collective: the centrality of vertices 0..vertices-1.
std::vector<double> centrality(std::uint64_t vertices, const edge_pairs& edges, bool directed,
                               const algorithms::betweenness_params& params = {},
                               const std::string& partition = "chunk") {
  const communicator comm;
  const auto g = test::edge_list_graph(comm, vertices, std::span<const std::pair<std::uint64_t, std::uint64_t>>(edges),
                                       directed, partition);
  return test::by_vertex_id(g, algorithms::betweenness(g, params).values);
}

void expect_values(const std::vector<double>& got, const std::vector<double>& want, const std::string& what) {
  test::expect_close(got, want, 1e-12, 1e-12, what);
}

TEST(Betweenness, Path) {
  const edge_pairs path = {{0, 1}, {1, 2}, {2, 3}, {3, 4}};
  expect_values(centrality(5, path, false), {0, 3, 4, 3, 0}, "undirected path");
  expect_values(centrality(5, path, true, {}, "hash"), {0, 3, 4, 3, 0}, "directed path");
  // A repeated edge and a self-loop add no paths.
  const edge_pairs noisy = {{0, 1}, {1, 0}, {1, 2}, {2, 2}, {2, 3}, {3, 4}, {0, 1}};
  expect_values(centrality(5, noisy, false), {0, 3, 4, 3, 0}, "undirected path with repeats");
  expect_values(centrality(5, noisy, true), {0, 3, 4, 3, 0}, "directed path with repeats");
}

TEST(Betweenness, SplitPathsShareTheCredit) {
  // Two shortest paths between opposite corners of a square; a pendant 4 hangs off 3.
  const edge_pairs square = {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {3, 4}};
  // 1 and 2: half of (0,3) and (0,4) each; 0: half of (1,2); 3: half of (1,2) plus (1,4), (2,4), (0,4).
  expect_values(centrality(5, square, false), {0.5, 1, 1, 3.5, 0}, "square with pendant");
  // Directed: 1 and 2 halve (0,3) and (0,4); 3 carries (0,4), (1,4) and (2,4).
  expect_values(centrality(5, square, true), {0, 1, 1, 3, 0}, "directed square");
}

TEST(Betweenness, ZeroSamplesIsAnError) {
  algorithms::betweenness_params params;
  params.samples = 0;
  EXPECT_THROW((void)centrality(3, {{0, 1}}, false, params), usage_error);
}

std::vector<double> golden(const double* values) { return {values, values + betweenness_vertices}; }

TEST(Betweenness, RandomGraphsMatchNetworkx) {
  const edge_pairs undirected(std::begin(betweenness_undirected_edges), std::end(betweenness_undirected_edges));
  const edge_pairs directed(std::begin(betweenness_directed_edges), std::end(betweenness_directed_edges));
  expect_values(centrality(betweenness_vertices, undirected, false), golden(betweenness_undirected_exact),
                "undirected exact");
  expect_values(centrality(betweenness_vertices, directed, true, {}, "hash"), golden(betweenness_directed_exact),
                "directed exact");
  // As many samples as vertices, or more, is the exact value whatever the seed.
  expect_values(centrality(betweenness_vertices, undirected, false, {betweenness_vertices, 99}),
                golden(betweenness_undirected_exact), "undirected, every vertex sampled");
  algorithms::betweenness_params sampled{betweenness_samples, betweenness_seed};
  expect_values(centrality(betweenness_vertices, undirected, false, sampled, "hash"),
                golden(betweenness_undirected_sampled), "undirected sampled");
  expect_values(centrality(betweenness_vertices, directed, true, sampled), golden(betweenness_directed_sampled),
                "directed sampled");
}

// Dependencies are summed in a fixed order, so how vertices are placed changes no bit.
TEST(Betweenness, PlacementChangesNoBit) {
  const edge_pairs undirected(std::begin(betweenness_undirected_edges), std::end(betweenness_undirected_edges));
  algorithms::betweenness_params sampled{betweenness_samples, betweenness_seed};
  EXPECT_EQ(centrality(betweenness_vertices, undirected, false, sampled, "chunk"),
            centrality(betweenness_vertices, undirected, false, sampled, "hash"));
}

}  // namespace
}  // namespace eddy
