#pragma once
// HITS hubs and authorities as Flink Gelly's HITS computes them. Authorities start as in-degrees;
// each iteration computes
//   hub(v)       = sum over out-neighbours w of authority(w)
//   authority(v) = sum over in-neighbours u of hub(u)        (the hubs of this iteration)
// and divides each score by its Euclidean (L2) norm over all vertices. The run stops after
// `iterations` iterations or (tolerance > 0), from the second iteration on, when the L1 change of
// hubs plus authorities in one iteration is at most `tolerance`. Vertices without edges score 0.
// Multiplying each score vector by 1/its sum gives networkx's hits(). Sums over neighbours and over
// ranks are taken in an order that depends on the partitioning, so results agree across rank
// counts to within rounding (about 1e-15 relative), not bit for bit. Takes no checkpoints.
#include <cstdint>

#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

struct hits_params {
  std::uint64_t iterations = 20;  // with tolerance > 0: the most iterations to run
  double tolerance = 0.0;
};

struct hits_scores {
  double hub = 0.0;
  double authority = 0.0;
};

[[nodiscard]] vertex_result<hits_scores> hits(const distributed_graph& g, const hits_params& params,
                                              const run_options& options = {});

}  // namespace eddy::algorithms
