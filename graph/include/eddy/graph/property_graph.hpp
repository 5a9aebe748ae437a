#pragma once
// Gelly's Graph API: a distributed graph of vertices with values and edges with values, changed by
// whole-graph operations that each return a new graph. It is the form for preparing, combining and
// inspecting graphs; `to_distributed_graph` turns one into the CSR graph the algorithms run on,
// and `join_with_vertices` takes their results back.
//
// Semantics (Gelly's, stated where Gelly leaves a choice):
//  - A vertex id occurs at most once; edges may be parallel and may be self-loops. An edge may name
//    an id that is not a vertex only if built so with from_collections; validate() finds those.
//  - Every operation is collective and leaves each rank its share: a vertex on the rank its id
//    hashes to, an edge on its source's rank. A rank's vertices are sorted by id and its edges by
//    (source, target, value) — value only when values are ordered — so results do not depend on
//    the number of ranks.
//  - Removing a vertex removes its edges. Adding an edge whose endpoints are not vertices ignores
//    it; adding a vertex whose id exists ignores it; removing an edge removes all its parallel
//    copies (by source and target, whatever the value).
//  - join tables hold each key at most once (an error otherwise); a key matching nothing is ignored.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "eddy/graph/graph_builder.hpp"
#include "eddy/graph/graph_records.hpp"
#include "eddy/graph/record_routing.hpp"

namespace eddy {

template <class VV = no_value, class EV = no_value>
class property_graph {
 public:
  using vertex_type = vertex<VV>;
  using edge_type = edge<EV>;

  // Collective. Each rank passes any share of the vertices and edges.
  [[nodiscard]] static property_graph from_collections(const communicator& comm, std::vector<vertex_type> vertices,
                                                       std::vector<edge_type> edges) {
    auto owned = routing::keyed_table(comm, std::move(vertices), "the vertex collection");
    return property_graph(comm, std::move(owned), place_edges(comm, std::move(edges)));
  }
  // Collective. The vertices are the edges' endpoints, valued initial(id).
  [[nodiscard]] static property_graph from_edges(const communicator& comm, std::vector<edge_type> edges,
                                                 const std::function<VV(vertex_id)>& initial) {
    auto placed = place_edges(comm, std::move(edges));
    std::vector<vertex_id> ends;
    ends.reserve(2 * placed.size());
    for (const auto& e : placed) {
      ends.push_back(e.source);
      ends.push_back(e.target);
    }
    auto ids = routing::route(comm, std::move(ends), [](vertex_id id) { return id; });
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::vector<vertex_type> owned;
    owned.reserve(ids.size());
    for (const vertex_id id : ids) owned.push_back({id, initial(id)});
    return property_graph(comm, std::move(owned), std::move(placed));
  }
  [[nodiscard]] static property_graph from_edges(const communicator& comm, std::vector<edge_type> edges)
    requires std::is_default_constructible_v<VV>
  {
    return from_edges(comm, std::move(edges), [](vertex_id) { return VV{}; });
  }

  [[nodiscard]] const communicator& comm() const noexcept { return *comm_; }
  // This rank's share.
  [[nodiscard]] std::span<const vertex_type> vertices() const noexcept { return vertices_; }
  [[nodiscard]] std::span<const edge_type> edges() const noexcept { return edges_; }
  // Collective.
  [[nodiscard]] std::uint64_t number_of_vertices() const { return comm_->all_reduce(std::uint64_t{vertices_.size()}, reduce_op::sum); }
  [[nodiscard]] std::uint64_t number_of_edges() const { return comm_->all_reduce(std::uint64_t{edges_.size()}, reduce_op::sum); }

