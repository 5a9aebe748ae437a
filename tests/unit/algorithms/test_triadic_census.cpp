// The triadic census against one three-vertex graph per triad class, small undirected graphs and
// nx.triadic_census on a random directed graph.
#include <gtest/gtest.h>

#include <algorithm>

#include "eddy/algorithms/triadic_census.hpp"
#include "golden/graph_measures.inc"
#include "graph_fixtures.hpp"

namespace eddy {
namespace {

using census = std::array<std::uint64_t, 16>;

census count(const std::vector<io::edge_record>& edges, bool directed, const std::string& partition = "chunk") {
  const communicator comm;
  const auto g = test::build(comm, edges, directed, partition);
  return algorithms::triadic_census(g).counts;
}

census only(std::string_view name, std::uint64_t k = 1) {
  census c{};
  const auto at = std::find(algorithms::triad_names.begin(), algorithms::triad_names.end(), name);
  c[static_cast<std::size_t>(at - algorithms::triad_names.begin())] = k;
  return c;
}

struct single_triad {
  std::string_view name;
  std::vector<std::pair<vertex_id, vertex_id>> arcs;  // on vertices 1, 2, 3
};

TEST(TriadicCensus, EachClassOnThreeVertices) {
  const std::vector<single_triad> cases = {
      {"003", {}},
      {"012", {{1, 2}}},
      {"102", {{1, 2}, {2, 1}}},
      {"021D", {{2, 1}, {2, 3}}},
      {"021U", {{1, 2}, {3, 2}}},
      {"021C", {{1, 2}, {2, 3}}},
      {"111D", {{1, 2}, {2, 1}, {3, 2}}},
      {"111U", {{1, 2}, {2, 1}, {2, 3}}},
      {"030T", {{1, 2}, {2, 3}, {1, 3}}},
      {"030C", {{1, 2}, {2, 3}, {3, 1}}},
      {"201", {{1, 2}, {2, 1}, {2, 3}, {3, 2}}},
      {"120D", {{2, 1}, {2, 3}, {1, 3}, {3, 1}}},
      {"120U", {{1, 2}, {3, 2}, {1, 3}, {3, 1}}},
      {"120C", {{1, 2}, {2, 3}, {1, 3}, {3, 1}}},
      {"210", {{1, 2}, {2, 3}, {3, 2}, {1, 3}, {3, 1}}},
      {"300", {{1, 2}, {2, 1}, {2, 3}, {3, 2}, {1, 3}, {3, 1}}},
  };
  for (const auto& c : cases) {
    // Self-loops put every vertex in the graph and must not count; so must a repeated arc.
    auto edges = test::edges({{1, 1}, {2, 2}, {3, 3}});
    for (const auto& [a, b] : c.arcs) edges.push_back({a, b, 1.0});
    if (!c.arcs.empty()) edges.push_back({c.arcs.front().first, c.arcs.front().second, 1.0});
    EXPECT_EQ(count(edges, true), only(c.name)) << c.name;
  }
}

TEST(TriadicCensus, UndirectedEdgesAreMutual) {
  EXPECT_EQ(count(test::clique(1, 4), false), only("300", 4));
  census star = only("201", 3);  // the centre and two leaves
  star[0] = 1;                   // three leaves
  EXPECT_EQ(count(test::edges({{0, 1}, {0, 2}, {0, 3}}), false, "hash"), star);
}

TEST(TriadicCensus, RandomDirectedMatchesNetworkx) {
  EXPECT_EQ(count(golden::directed_edges, true), golden::directed_census);
  EXPECT_EQ(count(golden::directed_edges, true, "hash"), golden::directed_census);
}

}  // namespace
}  // namespace eddy
