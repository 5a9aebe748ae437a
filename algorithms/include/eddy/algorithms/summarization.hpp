#pragma once
// Graph summarization (Gelly's Summarization): vertices grouped by equal value, edges by (source
// group, target group, edge value).
//   A vertex group is every vertex with one value x; its summary vertex is (representative =
//   smallest external id in the group, value x, size = number of members).
//   Every stored arc u -> v (an undirected edge is the two arcs u -> v and v -> u, a self-loop
//   one; parallel arcs each count) with value w (its weight, 1 when unweighted) falls into the
//   summary edge (representative of u's group, representative of v's group, w); its count is the
//   number of arcs in it. Edges inside a group give a summary edge from the representative to
//   itself; edge values are grouped by exact equality.
// The vertex values come from the caller, one per owned vertex in the graph's local order (for
// example the labels of a community or component algorithm, or degrees). Each summary vertex is
// returned by rank x mod p, each summary edge by rank (source representative) mod p, vertices
// sorted by value and edges by (source, target, value); counts are integers, so the union over
// ranks does not depend on their number.
#include <cstdint>
#include <span>
#include <vector>

#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

struct summary_vertex {
  std::uint64_t value;
  vertex_id representative;
  std::uint64_t size;
};

struct summary_edge {
  vertex_id source;  // representatives
  vertex_id target;
  double value;
  std::uint64_t count;
};

struct summary_result {
  std::vector<summary_vertex> vertices;
  std::vector<summary_edge> edges;
  run_metrics metrics;
};

// Collective; throws eddy::error on every rank when a rank's vertex_values does not hold one
// value per owned vertex.
[[nodiscard]] summary_result summarization(const distributed_graph& g, std::span<const std::uint64_t> vertex_values,
                                           const run_options& options = {});

}  // namespace eddy::algorithms