  // f(const vertex_type&) -> new value.
  template <class F>
  [[nodiscard]] auto map_vertices(F f) const {
    using nv = std::decay_t<std::invoke_result_t<F&, const vertex_type&>>;
    std::vector<vertex<nv>> out;
    out.reserve(vertices_.size());
    for (const auto& v : vertices_) out.push_back({v.id, f(v)});
    return property_graph<nv, EV>(*comm_, std::move(out), edges_);
  }
  // f(const edge_type&) -> new value.
  template <class F>
  [[nodiscard]] auto map_edges(F f) const {
    using ne = std::decay_t<std::invoke_result_t<F&, const edge_type&>>;
    std::vector<edge<ne>> out;
    out.reserve(edges_.size());
    for (const auto& e : edges_) out.push_back({e.source, e.target, f(e)});
    if constexpr (std::totally_ordered<ne>) std::sort(out.begin(), out.end(), edge_less<ne>);
    return property_graph<VV, ne>(*comm_, vertices_, std::move(out));
  }

  // Keeps the vertices with keep(vertex) and the edges between kept vertices.
  template <class P>
  [[nodiscard]] property_graph filter_vertices(P keep) const {
    std::vector<vertex_type> kept;
    std::copy_if(vertices_.begin(), vertices_.end(), std::back_inserter(kept), keep);
    return property_graph(*comm_, std::move(kept), edges_).without_dangling_edges();
  }
  template <class P>
  [[nodiscard]] property_graph filter_edges(P keep) const {
    std::vector<edge_type> kept;
    std::copy_if(edges_.begin(), edges_.end(), std::back_inserter(kept), keep);
    return property_graph(*comm_, vertices_, std::move(kept));
  }
  template <class PV, class PE>
  [[nodiscard]] property_graph subgraph(PV keep_vertex, PE keep_edge) const {
    return filter_vertices(keep_vertex).filter_edges(keep_edge);
  }

  // Every edge turned around.
  [[nodiscard]] property_graph reverse() const {
    std::vector<edge_type> out;
    out.reserve(edges_.size());
    for (const auto& e : edges_) out.push_back({e.target, e.source, e.value});
    return property_graph(*comm_, vertices_, place_edges(*comm_, std::move(out)));
  }
  // Every edge plus its reverse (Gelly's getUndirected): a self-loop appears twice.
  [[nodiscard]] property_graph undirected() const {
    std::vector<edge_type> out;
    out.reserve(edges_.size());
    for (const auto& e : edges_) out.push_back({e.target, e.source, e.value});
    auto both = place_edges(*comm_, std::move(out));
    both.insert(both.end(), edges_.begin(), edges_.end());
    sort_edges(both);
    return property_graph(*comm_, vertices_, std::move(both));
  }
  // Self-loops dropped and parallel edges merged into the first (the smallest value when values are
  // ordered).
  [[nodiscard]] property_graph simplify() const {
    std::vector<edge_type> out;
    for (const auto& e : edges_) {
      if (e.source == e.target) continue;
      if (!out.empty() && out.back().source == e.source && out.back().target == e.target) continue;
      out.push_back(e);
    }
    return property_graph(*comm_, vertices_, std::move(out));
  }

  // The vertices of both graphs (this graph's value where both have an id) and the edges of both,
  // parallel copies kept (Gelly's union).
  [[nodiscard]] property_graph union_with(const property_graph& other) const {
    std::vector<vertex_type> vs;
    std::set_union(vertices_.begin(), vertices_.end(), other.vertices_.begin(), other.vertices_.end(),
                   std::back_inserter(vs), routing::by_id<VV>);
    std::vector<edge_type> es = edges_;
    es.insert(es.end(), other.edges_.begin(), other.edges_.end());
    sort_edges(es);
    return property_graph(*comm_, std::move(vs), std::move(es));
  }
  // This graph without the other's vertices (by id) and edges (by source and target).
  [[nodiscard]] property_graph difference(const property_graph& other) const {
    std::vector<vertex_id> ids;
    for (const auto& v : other.vertices_) ids.push_back(v.id);
    return without_vertex_ids(ids).without_edge_pairs(pairs_of(other.edges_));
  }
  // Gelly's intersect: the edges equal (source, target and value) in both graphs, paired off one
  // to one; with distinct_edges one edge per equal group that has a pair, otherwise both edges of
  // every pair. The vertices are the endpoints of those edges, without values.
  [[nodiscard]] property_graph<no_value, EV> intersect(const property_graph& other, bool distinct_edges) const
    requires std::equality_comparable<EV>
  {
    // Both edge lists are sorted by endpoints, so equal edges meet in one (source, target) group.
    const auto by_ends = [](const edge_type& a, const edge_type& b) {
      return std::tie(a.source, a.target) < std::tie(b.source, b.target);
    };
    std::vector<edge_type> out;
    for (auto first = edges_.begin(); first != edges_.end();) {
      const auto last = std::upper_bound(first, edges_.end(), *first, by_ends);
      const auto [theirs_first, theirs_last] = std::equal_range(other.edges_.begin(), other.edges_.end(), *first, by_ends);
      for (auto e = first; e != last; ++e) {
        if (std::find(first, e, *e) != e) continue;  // this value's pairs are counted already
        const auto pairs = static_cast<std::size_t>(
            std::min(std::count(first, last, *e), std::count(theirs_first, theirs_last, *e)));
        out.insert(out.end(), pairs == 0 ? 0 : (distinct_edges ? 1 : 2 * pairs), *e);
      }
      first = last;
    }
    return property_graph<no_value, EV>::from_edges(*comm_, std::move(out));
  }

