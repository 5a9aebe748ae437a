#include "eddy/algorithms/triangle_count.hpp"

#include <chrono>

#include "step_metrics.hpp"
#include "triangles.hpp"

namespace eddy::algorithms {

vertex_result<std::uint64_t> triangle_count(const distributed_graph& g, const run_options& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t bytes_before = g.comm().bytes_sent();
  const ghost_sync mirrors(g);
  const auto lists = build_upward_lists(g, mirrors);
  slot_counters corners(std::size_t{g.local_vertices()} + g.ghost_vertices());
  for_each_triangle(g, lists, [&](local_id v, local_id u, local_id w, std::uint8_t, std::uint8_t, std::uint8_t) {
    corners.add(v, 1);
    corners.add(u, 1);
    corners.add(w, 1);
  });
  auto& counts = corners.counts();
  mirrors.add_to_owners(std::span<std::uint64_t>(counts));  // triangles found through ghosts
  counts.resize(g.local_vertices());
  return {std::move(counts), single_step_metrics(g, start, bytes_before, options)};
}

}  // namespace eddy::algorithms
