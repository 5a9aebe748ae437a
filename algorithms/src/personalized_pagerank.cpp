#include "eddy/algorithms/personalized_pagerank.hpp"

#include "pagerank_step.hpp"
#include "source_check.hpp"

namespace eddy::algorithms {

vertex_result<double> personalized_pagerank(const distributed_graph& g, vertex_id source,
                                            const pagerank_params& params, const run_options& options) {
  require_source(g, source);
  return detail::run_pagerank(g, params, options, detail::single_teleport{g.find_local(source)},
                              "personalized_pagerank");
}

}  // namespace eddy::algorithms