  // value = f(value, t) for each vertex whose id has a (id, t) record in `table` (any rank's share).
  template <class T, class F>
  [[nodiscard]] property_graph join_with_vertices(std::vector<vertex<T>> table, F f) const {
    const auto owned = routing::keyed_table(*comm_, std::move(table), "the vertex join table");
    auto out = vertices_;
    for (auto& v : out) {
      if (const auto* r = routing::find(std::span<const vertex<T>>(owned), v.id)) v.value = f(v.value, r->value);
    }
    return property_graph(*comm_, std::move(out), edges_);
  }
  // value = f(value, t) for every edge (s, t) with a record (s, t, t-value) in `table`; each pair
  // at most once in the table.
  template <class T, class F>
  [[nodiscard]] property_graph join_with_edges(std::vector<edge<T>> table, F f) const {
    auto placed = routing::route(*comm_, std::move(table), [](const edge<T>& e) { return e.source; });
    std::sort(placed.begin(), placed.end(), edge_less<T>);
    const auto same = [](const edge<T>& a, const edge<T>& b) { return a.source == b.source && a.target == b.target; };
    agree_that(*comm_, std::adjacent_find(placed.begin(), placed.end(), same) == placed.end(),
               "the edge join table holds an edge more than once", exit_code::usage);
    auto out = edges_;
    auto r = placed.begin();
    for (auto& e : out) {
      while (r != placed.end() && std::tie(r->source, r->target) < std::tie(e.source, e.target)) ++r;
      if (r != placed.end() && r->source == e.source && r->target == e.target) e.value = f(e.value, r->value);
    }
    sort_edges(out);
    return property_graph(*comm_, vertices_, std::move(out));
  }
  // value = f(value, t) for every edge whose source (or target) has a record in `table`.
  template <class T, class F>
  [[nodiscard]] property_graph join_with_edges_on_source(std::vector<vertex<T>> table, F f) const {
    const auto owned = routing::keyed_table(*comm_, std::move(table), "the edge join table");
    return join_edges_on(std::span<const vertex<T>>(owned), [](const edge_type& e) { return e.source; }, f);
  }
  template <class T, class F>
  [[nodiscard]] property_graph join_with_edges_on_target(std::vector<vertex<T>> table, F f) const {
    const auto owned = routing::keyed_table(*comm_, std::move(table), "the edge join table");
    std::vector<vertex_id> targets;
    for (const auto& e : edges_) targets.push_back(e.target);
    const auto found = routing::lookup<T>(*comm_, std::move(targets), std::span<const vertex<T>>(owned),
                                          [](const vertex<T>& r) { return r.value; });
    return join_edges_on(std::span<const vertex<T>>(found), [](const edge_type& e) { return e.target; }, f);
  }

