#include "eddy/algorithms/clustering.hpp"

#include <bit>
#include <chrono>

#include "simple_neighbours.hpp"
#include "step_metrics.hpp"
#include "triangles.hpp"

namespace eddy::algorithms {
namespace {

// Per owned vertex, the coefficient as an exact fraction: triangle credit over the possible
// count, so that the local, average and global forms share one triangle enumeration.
struct corner_counts {
  std::vector<std::uint64_t> credit;
  std::vector<std::uint64_t> possible;
};

// Collective.
corner_counts count_corners(const distributed_graph& g, clustering_variant variant) {
  const local_id n = g.local_vertices();
  const ghost_sync mirrors(g);
  const auto lists = build_upward_lists(g, mirrors);
  const bool directed = variant == clustering_variant::directed;

  slot_counters credit(std::size_t{n} + g.ghost_vertices());
  for_each_triangle(g, lists,
                    [&](local_id v, local_id u, local_id w, std::uint8_t vu, std::uint8_t vw, std::uint8_t uw) {
                      const auto arcs = std::popcount(vu) * std::popcount(vw) * std::popcount(uw);
                      const std::uint64_t k = directed ? static_cast<std::uint64_t>(arcs) : 1;
                      credit.add(v, k);
                      credit.add(u, k);
                      credit.add(w, k);
                    });
  mirrors.add_to_owners(std::span<std::uint64_t>(credit.counts()));  // credits earned by ghosts

  corner_counts out{std::move(credit.counts()), std::vector<std::uint64_t>(n, 0)};
  out.credit.resize(n);
  tbb::parallel_for(local_id{0}, n, [&](local_id v) {
    if (!directed) {
      const std::uint64_t d = lists.degree[v];
      out.possible[v] = d < 2 ? 0 : d * (d - 1) / 2;
      return;
    }
    std::uint64_t total = 0;
    std::uint64_t both_ways = 0;
    for_each_simple_neighbour(g, v, [&](local_id, std::uint8_t bits) {
      total += static_cast<std::uint64_t>(std::popcount(bits));
      both_ways += bits == 3 ? 1 : 0;
    });
    out.possible[v] = total < 2 ? 0 : total * (total - 1) - 2 * both_ways;
  });
  return out;
}

std::vector<double> coefficients(const corner_counts& c) {
  std::vector<double> values(c.credit.size(), 0.0);
  for (std::size_t v = 0; v < values.size(); ++v) {
    if (c.credit[v] != 0) values[v] = static_cast<double>(c.credit[v]) / static_cast<double>(c.possible[v]);
  }
  return values;
}

}  // namespace

vertex_result<double> clustering(const distributed_graph& g, clustering_variant variant, const run_options& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t bytes_before = g.comm().bytes_sent();
  auto values = coefficients(count_corners(g, variant));
  return {std::move(values), single_step_metrics(g, start, bytes_before, options)};
}

double average_clustering(const distributed_graph& g, clustering_variant variant) {
  double sum = 0.0;
  for (const double c : coefficients(count_corners(g, variant))) sum += c;
  sum = g.comm().all_reduce(sum, reduce_op::sum);
  return g.global_vertices() == 0 ? 0.0 : sum / static_cast<double>(g.global_vertices());
}

double global_clustering(const distributed_graph& g) {
  const auto c = count_corners(g, clustering_variant::undirected);
  std::uint64_t sums[2] = {0, 0};  // corners of triangles, connected triples
  for (std::size_t v = 0; v < c.credit.size(); ++v) {
    sums[0] += c.credit[v];
    sums[1] += c.possible[v];
  }
  g.comm().all_reduce_in_place(std::span<std::uint64_t>(sums), reduce_op::sum);
  return sums[1] == 0 ? 0.0 : static_cast<double>(sums[0]) / static_cast<double>(sums[1]);
}

}  // namespace eddy::algorithms
