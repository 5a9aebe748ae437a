#include <gtest/gtest.h>

#include <map>
#include <set>

#include "arc_set.hpp"
#include "eddy/graph/graph_builder.hpp"
#include "eddy/runtime/collective.hpp"

namespace eddy {
namespace {

// A small graph with sparse 64-bit ids, a self-loop and a duplicate; rank r reads every p-th edge.
const std::vector<io::edge_record> all_edges = {
    {10, 20, 1.0}, {20, 30, 2.0}, {30, 10, 3.0}, {10, 20, 0.5}, {40, 40, 1.0},
    {1ULL << 60, 10, 4.0}, {20, (1ULL << 63) + 5, 5.0}, {30, 40, 6.0},
};

std::vector<io::edge_record> my_share(const communicator& comm) {
  std::vector<io::edge_record> mine;
  for (std::size_t i = 0; i < all_edges.size(); ++i) {
    if (static_cast<int>(i % static_cast<std::size_t>(comm.size())) == comm.rank()) mine.push_back(all_edges[i]);
  }
  return mine;
}

using test::arcs_of;

class GraphBuilder : public ::testing::TestWithParam<std::string> {};

TEST_P(GraphBuilder, DirectedGraphKeepsEveryEdgeInBothDirectionsOfStorage) {
  communicator comm;
  graph_options options;
  options.weighted = true;
  const auto g = build_graph(comm, my_share(comm), std::nullopt, options, make_partitioner(GetParam()));
  EXPECT_EQ(g.global_vertices(), 6U);
  EXPECT_EQ(g.global_edges(), all_edges.size());
  std::multiset<std::tuple<vertex_id, vertex_id, double>> expected_out, expected_in;
  for (const auto& e : all_edges) {
    expected_out.insert({e.src, e.dst, e.weight});
    expected_in.insert({e.dst, e.src, e.weight});
  }
  EXPECT_EQ(arcs_of(g, false), expected_out);
  EXPECT_EQ(arcs_of(g, true), expected_in);
  // Id lookups both ways.
  for (local_id v = 0; v < g.local_vertices(); ++v) EXPECT_EQ(g.find_local(g.external_id(v)), v);
  EXPECT_TRUE(g.contains(1ULL << 60));
  EXPECT_FALSE(g.contains(11));
}

TEST_P(GraphBuilder, UndirectedGraphWithDroppingOptions) {
  communicator comm;
  graph_options options;
  options.directed = false;
  options.drop_self_loops = true;
  options.drop_duplicates = true;
  const auto g = build_graph(comm, my_share(comm), std::nullopt, options, make_partitioner(GetParam()));
  EXPECT_EQ(g.global_vertices(), 6U);  // 40 stays: edge 30-40 remains
  EXPECT_EQ(g.global_edges(), 6U);     // 10-20 twice collapses, 40-40 dropped
  std::multiset<std::tuple<vertex_id, vertex_id, double>> expected;
  for (const auto& [a, b] : std::vector<std::pair<vertex_id, vertex_id>>{
           {10, 20}, {20, 30}, {30, 10}, {1ULL << 60, 10}, {20, (1ULL << 63) + 5}, {30, 40}}) {
    expected.insert({a, b, 1.0});
    expected.insert({b, a, 1.0});
  }
  EXPECT_EQ(arcs_of(g, false), expected);
  EXPECT_EQ(arcs_of(g, true), expected);  // in == out when undirected
}

TEST_P(GraphBuilder, DeclaredVerticesIncludeIsolatedOnesAndRejectUndeclared) {
  communicator comm;
  vertex_declarations declared;
  declared.file = "g.v";
  declared.edge_file = "g.e";
  const std::vector<vertex_id> ids = {10, 20, 30, 40, 1ULL << 60, (1ULL << 63) + 5, 99};
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (static_cast<int>(i % static_cast<std::size_t>(comm.size())) == comm.rank()) declared.ids.push_back(ids[i]);
  }
  const auto g = build_graph(comm, my_share(comm), declared, {}, make_partitioner(GetParam()));
  EXPECT_EQ(g.global_vertices(), 7U);
  EXPECT_TRUE(g.contains(99));

  vertex_declarations missing = declared;
  std::erase(missing.ids, vertex_id{30});
  try {
    (void)build_graph(comm, my_share(comm), missing, {}, make_partitioner(GetParam()));
    FAIL() << "undeclared vertex accepted";
  } catch (const collective_error& e) {
    EXPECT_NE(std::string(e.what()).find("g.e"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("30"), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(Partitioners, GraphBuilder, ::testing::Values("chunk", "hash"));

}  // namespace
}  // namespace eddy
