#pragma once
#include <cstdint>
#include <functional>
#include <limits>

#include "eddy/runtime/metrics.hpp"

namespace eddy {
class vertex_checkpoints;
}

namespace eddy::algorithms {

// Settings every algorithm accepts.
struct run_options {
  std::uint64_t max_supersteps = std::numeric_limits<std::uint64_t>::max();
  std::function<void(const superstep_metrics&)> on_superstep;  // progress reporting
  // Checkpoints to take, and to resume from (see eddy/graph/vertex_checkpoints.hpp); the
  // algorithm registers its state there. Not for lcc and tc, which have no supersteps.
  vertex_checkpoints* checkpoints = nullptr;
};

template <class T>
struct vertex_result {
  std::vector<T> values;  // one per owned vertex, in the graph's local order
  run_metrics metrics;
};

}  // namespace eddy::algorithms
