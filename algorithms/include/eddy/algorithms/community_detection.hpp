#pragma once
// Community detection as Flink Gelly's CommunityDetection computes it (Leung et al., "Towards
// real-time community detection in large networks"), with labels starting as vertex ids and
// scores as 1.0. Edges are taken in both directions (Gelly runs on the graph made undirected: on
// a directed graph a two-way pair counts twice); weights are the edge weights, 1.0 when unweighted.
// In superstep t (from 1) each sending vertex u sends (label(u), score(u) * weight) to every
// neighbour; in superstep 1 all vertices send, later those that received messages in superstep
// t-1. A vertex that received messages takes the label L with the largest sum of received
// scores (ties to the smaller label) and as its score the largest single score received with L,
// less delta / t when L is not its current label. Stops after `iterations` supersteps or when no
// vertex sends. Scores are summed in ascending (label, score) order, so labels are the same bit
// for bit on any number of ranks. Takes no checkpoints.
#include <cstdint>

#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

struct community_detection_params {
  std::uint64_t iterations = 20;
  double delta = 0.5;  // hop attenuation
};

[[nodiscard]] vertex_result<vertex_id> community_detection(const distributed_graph& g,
                                                           const community_detection_params& params,
                                                           const run_options& options = {});

}  // namespace eddy::algorithms