  [[nodiscard]] property_graph add_vertices(std::vector<vertex_type> added) const {
    const auto owned = routing::keyed_table(*comm_, std::move(added), "the added vertices");
    std::vector<vertex_type> vs;
    std::set_union(vertices_.begin(), vertices_.end(), owned.begin(), owned.end(), std::back_inserter(vs),
                   routing::by_id<VV>);
    return property_graph(*comm_, std::move(vs), edges_);
  }
  [[nodiscard]] property_graph remove_vertices(std::vector<vertex_id> ids) const {
    auto owned = routing::route(*comm_, std::move(ids), [](vertex_id id) { return id; });
    return without_vertex_ids(owned);
  }
  [[nodiscard]] property_graph add_edges(std::vector<edge_type> added) const {
    auto placed = place_edges(*comm_, std::move(added));
    placed = property_graph(*comm_, vertices_, std::move(placed)).without_dangling_edges().edges_;
    placed.insert(placed.end(), edges_.begin(), edges_.end());
    sort_edges(placed);
    return property_graph(*comm_, vertices_, std::move(placed));
  }
  // Removes every edge (any value) from source to target for each (source, target) given.
  [[nodiscard]] property_graph remove_edges(std::vector<std::pair<vertex_id, vertex_id>> pairs) const {
    auto owned = routing::route(*comm_, std::move(pairs), [](const auto& st) { return st.first; });
    return without_edge_pairs(std::move(owned));
  }

  // Collective: whether every edge's endpoints are vertices (Gelly's InvalidVertexIdsValidator).
  [[nodiscard]] bool validate() const {
    const auto kept = without_dangling_edges();
    return comm_->all_reduce(static_cast<std::uint64_t>(kept.edges_.size() != edges_.size()), reduce_op::sum) == 0;
  }

  // (id, count) for every vertex of this rank, ascending id: edges leaving, entering, or both (a
  // self-loop counts once each way).
  [[nodiscard]] std::vector<vertex<std::uint64_t>> out_degrees() const {
    std::vector<vertex<std::uint64_t>> out;
    auto e = edges_.begin();
    for (const auto& v : vertices_) {
      while (e != edges_.end() && e->source < v.id) ++e;
      std::uint64_t n = 0;
      for (; e != edges_.end() && e->source == v.id; ++e) ++n;
      out.push_back({v.id, n});
    }
    return out;
  }
  [[nodiscard]] std::vector<vertex<std::uint64_t>> in_degrees() const {
    std::vector<vertex_id> targets;
    for (const auto& e : edges_) targets.push_back(e.target);
    auto arrived = routing::route(*comm_, std::move(targets), [](vertex_id id) { return id; });
    std::sort(arrived.begin(), arrived.end());
    std::vector<vertex<std::uint64_t>> out;
    for (const auto& v : vertices_) {
      const auto [lo, hi] = std::equal_range(arrived.begin(), arrived.end(), v.id);
      out.push_back({v.id, static_cast<std::uint64_t>(hi - lo)});
    }
    return out;
  }
  [[nodiscard]] std::vector<vertex<std::uint64_t>> degrees() const {
    auto out = out_degrees();
    const auto in = in_degrees();
    for (std::size_t i = 0; i < out.size(); ++i) out[i].value += in[i].value;
    return out;
  }

  // Collective: the CSR graph the algorithms run on, with the vertex values by owned slot. Edge
  // values become weights when options.weighted (EV must convert to double).
  struct built {
    distributed_graph graph;
    std::vector<VV> values;
  };
  [[nodiscard]] built to_distributed_graph(const graph_options& options, std::unique_ptr<partitioner> owner) const {
    if constexpr (!std::is_convertible_v<EV, double>) {
      if (options.weighted) throw usage_error("edge values that are not numbers cannot be weights");
    }
    agree_that(*comm_, validate(), "an edge of the graph names an id that is not one of its vertices",
               exit_code::usage);
    std::vector<io::edge_record> records;
    records.reserve(edges_.size());
    for (const auto& e : edges_) records.push_back({e.source, e.target, weight_of(e.value, options.weighted)});
    vertex_declarations declared;
    for (const auto& v : vertices_) declared.ids.push_back(v.id);
    auto g = build_graph(*comm_, records, declared, options, std::move(owner));
    std::vector<std::vector<vertex_type>> out(static_cast<std::size_t>(comm_->size()));
    for (const auto& v : vertices_) out[static_cast<std::size_t>(g.owner_of(v.id))].push_back(v);
    std::vector<VV> values(g.local_vertices());
    for (auto& v : exchange_records(*comm_, out)) values[*g.find_local(v.id)] = std::move(v.value);
    return {std::move(g), std::move(values)};
  }

