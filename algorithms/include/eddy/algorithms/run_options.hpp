#pragma once
#include <cstdint>
#include <functional>
#include <limits>

#include "eddy/runtime/metrics.hpp"

namespace eddy::algorithms {

// Settings every algorithm accepts.
struct run_options {
  std::uint64_t max_supersteps = std::numeric_limits<std::uint64_t>::max();
  std::function<void(const superstep_metrics&)> on_superstep;  // progress reporting
};

template <class T>
struct vertex_result {
  std::vector<T> values;  // one per owned vertex, in the graph's local order
  run_metrics metrics;
};

}  // namespace eddy::algorithms
