// Bipartite projections against hand-computed pairs and networkx's weighted projected graph
// (golden data) on a random bipartite multigraph, stored directed and undirected.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "eddy/algorithms/bipartite_projection.hpp"
#include "eddy/runtime/error.hpp"
#include "graph_fixtures.hpp"

namespace eddy {
namespace {

using algorithms::bipartite_side;
using algorithms::projected_edge;
using shared_counts = std::map<std::pair<vertex_id, vertex_id>, std::uint64_t>;

#include "golden/bipartite_projection_random.inc"

// Collective: the projection of vertices 0..vertices-1, those below `top` on the top side,
// gathered from every rank after checking that each rank returned only pairs whose u it owns.
shared_counts project(std::uint64_t vertices, std::uint64_t top,
                      std::span<const std::pair<std::uint64_t, std::uint64_t>> edges, bool directed,
                      bipartite_side onto, const std::string& partition = "chunk") {
  const communicator comm;
  const auto g = test::edge_list_graph(comm, vertices, edges, directed, partition);
  std::vector<bipartite_side> sides;
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    sides.push_back(g.external_id(v) < top ? bipartite_side::top : bipartite_side::bottom);
  }
  const auto result = algorithms::bipartite_projection(g, sides, onto);
  for (const auto& e : result.edges) EXPECT_TRUE(g.find_local(e.u).has_value()) << e.u << " not owned";
  shared_counts out;
  for (const auto& e : comm.all_gather_v(std::span<const projected_edge>(result.edges))) {
    EXPECT_TRUE(out.emplace(std::pair{e.u, e.v}, e.shared).second) << e.u << " " << e.v << " twice";
  }
  return out;
}

shared_counts expected(std::span<const projected_edge> edges) {
  shared_counts out;
  for (const auto& e : edges) out[{e.u, e.v}] = e.shared;
  return out;
}

TEST(BipartiteProjection, SmallGraph) {
  // Top 0, 1, 2 (and isolated 5); bottom 3, 4. The repeated edge and the self-loop change nothing.
  const std::vector<std::pair<std::uint64_t, std::uint64_t>> edges = {{0, 3}, {3, 1}, {1, 4}, {4, 2},
                                                                      {0, 4}, {0, 3}, {3, 3}};
  const shared_counts top = {{{0, 1}, 2}, {{1, 0}, 2}, {{0, 2}, 1}, {{2, 0}, 1}, {{1, 2}, 1}, {{2, 1}, 1}};
  const shared_counts bottom = {{{3, 4}, 2}, {{4, 3}, 2}};
  EXPECT_EQ(project(6, 3, edges, false, bipartite_side::top), top);
  EXPECT_EQ(project(6, 3, edges, true, bipartite_side::top, "hash"), top);
  EXPECT_EQ(project(6, 3, edges, true, bipartite_side::bottom), bottom);
}

TEST(BipartiteProjection, EdgeInsideASideIsAnError) {
  const std::vector<std::pair<std::uint64_t, std::uint64_t>> edges = {{0, 3}, {1, 3}, {1, 2}};
  EXPECT_THROW((void)project(4, 3, edges, true, bipartite_side::top), error);
}

TEST(BipartiteProjection, RandomGraphMatchesNetworkx) {
  const std::span<const std::pair<std::uint64_t, std::uint64_t>> edges(projection_edges);
  EXPECT_EQ(project(projection_vertices, projection_top, edges, false, bipartite_side::top),
            expected(projection_onto_top));
  EXPECT_EQ(project(projection_vertices, projection_top, edges, true, bipartite_side::bottom, "hash"),
            expected(projection_onto_bottom));
}

}  // namespace
}  // namespace eddy
