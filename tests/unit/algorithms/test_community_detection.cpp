// Gelly's CommunityDetection against an independent reimplementation (golden/gelly_golden.py) on
// hand-made weighted graphs and a random weighted graph, plus one run derived by hand.
#include <gtest/gtest.h>

#include <cstdint>
#include <span>
#include <vector>

#include "graph_fixtures.hpp"
#include "eddy/algorithms/community_detection.hpp"

namespace eddy {
namespace {

#include "golden/community_detection_cases.inc"

std::vector<vertex_id> labels(const distributed_graph& g, std::uint64_t iterations, double delta) {
  algorithms::community_detection_params params;
  params.iterations = iterations;
  params.delta = delta;
  return test::by_vertex_id(g, algorithms::community_detection(g, params).values);
}

void expect_golden(std::uint64_t vertices, std::span<const test::weighted_edge> edges, std::uint64_t iterations,
                   double delta, std::span<const std::uint64_t> golden) {
  const communicator comm;
  const std::vector<vertex_id> want(golden.begin(), golden.end());
  for (const char* partition : {"chunk", "hash"}) {
    const auto g = test::edge_list_graph(comm, vertices, edges, false, true, partition);
    EXPECT_EQ(labels(g, iterations, delta), want) << partition;
  }
}

// Undirected 0 - 1 - 2 with weights 1 and 3. Superstep 1: 0 hears (1, 1.0) and takes label 1 at
// score 1 - 0.5; 1 hears (0, 1.0) and (2, 3.0) and takes 2 at 3 - 0.5; 2 hears (1, 3.0) and takes
// 1 at 3 - 0.5. Superstep 2: 0 hears (2, 2.5) and takes 2; 1 hears (1, 0.5) and (1, 7.5), keeping
// nothing of its own: it takes 1 at 7.5 - 0.25; 2 hears (2, 7.5) and takes 2.
TEST(CommunityDetection, TwoSuperstepsByHand) {
  const communicator comm;
  const test::weighted_edge edges[] = {{0, 1, 1.0}, {1, 2, 3.0}};
  const auto g = test::edge_list_graph(comm, 3, edges, false, true);
  EXPECT_EQ(labels(g, 1, 0.5), (std::vector<vertex_id>{1, 2, 1}));
  EXPECT_EQ(labels(g, 2, 0.5), (std::vector<vertex_id>{2, 1, 2}));
}

TEST(CommunityDetection, TrianglesJoinedByALightBridge) {
  expect_golden(cd_triangles_vertices, cd_triangles_edges, cd_triangles_iterations, cd_triangles_delta,
                cd_triangles_labels);
}

TEST(CommunityDetection, Path) {
  expect_golden(cd_path_vertices, cd_path_edges, cd_path_iterations, cd_path_delta, cd_path_labels);
  expect_golden(cd_path_short_vertices, cd_path_short_edges, cd_path_short_iterations, cd_path_short_delta,
                cd_path_short_labels);
}

TEST(CommunityDetection, MatchesGellyReimplementationOnRandomGraph) {
  expect_golden(cd_random_vertices, cd_random_edges, cd_random_iterations, cd_random_delta, cd_random_labels);
}

}  // namespace
}  // namespace eddy
