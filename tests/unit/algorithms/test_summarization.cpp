// Graph summarization against hand-computed summaries and a Gelly-definition reimplementation
// (golden data) on a random weighted multigraph, directed and undirected.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "eddy/algorithms/summarization.hpp"
#include "eddy/runtime/error.hpp"
#include "graph_fixtures.hpp"

namespace eddy {
namespace {

using algorithms::summary_edge;
using algorithms::summary_vertex;

#include "golden/summarization_random.inc"

struct summary {
  std::vector<summary_vertex> vertices;
  std::vector<summary_edge> edges;
};

// Collective: the summary of vertices 0..vertices-1 with value values[id], gathered from every
// rank after checking that each rank returned only the groups it is home to.
summary summarize(std::uint64_t vertices, std::span<const test::weighted_edge> edges,
                  std::span<const std::uint64_t> values, bool directed, const std::string& partition = "chunk") {
  const communicator comm;
  const auto g = test::edge_list_graph(comm, vertices, edges, directed, true, partition);
  std::vector<std::uint64_t> mine;
  for (local_id v = 0; v < g.local_vertices(); ++v) mine.push_back(values[g.external_id(v)]);
  const auto result = algorithms::summarization(g, mine);
  const auto p = static_cast<std::uint64_t>(comm.size());
  const auto me = static_cast<std::uint64_t>(comm.rank());
  for (const auto& v : result.vertices) EXPECT_EQ(v.value % p, me) << "vertex group " << v.value;
  for (const auto& e : result.edges) EXPECT_EQ(e.source % p, me) << "edge group " << e.source << " " << e.target;
  summary all{comm.all_gather_v(std::span<const summary_vertex>(result.vertices)),
              comm.all_gather_v(std::span<const summary_edge>(result.edges))};
  std::sort(all.vertices.begin(), all.vertices.end(), [](const auto& a, const auto& b) { return a.value < b.value; });
  const auto key = [](const summary_edge& e) { return std::tuple(e.source, e.target, e.value); };
  std::sort(all.edges.begin(), all.edges.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  return all;
}

void expect_summary(const summary& got, std::span<const summary_vertex> vertices, std::span<const summary_edge> edges,
                    const std::string& what) {
  ASSERT_EQ(got.vertices.size(), vertices.size()) << what;
  for (std::size_t i = 0; i < vertices.size(); ++i) {
    EXPECT_EQ(got.vertices[i].value, vertices[i].value) << what << " vertex " << i;
    EXPECT_EQ(got.vertices[i].representative, vertices[i].representative) << what << " vertex " << i;
    EXPECT_EQ(got.vertices[i].size, vertices[i].size) << what << " vertex " << i;
  }
  ASSERT_EQ(got.edges.size(), edges.size()) << what;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const auto& e = got.edges[i];
    EXPECT_EQ(std::tuple(e.source, e.target, e.value, e.count),
              std::tuple(edges[i].source, edges[i].target, edges[i].value, edges[i].count))
        << what << " edge " << i;
  }
}

TEST(Summarization, PathOfTwoGroups) {
  const std::vector<test::weighted_edge> path = {{0, 1}, {1, 2}, {2, 3}, {3, 3, 2.0}};
  const std::vector<std::uint64_t> values = {5, 5, 7, 7, 9};  // 4 is isolated, alone in its group
  const std::vector<summary_vertex> groups = {{5, 0, 2}, {7, 2, 2}, {9, 4, 1}};
  expect_summary(summarize(5, path, values, true), groups,
                 std::vector<summary_edge>{{0, 0, 1.0, 1}, {0, 2, 1.0, 1}, {2, 2, 1.0, 1}, {2, 2, 2.0, 1}}, "directed");
  // Undirected: each edge both ways, the self-loop once.
  expect_summary(summarize(5, path, values, false, "hash"), groups,
                 std::vector<summary_edge>{
                     {0, 0, 1.0, 2}, {0, 2, 1.0, 1}, {2, 0, 1.0, 1}, {2, 2, 1.0, 2}, {2, 2, 2.0, 1}},
                 "undirected");
}

TEST(Summarization, ValuesMustCoverTheVertices) {
  const communicator comm;
  const auto g = test::edge_list_graph(comm, 4, std::vector<test::weighted_edge>{{0, 1}, {2, 3}}, true);
  const std::vector<std::uint64_t> short_by_one(g.local_vertices() + (comm.rank() == 0 ? 1 : 0), 0);
  EXPECT_THROW((void)algorithms::summarization(g, short_by_one), error);
}

TEST(Summarization, RandomMultigraphMatchesGellyDefinition) {
  const std::span<const test::weighted_edge> edges(summarization_edges);
  expect_summary(summarize(summarization_vertices, edges, summarization_values, true),
                 summarization_directed_vertices, summarization_directed_edges, "directed");
  expect_summary(summarize(summarization_vertices, edges, summarization_values, false, "hash"),
                 summarization_undirected_vertices, summarization_undirected_edges, "undirected");
}

}  // namespace
}  // namespace eddy
