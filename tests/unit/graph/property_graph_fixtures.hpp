#pragma once
// Shared by the Graph API tests: the networkx-generated input graph (golden/property_graph_golden.inc),
// handed to the API in a different share on every rank, and gathering of results, so that the same
// expectations hold at every rank count.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <span>
#include <tuple>
#include <vector>

#include "eddy/graph/property_graph.hpp"
#include "eddy/runtime/collective.hpp"

namespace eddy::property_graph_tests {

#include "golden/property_graph_golden.inc"

using value_graph = property_graph<std::uint64_t, std::uint64_t>;
using vrec = vertex<std::uint64_t>;
using erec = edge<std::uint64_t>;

inline std::vector<vrec> golden_vertex_list() {
  std::vector<vrec> out;
  for (const auto& v : golden_vertices) out.push_back({v[0], v[1]});
  return out;
}
inline std::vector<erec> golden_edge_list() {
  std::vector<erec> out;
  for (const auto& e : golden_edges) out.push_back({e[0], e[1], e[2]});
  return out;
}

// This rank's slice of a list every rank knows.
template <class T>
std::vector<T> slice(const communicator& comm, const std::vector<T>& all) {
  const auto p = static_cast<std::size_t>(comm.size());
  const auto r = static_cast<std::size_t>(comm.rank());
  return std::vector<T>(all.begin() + static_cast<std::ptrdiff_t>(all.size() * r / p),
                        all.begin() + static_cast<std::ptrdiff_t>(all.size() * (r + 1) / p));
}

inline value_graph golden_graph(const communicator& comm) {
  return value_graph::from_collections(comm, slice(comm, golden_vertex_list()), slice(comm, golden_edge_list()));
}

template <class T>
std::vector<T> gathered(const communicator& comm, std::span<const T> mine) {
  return comm.all_gather_v(mine);
}

inline bool edge_order(const erec& a, const erec& b) {
  return std::tie(a.source, a.target, a.value) < std::tie(b.source, b.target, b.value);
}

// The whole graph, vertices by id and edges by (source, target, value), on every rank.
struct whole {
  std::vector<vrec> vertices;
  std::vector<erec> edges;
  bool operator==(const whole&) const = default;
};
inline whole normalised(whole w) {
  std::sort(w.vertices.begin(), w.vertices.end(), [](const vrec& a, const vrec& b) { return a.id < b.id; });
  std::sort(w.edges.begin(), w.edges.end(), edge_order);
  return w;
}
inline whole gather(const value_graph& g) {
  return normalised({gathered(g.comm(), g.vertices()), gathered(g.comm(), g.edges())});
}
inline const whole& golden_whole() {
  static const whole w = normalised({golden_vertex_list(), golden_edge_list()});
  return w;
}
inline std::set<vertex_id> ids_of(const std::vector<vrec>& vs) {
  std::set<vertex_id> out;
  for (const auto& v : vs) out.insert(v.id);
  return out;
}
// The model's rule: edges survive when both endpoints do.
inline std::vector<erec> between(const std::vector<erec>& edges, const std::set<vertex_id>& ids) {
  std::vector<erec> out;
  for (const auto& e : edges) {
    if (ids.contains(e.source) && ids.contains(e.target)) out.push_back(e);
  }
  return out;
}

}  // namespace eddy::property_graph_tests
