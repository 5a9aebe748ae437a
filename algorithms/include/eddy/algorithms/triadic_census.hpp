#pragma once
// Triadic census (Holland and Leinhardt; nx.triadic_census): how many of the C(N, 3) unordered
// vertex triples form each of the 16 isomorphism classes of directed triads, N being all vertices.
// Self-loops are ignored and parallel arcs count once; on an undirected graph every edge is a
// mutual dyad (so only 003, 102, 201 and 300 occur). Counts are exact (the run fails if
// C(N, 3) exceeds 2^64) and the same on every rank.
#include <array>
#include <cstdint>
#include <string_view>

#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

// The classes in networkx's (and the usual M-A-N) order; census[i] counts triad_names[i].
inline constexpr std::array<std::string_view, 16> triad_names = {
    "003", "012", "102", "021D", "021U", "021C", "111D", "111U",
    "030T", "030C", "201", "120D", "120U", "120C", "210", "300"};

struct triad_census {
  std::array<std::uint64_t, 16> counts{};
  run_metrics metrics;
};

// Collective.
[[nodiscard]] triad_census triadic_census(const distributed_graph& g, const run_options& options = {});

}  // namespace eddy::algorithms
