#pragma once
// PageRank (LDBC Graphalytics PR): every vertex starts at 1/N; each iteration
//   PR(v) = (1-d)/N + d * ( sum over in-neighbours u of PR(u)/outdeg(u) + (sum of sink ranks)/N )
// where sinks (out-degree 0) spread their rank evenly over all vertices. Either a fixed number
// of iterations, or (tolerance > 0) until the L1 change of one iteration drops below tolerance.
#include <cstdint>

#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

struct pagerank_params {
  double damping = 0.85;
  std::uint64_t iterations = 20;  // with tolerance > 0: the most iterations to run
  double tolerance = 0.0;
};

[[nodiscard]] vertex_result<double> pagerank(const distributed_graph& g, const pagerank_params& params,
                                             const run_options& options = {});

}  // namespace eddy::algorithms
