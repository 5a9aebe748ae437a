// Gelly's LabelPropagation against hand-derived runs and against an independent reimplementation
// (golden/gelly_golden.py) on a random directed graph.
#include <gtest/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "graph_fixtures.hpp"
#include "eddy/algorithms/cdlp.hpp"
#include "eddy/algorithms/label_propagation.hpp"

namespace eddy {
namespace {

using edge = std::pair<std::uint64_t, std::uint64_t>;
#include "golden/random_digraph.inc"
#include "golden/label_propagation_cases.inc"

std::vector<vertex_id> labels(const distributed_graph& g, std::uint64_t iterations) {
  return test::by_vertex_id(g, algorithms::label_propagation(g, iterations).values);
}

// Superstep 1: 0 hears {1, 2, 3, 4}, all once, and takes the largest, 4; 1 and 2 hear 5; 9 hears
// {1, 2} and keeps its own, larger, label. Superstep 2: only 0, 1, 2 and 9 send (they heard
// something); 0 hears {5, 5} from 1 and 2 (3 and 4 are silent) and 9 hears {5, 5}. Superstep 3:
// only 0 and 9 send, and they have no out-edges: the run is over.
const edge workset_edges[] = {{5, 1}, {5, 2}, {1, 0}, {2, 0}, {3, 0}, {4, 0}, {1, 9}, {2, 9}};

TEST(LabelPropagation, OneSuperstep) {
  const communicator comm;
  const auto g = test::edge_list_graph(comm, 10, workset_edges, true);
  const std::vector<vertex_id> want = {4, 5, 5, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_EQ(labels(g, 1), want);
}

TEST(LabelPropagation, OnlyVerticesThatHeardSend) {
  const communicator comm;
  for (const char* partition : {"chunk", "hash"}) {
    const auto g = test::edge_list_graph(comm, 10, workset_edges, true, partition);
    const auto result = algorithms::label_propagation(g, 50);
    const std::vector<vertex_id> want = {5, 5, 5, 3, 4, 5, 6, 7, 8, 5};
    EXPECT_EQ(test::by_vertex_id(g, result.values), want) << partition;
    EXPECT_EQ(result.metrics.supersteps.size(), 4U) << partition;  // initialisation and three supersteps
  }
}

// Undirected path 0 - 1 - 2: superstep 1 gives (1, 2, 2); superstep 2 gives (2, 2, 2).
TEST(LabelPropagation, UndirectedEdgesCarryLabelsBothWays) {
  const communicator comm;
  const edge edges[] = {{0, 1}, {1, 2}};
  const auto g = test::edge_list_graph(comm, 3, edges, false);
  EXPECT_EQ(labels(g, 1), (std::vector<vertex_id>{1, 2, 2}));
  EXPECT_EQ(labels(g, 2), (std::vector<vertex_id>{2, 2, 2}));
}

TEST(LabelPropagation, MatchesGellyReimplementationOnRandomDigraph) {
  const communicator comm;
  const std::vector<vertex_id> want(std::begin(random_lp_labels), std::end(random_lp_labels));
  for (const char* partition : {"chunk", "hash"}) {
    const auto g = test::edge_list_graph(comm, random_digraph_vertices, random_digraph_edges, true, partition);
    EXPECT_EQ(labels(g, random_lp_iterations), want) << partition;
    EXPECT_NE(test::by_vertex_id(g, algorithms::cdlp(g, random_lp_iterations).values), want);
  }
}

}  // namespace
}  // namespace eddy
