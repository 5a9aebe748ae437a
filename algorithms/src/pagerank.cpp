#include "eddy/algorithms/pagerank.hpp"

#include "pagerank_step.hpp"

namespace eddy::algorithms {

vertex_result<double> pagerank(const distributed_graph& g, const pagerank_params& params, const run_options& options) {
  return detail::run_pagerank(g, params, options, detail::even_teleport{static_cast<double>(g.global_vertices())},
                              "pagerank");
}

}  // namespace eddy::algorithms
