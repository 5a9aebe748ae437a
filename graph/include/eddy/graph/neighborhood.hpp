#pragma once
// Gelly's neighbourhood methods on a property graph: per vertex, a reduction over the values of
// its edges or of its neighbours in a direction (out: edges leaving the vertex, in: entering it,
// all: both, so a self-loop counts twice), or a function over the whole neighbourhood that emits
// any number of results.
//  - reduce_on_edges / reduce_on_neighbors: f must be associative and commutative (the order of a
//    neighbourhood is edge order, not the input's); vertices without edges in the direction are
//    absent from the result, as in Gelly.
//  - group_reduce_on_edges / group_reduce_on_neighbors: called once for every vertex, also with an
//    empty neighbourhood; the edges arrive in (source, target, value) order.
// All are collective and return this rank's share, ascending by vertex id.
#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "eddy/graph/edge_direction.hpp"
#include "eddy/graph/property_graph.hpp"

namespace eddy {

// An edge of a vertex's neighbourhood and the vertex at its far end.
template <class VV, class EV>
struct neighbor {
  edge<EV> via;
  vertex<VV> other;
};

namespace neighborhood_detail {

template <class EV>
struct incident {
  vertex_id center = 0;
  vertex_id far = 0;
  edge<EV> via;
  template <class Archive>
  void serialize(Archive& archive) {
    archive(center, far, via);
  }
};

// The incident edges of this rank's vertices in direction d, sorted by (center, edge order).
template <class VV, class EV>
[[nodiscard]] std::vector<incident<EV>> incident_edges(const property_graph<VV, EV>& g, edge_direction d) {
  std::vector<incident<EV>> out;
  if (d != edge_direction::out) {
    std::vector<incident<EV>> entering;
    for (const auto& e : g.edges()) entering.push_back({e.target, e.source, e});
    out = routing::route(g.comm(), std::move(entering), [](const incident<EV>& r) { return r.center; });
  }
  if (d != edge_direction::in) {
    for (const auto& e : g.edges()) out.push_back({e.source, e.target, e});
  }
  std::sort(out.begin(), out.end(), [](const incident<EV>& a, const incident<EV>& b) {
    return a.center != b.center ? a.center < b.center : edge_less(a.via, b.via);
  });
  return out;
}

// Calls f(vertex, first, last) for every vertex of this rank with its run [first, last) of `sorted`
// (records with a `center`, sorted by it).
template <class VV, class R, class F>
void for_each_group(std::span<const vertex<VV>> vertices, const std::vector<R>& sorted, F f) {
  auto r = sorted.begin();
  for (const auto& v : vertices) {
    const auto first = r;
    while (r != sorted.end() && r->center == v.id) ++r;
    f(v, first, r);
  }
}

// The incident edges with the far end's vertex: its value asked of its owner.
template <class VV, class EV>
[[nodiscard]] std::vector<neighbor<VV, EV>> with_neighbors(const property_graph<VV, EV>& g,
                                                            const std::vector<incident<EV>>& edges) {
  std::vector<vertex_id> far;
  far.reserve(edges.size());
  for (const auto& r : edges) far.push_back(r.far);
  const auto values = routing::lookup<VV>(g.comm(), std::move(far), g.vertices(), [](const vertex<VV>& v) { return v.value; });
  std::vector<neighbor<VV, EV>> out;
  out.reserve(edges.size());
  agree(g.comm(), [&] {
    for (const auto& r : edges) {
      const auto* v = routing::find(std::span<const vertex<VV>>(values), r.far);
      if (v == nullptr) {
        throw usage_error("an edge names vertex " + std::to_string(r.far) + ", which the graph does not hold");
      }
      out.push_back({r.via, *v});
    }
  });
  return out;
}

}  // namespace neighborhood_detail

template <class VV, class EV, class F>
[[nodiscard]] std::vector<vertex<EV>> reduce_on_edges(const property_graph<VV, EV>& g, edge_direction d, F f) {
  const auto edges = neighborhood_detail::incident_edges(g, d);
  std::vector<vertex<EV>> out;
  neighborhood_detail::for_each_group(g.vertices(), edges, [&](const vertex<VV>& v, auto first, auto last) {
    if (first == last) return;
    EV acc = first->via.value;
    for (auto it = first + 1; it != last; ++it) acc = f(acc, it->via.value);
    out.push_back({v.id, std::move(acc)});
  });
  return out;
}

template <class VV, class EV, class F>
[[nodiscard]] std::vector<vertex<VV>> reduce_on_neighbors(const property_graph<VV, EV>& g, edge_direction d, F f) {
  const auto edges = neighborhood_detail::incident_edges(g, d);
  const auto near = neighborhood_detail::with_neighbors(g, edges);
  std::vector<vertex<VV>> out;
  neighborhood_detail::for_each_group(g.vertices(), edges, [&](const vertex<VV>& v, auto first, auto last) {
    if (first == last) return;
    auto n = near.begin() + (first - edges.begin());
    VV acc = n->other.value;
    for (auto it = first + 1; it != last; ++it) acc = f(acc, (++n)->other.value);
    out.push_back({v.id, std::move(acc)});
  });
  return out;
}

// f(const vertex<VV>&, std::span<const edge<EV>>, std::vector<T>& emit).
template <class T, class VV, class EV, class F>
[[nodiscard]] std::vector<T> group_reduce_on_edges(const property_graph<VV, EV>& g, edge_direction d, F f) {
  const auto edges = neighborhood_detail::incident_edges(g, d);
  std::vector<edge<EV>> group;
  std::vector<T> out;
  neighborhood_detail::for_each_group(g.vertices(), edges, [&](const vertex<VV>& v, auto first, auto last) {
    group.clear();
    for (auto it = first; it != last; ++it) group.push_back(it->via);
    f(v, std::span<const edge<EV>>(group), out);
  });
  return out;
}

// f(const vertex<VV>&, std::span<const neighbor<VV, EV>>, std::vector<T>& emit).
template <class T, class VV, class EV, class F>
[[nodiscard]] std::vector<T> group_reduce_on_neighbors(const property_graph<VV, EV>& g, edge_direction d, F f) {
  const auto edges = neighborhood_detail::incident_edges(g, d);
  const auto near = neighborhood_detail::with_neighbors(g, edges);
  std::vector<T> out;
  neighborhood_detail::for_each_group(g.vertices(), edges, [&](const vertex<VV>& v, auto first, auto last) {
    const auto offset = static_cast<std::size_t>(first - edges.begin());
    f(v, std::span<const neighbor<VV, EV>>(near).subspan(offset, static_cast<std::size_t>(last - first)), out);
  });
  return out;
}

}  // namespace eddy
