// PageRank's promise on communication: per iteration each rank sends one value per (vertex, rank
// that mirrors it), i.e. one double per ghost slot of every other rank, never one per edge.
#include <gtest/gtest.h>

#include "eddy/algorithms/pagerank.hpp"
#include "eddy/graph/graph_loader.hpp"

namespace eddy {
namespace {

distributed_graph kronecker(const communicator& comm, bool directed) {
  load_request request;
  request.path = "gen:kronecker:scale=11";
  request.directed = directed;
  return load_graph(comm, request).graph;
}

void check_traffic(bool directed) {
  communicator comm;
  const auto g = kronecker(comm, directed);
  const std::uint64_t ghosts = comm.all_reduce(static_cast<std::uint64_t>(g.ghost_vertices()), reduce_op::sum);
  algorithms::pagerank_params params;
  params.iterations = 5;
  const auto result = algorithms::pagerank(g, params);
  ASSERT_EQ(result.metrics.supersteps.size(), params.iterations + 1);
  for (std::size_t k = 0; k < params.iterations; ++k) {
    EXPECT_EQ(result.metrics.supersteps[k].bytes, ghosts * sizeof(double)) << "superstep " << k;
  }
  EXPECT_EQ(result.metrics.supersteps.back().bytes, 0U);  // the last iteration sends nothing
  if (comm.size() > 1) {
    EXPECT_GT(ghosts, 0U);
    EXPECT_LT(ghosts, g.global_arcs() / 4);  // far below one message per edge on this graph
  }
}

TEST(PagerankTraffic, OneValuePerMirrorPerIterationUndirected) { check_traffic(false); }
TEST(PagerankTraffic, OneValuePerMirrorPerIterationDirected) { check_traffic(true); }

}  // namespace
}  // namespace eddy
