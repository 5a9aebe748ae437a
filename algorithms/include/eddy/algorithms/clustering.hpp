#pragma once
// Clustering coefficients, as networkx computes them. Self-loops are ignored and parallel edges
// count once throughout; T(v) is the number of triangles of the simple undirected graph at v.
//
// clustering_variant::undirected — direction ignored (nx.clustering on the undirected simple
// graph): with d(v) the number of distinct neighbours, C(v) = 2 T(v) / (d (d - 1)), 0 if d < 2.
//
// clustering_variant::directed — Fagiolo's directed clustering (nx.clustering on a DiGraph):
// with A the adjacency matrix without self-loops, d_tot(v) = in- plus out-neighbours,
// d_bi(v) = neighbours linked both ways, C(v) = (A + Aᵀ)³_vv / (2 (d_tot (d_tot - 1) - 2 d_bi)),
// 0 when v is in no triangle. Each triangle {v, u, w} adds a(v,u) a(u,w) a(w,v) to the numerator's
// half, a(x,y) ∈ {1, 2} being the number of arcs between x and y. On an undirected graph every
// edge is two arcs, and the value equals the undirected variant's.
//
// average_clustering — the mean of C(v) over all vertices (zeros included), as
// nx.average_clustering. global_clustering — transitivity of the simple undirected graph,
// 3 × triangles / connected triples = Σ T(v) / Σ d(v)(d(v) - 1)/2, 0 without triples, as
// nx.transitivity (direction ignored on directed graphs).
#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

enum class clustering_variant { undirected, directed };

[[nodiscard]] vertex_result<double> clustering(const distributed_graph& g,
                                               clustering_variant variant = clustering_variant::undirected,
                                               const run_options& options = {});

// Collective; the same value on every rank.
[[nodiscard]] double average_clustering(const distributed_graph& g,
                                        clustering_variant variant = clustering_variant::undirected);

// Collective; the same value on every rank.
[[nodiscard]] double global_clustering(const distributed_graph& g);

}  // namespace eddy::algorithms