 private:
  template <class, class>
  friend class property_graph;

  property_graph(const communicator& comm, std::vector<vertex_type> vertices, std::vector<edge_type> edges)
      : comm_(&comm), vertices_(std::move(vertices)), edges_(std::move(edges)) {}

  static void sort_edges(std::vector<edge_type>& edges) { std::sort(edges.begin(), edges.end(), edge_less<EV>); }
  [[nodiscard]] static std::vector<edge_type> place_edges(const communicator& comm, std::vector<edge_type> edges) {
    auto placed = routing::route(comm, std::move(edges), [](const edge_type& e) { return e.source; });
    sort_edges(placed);
    return placed;
  }
  [[nodiscard]] static std::vector<std::pair<vertex_id, vertex_id>> pairs_of(std::span<const edge_type> edges) {
    std::vector<std::pair<vertex_id, vertex_id>> out;
    for (const auto& e : edges) out.emplace_back(e.source, e.target);
    return out;
  }
  [[nodiscard]] static double weight_of(const EV& value, bool weighted) {
    if constexpr (std::is_convertible_v<EV, double>) {
      return weighted ? static_cast<double>(value) : 1.0;
    } else {
      return 1.0;
    }
  }

  // Edges whose both endpoints are vertices: sources are local by placement, targets are asked of
  // their owners.
  [[nodiscard]] property_graph without_dangling_edges() const {
    std::vector<vertex_id> targets;
    for (const auto& e : edges_) targets.push_back(e.target);
    const auto present = routing::lookup<no_value>(*comm_, std::move(targets), std::span<const vertex_type>(vertices_),
                                                   [](const vertex_type&) { return no_value{}; });
    const std::span<const vertex_type> local(vertices_);
    const std::span<const vertex<no_value>> known(present);
    std::vector<edge_type> kept;
    for (const auto& e : edges_) {
      if (routing::find(local, e.source) != nullptr && routing::find(known, e.target) != nullptr) kept.push_back(e);
    }
    return property_graph(*comm_, vertices_, std::move(kept));
  }
  // Collective; `ids` are owned here.
  [[nodiscard]] property_graph without_vertex_ids(std::vector<vertex_id> ids) const {
    std::sort(ids.begin(), ids.end());
    std::vector<vertex_type> kept;
    for (const auto& v : vertices_) {
      if (!std::binary_search(ids.begin(), ids.end(), v.id)) kept.push_back(v);
    }
    return property_graph(*comm_, std::move(kept), edges_).without_dangling_edges();
  }
  // `pairs` are placed here (by source).
  [[nodiscard]] property_graph without_edge_pairs(std::vector<std::pair<vertex_id, vertex_id>> pairs) const {
    std::sort(pairs.begin(), pairs.end());
    std::vector<edge_type> kept;
    for (const auto& e : edges_) {
      if (!std::binary_search(pairs.begin(), pairs.end(), std::pair{e.source, e.target})) kept.push_back(e);
    }
    return property_graph(*comm_, vertices_, std::move(kept));
  }
  template <class T, class Key, class F>
  [[nodiscard]] property_graph join_edges_on(std::span<const vertex<T>> table, Key key, F f) const {
    auto out = edges_;
    for (auto& e : out) {
      if (const auto* r = routing::find(table, key(e))) e.value = f(e.value, r->value);
    }
    sort_edges(out);
    return property_graph(*comm_, vertices_, std::move(out));
  }

  const communicator* comm_;
  std::vector<vertex_type> vertices_;  // ascending id
  std::vector<edge_type> edges_;       // edge_less order
};

}  // namespace eddy
