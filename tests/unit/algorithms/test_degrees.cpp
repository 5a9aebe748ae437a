// Vertex degrees against hand-counted graphs and networkx's counts on random multigraphs.
#include <gtest/gtest.h>

#include "eddy/algorithms/degrees.hpp"
#include "golden/graph_measures.inc"
#include "graph_fixtures.hpp"

namespace eddy {
namespace {

using algorithms::vertex_degrees;

std::map<vertex_id, vertex_degrees> degrees_of(const std::vector<io::edge_record>& edges, bool directed,
                                               const std::string& partition = "chunk") {
  const communicator comm;
  const auto g = test::build(comm, edges, directed, partition);
  return test::by_id(g, algorithms::degrees(g).values);
}

TEST(Degrees, DirectedCountsArcsWithRepeatsAndSelfLoops) {
  // 1->2 twice, 2->1, 2->3, 3->3 (self-loop), 4->1.
  const auto d = degrees_of(test::edges({{1, 2}, {1, 2}, {2, 1}, {2, 3}, {3, 3}, {4, 1}}), true);
  EXPECT_EQ(d.at(1), (vertex_degrees{2, 2, 4}));
  EXPECT_EQ(d.at(2), (vertex_degrees{2, 2, 4}));
  EXPECT_EQ(d.at(3), (vertex_degrees{2, 1, 3}));
  EXPECT_EQ(d.at(4), (vertex_degrees{0, 1, 1}));
}

TEST(Degrees, UndirectedStarAndSelfLoop) {
  const auto d = degrees_of(test::edges({{0, 1}, {0, 2}, {0, 3}, {0, 4}, {4, 4}}), false, "hash");
  EXPECT_EQ(d.at(0), (vertex_degrees{4, 4, 4}));
  EXPECT_EQ(d.at(1), (vertex_degrees{1, 1, 1}));
  EXPECT_EQ(d.at(4), (vertex_degrees{2, 2, 2}));  // the edge to 0 and the self-loop once
}

void expect_golden(const std::vector<io::edge_record>& edges, bool directed,
                   const std::vector<golden::vertex_measures>& want) {
  for (const std::string partition : {"chunk", "hash"}) {
    const auto got = degrees_of(edges, directed, partition);
    ASSERT_EQ(got.size(), want.size());
    for (const auto& w : want) {
      const vertex_degrees expected{w.in_degree, w.out_degree, directed ? w.in_degree + w.out_degree : w.out_degree};
      EXPECT_EQ(got.at(w.id), expected) << "vertex " << w.id << ", " << partition;
    }
  }
}

TEST(Degrees, RandomDirectedMatchesGolden) { expect_golden(golden::directed_edges, true, golden::directed_vertices); }
TEST(Degrees, RandomUndirectedMatchesGolden) {
  expect_golden(golden::undirected_edges, false, golden::undirected_vertices);
}

}  // namespace
}  // namespace eddy
