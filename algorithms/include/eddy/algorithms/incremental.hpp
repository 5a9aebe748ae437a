#pragma once
// Algorithms that keep their result current while the graph changes. Each is built on a
// dynamic_graph (computing its result from scratch, collectively) and, after every apply() of a
// batch, is handed what changed; it repairs its result from the changed edges instead of
// recomputing. Values are one per owned vertex, in slot order, new vertices included.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "eddy/algorithms/pagerank.hpp"
#include "eddy/graph/dynamic_graph.hpp"

namespace eddy::algorithms {

struct incremental_stats {
  std::uint64_t supersteps = 0;  // exchange rounds this update took
  std::uint64_t touched = 0;     // vertices whose value was recomputed or pushed (over all ranks)
};

template <class T>
class incremental_algorithm {
 public:
  virtual ~incremental_algorithm() = default;
  // Collective: brings the result up to date after the graph's apply() returned `changes`.
  virtual incremental_stats update(const graph_changes& changes) = 0;
  // Collective where a value needs global state (PageRank's normalisation).
  [[nodiscard]] virtual std::vector<T> values() const = 0;
};

// Each factory is collective and computes the result on the graph as it is; the algorithm keeps
// a reference to `g`, which must outlive it. Semantics are those of the static algorithms
// (docs/ALGORITHMS.md); a source that is not (yet) in the graph leaves every vertex unreachable.
// PageRank (LDBC formula, sinks spread evenly) kept within L1 distance `tolerance` of the exact
// ranks of the current graph. `ranks`, when given, are converged ranks of the same graph by slot
// (e.g. from the static pagerank on the graph the dynamic one was made from): a warm start.
[[nodiscard]] std::unique_ptr<incremental_algorithm<double>> make_incremental_pagerank(
    const dynamic_graph& g, double damping, double tolerance, std::span<const double> ranks = {});
[[nodiscard]] std::unique_ptr<incremental_algorithm<vertex_id>> make_incremental_wcc(const dynamic_graph& g);
[[nodiscard]] std::unique_ptr<incremental_algorithm<std::int64_t>> make_incremental_bfs(const dynamic_graph& g,
                                                                                       vertex_id source);
[[nodiscard]] std::unique_ptr<incremental_algorithm<double>> make_incremental_sssp(const dynamic_graph& g,
                                                                                   vertex_id source);
// Out-degree (the degree, for undirected graphs) of every vertex.
[[nodiscard]] std::unique_ptr<incremental_algorithm<std::int64_t>> make_incremental_degree(const dynamic_graph& g);

}  // namespace eddy::algorithms
