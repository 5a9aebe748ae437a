// Triangle listing against hand-listed triangles and networkx's 3-cliques of a random multigraph
// (self-loops, parallel and reciprocal arcs), stored directed and undirected, under both
// partitioners. Triangles are gathered from every rank without removing duplicates, so one
// listed twice fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <tuple>
#include <utility>
#include <vector>

#include "eddy/algorithms/triangle_listing.hpp"
#include "graph_fixtures.hpp"

namespace eddy {
namespace {

using corners = std::array<std::uint64_t, 3>;
#include "golden/triangle_listing_random.inc"

// Collective: every rank's triangles, sorted.
std::vector<corners> listed(const distributed_graph& g) {
  const auto mine = algorithms::triangle_listing(g).triangles;
  std::vector<corners> all;
  for (const auto& t : g.comm().all_gather_v<algorithms::triangle>(mine)) all.push_back({t.a, t.b, t.c});
  std::sort(all.begin(), all.end());
  return all;
}

TEST(TriangleListing, CollapsesLoopsParallelAndReciprocalArcs) {
  const communicator comm;
  // Simple undirected edges: 1-2, 2-3, 1-3, 3-4, 1-4, 4-5.
  const auto arcs = test::edges({{2, 1}, {1, 2}, {3, 2}, {3, 2}, {2, 3}, {3, 1}, {3, 3}, {4, 3}, {1, 4}, {5, 5},
                                 {4, 5}, {5, 4}, {1, 1}});
  const std::vector<corners> want = {{1, 2, 3}, {1, 3, 4}};
  for (const bool directed : {true, false}) {
    for (const char* partition : {"chunk", "hash"}) {
      EXPECT_EQ(listed(test::build(comm, arcs, directed, partition)), want) << directed << ' ' << partition;
    }
  }
}

TEST(TriangleListing, CliqueHasEveryTriple) {
  const communicator comm;
  const vertex_id first = 1000;
  const vertex_id k = 6;
  std::vector<corners> want;
  for (vertex_id a = first; a < first + k; ++a) {
    for (vertex_id b = a + 1; b < first + k; ++b) {
      for (vertex_id c = b + 1; c < first + k; ++c) want.push_back({a, b, c});
    }
  }
  EXPECT_EQ(listed(test::build(comm, test::clique(first, k), false)), want);
}

TEST(TriangleListing, NoTrianglesInASquareWithATail) {
  const communicator comm;
  const auto arcs = test::edges({{1, 2}, {2, 3}, {3, 4}, {4, 1}, {4, 5}, {5, 6}, {6, 6}});
  EXPECT_TRUE(listed(test::build(comm, arcs, true)).empty());
}

TEST(TriangleListing, MatchesNetworkxOnRandomMultigraph) {
  const communicator comm;
  std::vector<io::edge_record> arcs;
  for (const auto& [u, v] : random_multigraph_arcs) arcs.push_back({u, v, 1.0});
  const std::vector<corners> want(std::begin(random_multigraph_triangles), std::end(random_multigraph_triangles));
  ASSERT_FALSE(want.empty());
  for (const bool directed : {true, false}) {
    for (const char* partition : {"chunk", "hash"}) {
      EXPECT_EQ(listed(test::build(comm, arcs, directed, partition)), want) << directed << ' ' << partition;
    }
  }
}

}  // namespace
}  // namespace eddy
