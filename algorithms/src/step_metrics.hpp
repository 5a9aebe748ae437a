#pragma once
// Metrics for algorithms that are one bulk step rather than a superstep loop (triangle counting,
// clustering coefficient): the whole run is reported as superstep 0 over every vertex.
#include <chrono>

#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

// Collective.
inline run_metrics single_step_metrics(const distributed_graph& g, std::chrono::steady_clock::time_point start,
                                       std::uint64_t bytes_before, const run_options& options) {
  run_metrics metrics;
  metrics.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics.bytes_sent = g.comm().all_reduce(g.comm().bytes_sent() - bytes_before, reduce_op::sum);
  superstep_metrics step{0, 0, 0, metrics.bytes_sent, metrics.seconds};
  step.active = g.global_vertices();
  metrics.supersteps.push_back(step);
  if (options.on_superstep) options.on_superstep(step);
  return metrics;
}

}  // namespace eddy::algorithms
