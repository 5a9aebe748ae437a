#pragma once
// `eddy stream --verify-every K`: the incremental result against the static algorithm run from
// scratch on a snapshot of the current graph, compared vertex by vertex by id.
#include <cstdint>
#include <span>
#include <string>

#include "eddy/graph/dynamic_graph.hpp"

namespace eddy::cli {

struct verification {
  double error = 0.0;              // PageRank: L1 distance; otherwise vertices whose values differ
  double recompute_seconds = 0.0;  // the from-scratch run (PageRank: to the stream's tolerance)
  bool ok = true;
};

struct verify_request {
  std::string algorithm;
  vertex_id source = 0;
  double damping = 0.85;
  double tolerance = 1e-6;
};

// Collective. `values` are the incremental result, one per owned vertex of g, in slot order.
[[nodiscard]] verification verify_double(const dynamic_graph& g, std::span<const double> values, const verify_request& r);
[[nodiscard]] verification verify_int(const dynamic_graph& g, std::span<const std::int64_t> values, const verify_request& r);
[[nodiscard]] verification verify_id(const dynamic_graph& g, std::span<const vertex_id> values, const verify_request& r);

}  // namespace eddy::cli
