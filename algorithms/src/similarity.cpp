#include "eddy/algorithms/similarity.hpp"

#include <cmath>

#include "two_hop.hpp"

namespace eddy::algorithms {
namespace {

constexpr auto every_vertex = [](local_id) { return true; };

}  // namespace

similarity_result jaccard(const distributed_graph& g, const similarity_params& params, const run_options& options) {
  return two_hop::similar_pairs(
      g, params, options, every_vertex, [](std::uint64_t) { return 1.0; },
      [](std::uint64_t shared, double, std::uint64_t du, std::uint64_t dv) {
        return static_cast<double>(shared) / static_cast<double>(du + dv - shared);
      });
}

similarity_result adamic_adar(const distributed_graph& g, const similarity_params& params,
                              const run_options& options) {
  return two_hop::similar_pairs(
      g, params, options, every_vertex, [](std::uint64_t dw) { return 1.0 / std::log(static_cast<double>(dw)); },
      [](std::uint64_t, double sum, std::uint64_t, std::uint64_t) { return sum; });
}

}  // namespace eddy::algorithms
