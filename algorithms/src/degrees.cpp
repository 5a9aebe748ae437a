#include "eddy/algorithms/degrees.hpp"

#include <tbb/parallel_for.h>

#include <chrono>

#include "step_metrics.hpp"

namespace eddy::algorithms {

vertex_result<vertex_degrees> degrees(const distributed_graph& g, const run_options& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t bytes_before = g.comm().bytes_sent();
  std::vector<vertex_degrees> values(g.local_vertices());
  // Every arc is stored at both ends (CSR at its source, CSC at its target), so no messages.
  tbb::parallel_for(local_id{0}, g.local_vertices(), [&](local_id v) {
    const std::uint64_t out = g.out_degree(v);
    const std::uint64_t in = g.in_degree(v);
    values[v] = g.directed() ? vertex_degrees{in, out, in + out} : vertex_degrees{out, out, out};
  });
  return {std::move(values), single_step_metrics(g, start, bytes_before, options)};
}

}  // namespace eddy::algorithms
