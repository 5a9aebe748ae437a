#include "eddy/algorithms/triangle_listing.hpp"

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <chrono>

#include "step_metrics.hpp"
#include "triangles.hpp"

namespace eddy::algorithms {

triangle_list triangle_listing(const distributed_graph& g, const run_options& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t bytes_before = g.comm().bytes_sent();
  const local_id n = g.local_vertices();
  const ghost_sync mirrors(g);
  const auto lists = build_upward_lists(g, mirrors);

  // Two corners of a triangle may be ghosts, whose external ids only their owners know.
  std::vector<vertex_id> ids(std::size_t{n} + g.ghost_vertices());
  for (local_id v = 0; v < n; ++v) ids[v] = g.external_id(v);
  mirrors.sync(std::span<vertex_id>(ids));

  tbb::enumerable_thread_specific<std::vector<triangle>> found;
  for_each_triangle(g, lists, [&](local_id v, local_id u, local_id w, std::uint8_t, std::uint8_t, std::uint8_t) {
    vertex_id corner[3] = {ids[v], ids[u], ids[w]};
    std::sort(corner, corner + 3);
    found.local().push_back({corner[0], corner[1], corner[2]});
  });
  triangle_list result;
  for (const auto& mine : found) result.triangles.insert(result.triangles.end(), mine.begin(), mine.end());
  result.metrics = single_step_metrics(g, start, bytes_before, options);
  return result;
}

}  // namespace eddy::algorithms
