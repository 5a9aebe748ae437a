#include "eddy/algorithms/lcc.hpp"

#include <bit>
#include <chrono>

#include "step_metrics.hpp"
#include "triangles.hpp"

namespace eddy::algorithms {

vertex_result<double> lcc(const distributed_graph& g, const run_options& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t bytes_before = g.comm().bytes_sent();
  const local_id n = g.local_vertices();
  const ghost_sync mirrors(g);
  const auto lists = build_upward_lists(g, mirrors);

  // Each corner of a triangle is credited with the arcs between the other two.
  slot_counters credit(std::size_t{n} + g.ghost_vertices());
  for_each_triangle(g, lists,
                    [&](local_id v, local_id u, local_id w, std::uint8_t vu, std::uint8_t vw, std::uint8_t uw) {
                      credit.add(v, static_cast<std::uint64_t>(std::popcount(uw)));
                      credit.add(u, static_cast<std::uint64_t>(std::popcount(vw)));
                      credit.add(w, static_cast<std::uint64_t>(std::popcount(vu)));
                    });
  mirrors.add_to_owners(std::span<std::uint64_t>(credit.counts()));  // credits earned by ghosts

  std::vector<double> values(n, 0.0);
  for (local_id v = 0; v < n; ++v) {
    const auto d = static_cast<double>(lists.degree[v]);
    if (lists.degree[v] >= 2) values[v] = static_cast<double>(credit.counts()[v]) / (d * (d - 1.0));
  }
  return {std::move(values), single_step_metrics(g, start, bytes_before, options)};
}

}  // namespace eddy::algorithms
