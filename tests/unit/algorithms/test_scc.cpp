// Strongly connected components against hand-made graphs and networkx's
// strongly_connected_components on a random directed graph, under both partitioners.
#include <gtest/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "graph_fixtures.hpp"
#include "eddy/algorithms/scc.hpp"

namespace eddy {
namespace {

using edge = std::pair<std::uint64_t, std::uint64_t>;
#include "golden/random_digraph.inc"
#include "golden/scc_random.inc"

std::vector<vertex_id> components(const distributed_graph& g) {
  return test::by_vertex_id(g, algorithms::scc(g).values);
}

// Cycles entered at vertices that are not their smallest, a cycle reachable from another, a
// chain of singletons, and an isolated vertex.
TEST(Scc, HandMadeDigraph) {
  const communicator comm;
  const edge edges[] = {{4, 9}, {9, 2}, {2, 4},            // {2, 4, 9}
                        {9, 6}, {6, 8}, {8, 6},            // {6, 8}, reached from the first
                        {1, 0}, {0, 3}, {3, 1}, {3, 4},    // {0, 1, 3}, reaching the first
                        {10, 11}, {11, 12}, {12, 7}};      // singletons; 5 isolated
  for (const char* partition : {"chunk", "hash"}) {
    const auto g = test::edge_list_graph(comm, 13, edges, true, partition);
    const std::vector<vertex_id> want = {0, 0, 2, 0, 2, 5, 6, 7, 6, 2, 10, 11, 12};
    EXPECT_EQ(components(g), want) << partition;
  }
}

// A chain into a cycle of its largest ids: every round of colouring moves one step.
TEST(Scc, LongChainIntoCycle) {
  const communicator comm;
  std::vector<edge> edges;
  const std::uint64_t n = 40;
  for (std::uint64_t v = 0; v + 1 < n; ++v) edges.emplace_back(v, v + 1);
  edges.emplace_back(n - 1, n - 5);
  const auto g = test::edge_list_graph(comm, n, edges, true);
  std::vector<vertex_id> want(n);
  for (std::uint64_t v = 0; v < n; ++v) want[v] = v < n - 5 ? v : n - 5;
  EXPECT_EQ(components(g), want);
}

TEST(Scc, UndirectedGraphGivesConnectedComponents) {
  const communicator comm;
  const edge edges[] = {{3, 1}, {1, 4}, {2, 5}};
  const auto g = test::edge_list_graph(comm, 6, edges, false);
  const std::vector<vertex_id> want = {0, 1, 2, 1, 1, 2};
  EXPECT_EQ(components(g), want);
}

TEST(Scc, MatchesNetworkxOnRandomDigraph) {
  const communicator comm;
  const std::vector<vertex_id> want(std::begin(random_scc), std::end(random_scc));
  for (const char* partition : {"chunk", "hash"}) {
    const auto g = test::edge_list_graph(comm, random_digraph_vertices, random_digraph_edges, true, partition);
    EXPECT_EQ(components(g), want) << partition;
  }
}

}  // namespace
}  // namespace eddy
