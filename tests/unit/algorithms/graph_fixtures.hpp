#pragma once
// Graphs for algorithm tests from an edge list every rank knows: each rank passes its contiguous
// share to the builder (declaring vertices 0..n-1 when asked, so that isolated ones exist), and
// per-vertex results are gathered to every rank, so a test reads the same whatever the number of
// ranks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "eddy/graph/graph_builder.hpp"
#include "eddy/graph/partitioner.hpp"
#include "eddy/io/edge_record.hpp"

namespace eddy::test {

// This rank's contiguous share [first, second) of n items.
inline std::pair<std::size_t, std::size_t> my_share(const communicator& comm, std::size_t n) {
  const auto p = static_cast<std::size_t>(comm.size());
  const auto r = static_cast<std::size_t>(comm.rank());
  return {n * r / p, n * (r + 1) / p};
}

inline std::vector<io::edge_record> edges(std::initializer_list<std::pair<vertex_id, vertex_id>> pairs) {
  std::vector<io::edge_record> out;
  for (const auto& [a, b] : pairs) out.push_back({a, b, 1.0});
  return out;
}

// The complete graph on ids first .. first + k - 1 (each pair once).
inline std::vector<io::edge_record> clique(vertex_id first, vertex_id k) {
  std::vector<io::edge_record> out;
  for (vertex_id a = first; a < first + k; ++a) {
    for (vertex_id b = a + 1; b < first + k; ++b) out.push_back({a, b, 1.0});
  }
  return out;
}

// Collective.
inline distributed_graph build(const communicator& comm, const std::vector<io::edge_record>& all, bool directed,
                               const std::string& partition = "chunk") {
  const auto [first, last] = my_share(comm, all.size());
  const std::vector<io::edge_record> mine(all.begin() + static_cast<std::ptrdiff_t>(first),
                                          all.begin() + static_cast<std::ptrdiff_t>(last));
  graph_options options;
  options.directed = directed;
  return build_graph(comm, mine, std::nullopt, options, make_partitioner(partition));
}

// Collective: every rank's values by external id.
template <class T>
std::map<vertex_id, T> by_id(const distributed_graph& g, const std::vector<T>& values) {
  struct entry {  // trivially copyable, unlike std::pair
    vertex_id id;
    T value;
  };
  std::vector<entry> mine;
  for (local_id v = 0; v < g.local_vertices(); ++v) mine.push_back({g.external_id(v), values[v]});
  std::map<vertex_id, T> out;
  for (const auto& e : g.comm().all_gather_v(std::span<const entry>(mine))) out.emplace(e.id, e.value);
  return out;
}

struct weighted_edge {
  std::uint64_t src;
  std::uint64_t dst;
  double weight = 1.0;
};

// Collective: the graph on vertices 0..vertices-1 with `edges`.
inline distributed_graph edge_list_graph(const communicator& comm, std::uint64_t vertices,
                                         std::span<const weighted_edge> edges, bool directed, bool weighted = false,
                                         const std::string& partition = "chunk") {
  std::vector<io::edge_record> mine;
  const auto [first, last] = my_share(comm, edges.size());
  for (std::size_t i = first; i < last; ++i) mine.push_back({edges[i].src, edges[i].dst, edges[i].weight});
  vertex_declarations declared;
  const auto [low, high] = my_share(comm, vertices);
  for (std::uint64_t v = low; v < high; ++v) declared.ids.push_back(v);
  graph_options options;
  options.directed = directed;
  options.weighted = weighted;
  return build_graph(comm, mine, declared, options, make_partitioner(partition));
}

inline distributed_graph edge_list_graph(const communicator& comm, std::uint64_t vertices,
                                         std::span<const std::pair<std::uint64_t, std::uint64_t>> edges,
                                         bool directed, const std::string& partition = "chunk") {
  std::vector<weighted_edge> all;
  for (const auto& [u, v] : edges) all.push_back({u, v});
  return edge_list_graph(comm, vertices, all, directed, false, partition);
}

// Collective: the values of all vertices, indexed by vertex id (ids must be 0..n-1).
template <class T>
std::vector<T> by_vertex_id(const distributed_graph& g, const std::vector<T>& values) {
  struct entry {
    vertex_id id;
    T value;
  };
  EXPECT_EQ(values.size(), g.local_vertices());
  std::vector<entry> mine;
  for (local_id v = 0; v < g.local_vertices() && v < values.size(); ++v) mine.push_back({g.external_id(v), values[v]});
  std::vector<T> all(g.global_vertices());
  for (const auto& e : g.comm().all_gather_v<entry>(mine)) all.at(e.id) = e.value;
  return all;
}

// |got - want| <= relative * |want| + absolute, vertex by vertex.
inline void expect_close(std::span<const double> got, std::span<const double> want, double relative, double absolute,
                         const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t v = 0; v < got.size(); ++v) {
    EXPECT_LE(std::abs(got[v] - want[v]), relative * std::abs(want[v]) + absolute)
        << what << " at vertex " << v << ": got " << got[v] << ", want " << want[v];
  }
}

}  // namespace eddy::test
