#pragma once
// Betweenness centrality (Brandes), exact from a set of sources, unweighted shortest paths along
// stored edges (both directions when undirected); self-loops and parallel edges do not add paths.
//   b(v) = scale * Σ_{s ∈ S, s ≠ v} Σ_{t ≠ s, t ≠ v} σ_st(v) / σ_st
// where σ_st counts shortest s-t paths and σ_st(v) those through v. S is the `samples` vertices
// with the smallest key(id) = mix(seed ^ mix(id)), ties to the smaller id, where mix is the
// splitmix64 finaliser (z += 0x9e3779b97f4a7c15; z = (z ^ z >> 30) * 0xbf58476d1ce4e5b9;
// z = (z ^ z >> 27) * 0x94d049bb133111eb; z ^ z >> 31); with samples >= |V| every vertex is a
// source. scale = h * |V| / |S|, h = 1/2 on undirected graphs (each pair counted once) and 1 on
// directed ones: with every vertex a source this is networkx's betweenness_centrality(G,
// normalized=False), and in general networkx's betweenness_centrality_subset(G, S, V,
// normalized=False) times |V| / |S|, the k-sample estimator (networkx 2.x applies |V|/k only to
// undirected graphs; the estimator is the same for both).
// Path counts are doubles holding integers, exact (whatever order they are added in) below 2^53
// paths. Dependencies are summed per vertex over its successors in ascending external id, and
// sources are added in the order of their keys, so values do not depend on the number of ranks.
// Cost per source: one BFS plus, per BFS level, one synchronisation of every mirrored vertex.
#include <cstdint>
#include <limits>

#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

struct betweenness_params {
  std::uint64_t samples = std::numeric_limits<std::uint64_t>::max();  // default: every vertex (exact)
  std::uint64_t seed = 0;
};

// The key that ranks vertices as sources (see above).
[[nodiscard]] std::uint64_t betweenness_source_key(std::uint64_t seed, vertex_id id) noexcept;

// Collective; throws usage_error when samples is 0.
[[nodiscard]] vertex_result<double> betweenness(const distributed_graph& g, const betweenness_params& params = {},
                                                const run_options& options = {});

}  // namespace eddy::algorithms
