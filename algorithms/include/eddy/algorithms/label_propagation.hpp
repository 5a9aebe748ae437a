#pragma once
// Label propagation as Flink Gelly's LabelPropagation computes it (a scatter-gather iteration),
// with labels starting as vertex ids. In superstep 1 every vertex sends its label along its
// out-edges; later only the vertices that received labels in the previous superstep send. A
// vertex that received labels takes the most frequent one (a label sent along k parallel edges
// counts k times), ties broken to the larger label; its own current label is a candidate of
// frequency 1, so when every received label occurs once it keeps its label if that is larger.
// Stops after `iterations` supersteps or when no vertex sends. On an undirected graph labels
// travel both ways along every edge. Unlike cdlp (LDBC semantics), only in-neighbours vote, ties
// go to the larger label, and vertices that heard nothing fall silent. Labels are the same bit for
// bit on any number of ranks. Takes no checkpoints.
#include <cstdint>

#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

[[nodiscard]] vertex_result<vertex_id> label_propagation(const distributed_graph& g, std::uint64_t iterations,
                                                         const run_options& options = {});

}  // namespace eddy::algorithms
