// Core numbers against graphs whose cores are known by construction and networkx's core_number
// on random graphs.
#include <gtest/gtest.h>

#include "eddy/algorithms/kcore.hpp"
#include "golden/graph_measures.inc"
#include "graph_fixtures.hpp"

namespace eddy {
namespace {

std::map<vertex_id, std::uint64_t> cores(const std::vector<io::edge_record>& edges, bool directed,
                                         const std::string& partition = "chunk") {
  const communicator comm;
  const auto g = test::build(comm, edges, directed, partition);
  return test::by_id(g, algorithms::kcore(g).values);
}

void expect_all(const std::map<vertex_id, std::uint64_t>& got, std::uint64_t k) {
  for (const auto& [v, c] : got) EXPECT_EQ(c, k) << "vertex " << v;
}

TEST(Kcore, CompleteGraph) { expect_all(cores(test::clique(1, 6), false), 5); }
TEST(Kcore, Star) { expect_all(cores(test::edges({{0, 1}, {0, 2}, {0, 3}, {0, 4}}), false), 1); }
TEST(Kcore, Path) { expect_all(cores(test::edges({{1, 2}, {2, 3}, {3, 4}, {4, 5}}), false, "hash"), 1); }

TEST(Kcore, TriangleWithPendantDirectedWithRepeatsAndSelfLoops) {
  // Direction ignored; 1->2 and 2->1 are one edge; self-loops do not count.
  const auto got = cores(test::edges({{1, 2}, {2, 1}, {2, 3}, {3, 1}, {3, 4}, {4, 4}, {1, 1}, {5, 5}}), true);
  EXPECT_EQ(got.at(1), 2U);
  EXPECT_EQ(got.at(2), 2U);
  EXPECT_EQ(got.at(3), 2U);
  EXPECT_EQ(got.at(4), 1U);
  EXPECT_EQ(got.at(5), 0U);  // only a self-loop
}

TEST(Kcore, TwoCliquesSharingAVertexAndATail) {
  auto edges = test::clique(1, 5);  // 1..5
  const auto second = test::clique(5, 4);  // 5..8
  edges.insert(edges.end(), second.begin(), second.end());
  edges.push_back({8, 9, 1.0});
  edges.push_back({9, 10, 1.0});
  const auto got = cores(edges, false, "hash");
  for (vertex_id v = 1; v <= 5; ++v) EXPECT_EQ(got.at(v), 4U) << v;
  for (vertex_id v = 6; v <= 8; ++v) EXPECT_EQ(got.at(v), 3U) << v;
  EXPECT_EQ(got.at(9), 1U);
  EXPECT_EQ(got.at(10), 1U);
}

void expect_golden(const std::vector<io::edge_record>& edges, bool directed,
                   const std::vector<golden::vertex_measures>& want) {
  for (const std::string partition : {"chunk", "hash"}) {
    const auto got = cores(edges, directed, partition);
    ASSERT_EQ(got.size(), want.size());
    for (const auto& w : want) EXPECT_EQ(got.at(w.id), w.core) << "vertex " << w.id << ", " << partition;
  }
}

TEST(Kcore, RandomUndirectedMatchesNetworkx) {
  expect_golden(golden::undirected_edges, false, golden::undirected_vertices);
}
TEST(Kcore, RandomDirectedMatchesNetworkx) { expect_golden(golden::directed_edges, true, golden::directed_vertices); }

}  // namespace
}  // namespace eddy
