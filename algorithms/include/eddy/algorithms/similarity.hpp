#pragma once
// Neighbourhood similarity of vertex pairs (Gelly's JaccardIndex and AdamicAdar, with mirrored
// results). N(v) is v's neighbourhood in the simple undirected graph: direction ignored,
// self-loops dropped, parallel edges once. Scored are the ordered pairs (u, v), u != v, that share
// at least one neighbour; each unordered pair is reported twice, once from each end.
//   jaccard(u, v)     = |N(u) ∩ N(v)| / |N(u) ∪ N(v)|
//   adamic_adar(u, v) = Σ_{w ∈ N(u) ∩ N(v)} 1 / ln |N(w)|   (natural log; |N(w)| >= 2 here)
// Pairs scoring below params.min_score are dropped; then, with params.top_k > 0, each u keeps
// only its top_k partners by descending score, ties to the smaller external id of v. A rank
// returns the pairs whose u it owns, in no particular order; shared neighbours are summed in
// ascending external id, so scores do not depend on the number of ranks.
#include <cstdint>
#include <vector>

#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

struct similarity_params {
  double min_score = 0.0;
  std::uint64_t top_k = 0;  // 0: every pair that passes min_score
};

struct similarity_pair {
  vertex_id u;
  vertex_id v;
  double score;
};

struct similarity_result {
  std::vector<similarity_pair> pairs;
  run_metrics metrics;
};

// Collective.
[[nodiscard]] similarity_result jaccard(const distributed_graph& g, const similarity_params& params = {},
                                        const run_options& options = {});
// Collective.
[[nodiscard]] similarity_result adamic_adar(const distributed_graph& g, const similarity_params& params = {},
                                            const run_options& options = {});

}  // namespace eddy::algorithms
