#pragma once
// Personalized PageRank from one source s: every vertex starts at 1/N; each iteration
//   PR(v) = [v = s] * ( (1-d) + d * (sum of sink ranks) ) + d * sum over in-neighbours u of PR(u)/outdeg(u)
// i.e. the random surfer restarts at s with probability 1-d, and sinks (out-degree 0) hand all
// their rank to s. The fixed point is networkx's
//   pagerank(G, alpha=d, personalization={s: 1}, dangling={s: 1}).
// Iterations and tolerance as for pagerank (eddy/algorithms/pagerank.hpp), whose machinery this
// shares; ranks sum to 1.
#include "eddy/algorithms/pagerank.hpp"
#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

// Collective; throws input_error when the source is not in the graph.
[[nodiscard]] vertex_result<double> personalized_pagerank(const distributed_graph& g, vertex_id source,
                                                          const pagerank_params& params,
                                                          const run_options& options = {});

}  // namespace eddy::algorithms
