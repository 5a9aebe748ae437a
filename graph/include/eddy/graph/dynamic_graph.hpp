#pragma once
// A distributed graph that changes in batches of edge updates. Every rank owns the vertices its
// partitioner assigns it (new ids are placed by the same rule, at any time) with their out-rows
// and, for directed graphs, in-rows (dynamic_rows: base CSR + added arcs + tombstones). The edge
// set is a set: adding a present edge or removing an absent one changes nothing and is counted
// as ignored. Vertices are never removed; a vertex whose edges are all deleted stays, isolated.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "eddy/graph/distributed_graph.hpp"
#include "eddy/graph/dynamic_rows.hpp"
#include "eddy/graph/hash_index.hpp"
#include "eddy/io/edge_update.hpp"
#include "eddy/runtime/exchange.hpp"

namespace eddy {

// One arc that an apply() changed on this rank: row is the owned vertex whose row changed, far
// the other end. Weights before and after (old_weight is meaningless for an add, new_weight for
// a remove).
struct arc_change {
  local_id row;
  local_id far;
  double old_weight;
  double new_weight;
  io::update_kind kind;
};

// Counts over all ranks; an update counts once however many arcs it touches.
struct update_counts {
  std::uint64_t updates = 0;  // applied plus ignored
  std::uint64_t adds = 0;
  std::uint64_t removes = 0;
  std::uint64_t reweights = 0;
  std::uint64_t ignored = 0;  // adds of present edges, removes and reweights of absent ones
  std::uint64_t new_vertices = 0;
};

// What one apply() did on this rank, in the order it happened.
struct graph_changes {
  std::vector<arc_change> out;  // changed arcs of owned vertices' out-rows
  std::vector<arc_change> in;   // changed arcs of owned in-rows (directed graphs; empty otherwise)
  local_id first_new_vertex = 0;  // owned vertices [first_new_vertex, local_vertices()) are new
  update_counts counts;
};

// A value addressed to an owned vertex of another rank (index = its slot there).
template <class T>
struct addressed {
  local_id index;
  T value;
};

class dynamic_graph {
 public:
  // Collective: an empty graph whose vertices `owner` places.
  dynamic_graph(const communicator& comm, const graph_options& options, std::unique_ptr<partitioner> owner);
  // Collective: starts from a loaded graph, which it takes apart. Owned vertices keep their slots
  // (so results computed on `base` index the same way), ghosts keep their order.
  explicit dynamic_graph(distributed_graph&& base);
  ~dynamic_graph();
  dynamic_graph(const dynamic_graph&) = delete;
  dynamic_graph& operator=(const dynamic_graph&) = delete;

  // Collective. Each rank passes its share of a batch (any updates, in stream order); they are
  // routed to the owners of their endpoints, and updates of the same edge take effect in order.
  // A new vertex id in an add creates the vertex; in a remove or reweight it makes it ignored.
  // An undirected graph reads `d 5 3` as `d 3 5`. Weights of unweighted graphs are kept as 1.
  graph_changes apply(std::span<const io::edge_update> updates);

  [[nodiscard]] const communicator& comm() const noexcept { return *comm_; }
  [[nodiscard]] const graph_options& options() const noexcept { return options_; }
  [[nodiscard]] bool directed() const noexcept { return options_.directed; }
  [[nodiscard]] bool weighted() const noexcept { return options_.weighted; }

  [[nodiscard]] std::uint64_t global_vertices() const noexcept { return global_vertices_; }
  // Edges (an undirected edge once) and stored arcs, over all ranks, after the last apply.
  [[nodiscard]] std::uint64_t global_edges() const noexcept { return global_edges_; }
  [[nodiscard]] std::uint64_t global_arcs() const noexcept { return global_arcs_; }

  [[nodiscard]] local_id local_vertices() const noexcept { return static_cast<local_id>(external_.size()); }
  [[nodiscard]] local_id ghost_vertices() const noexcept { return static_cast<local_id>(ghost_external_.size()); }
  [[nodiscard]] std::span<const vertex_id> external_ids() const noexcept { return external_; }
  // The external id of any slot, owned or ghost.
  [[nodiscard]] vertex_id external_id(local_id slot) const noexcept {
    return is_ghost(slot) ? ghost_external_[ghost_index(slot)] : external_[slot];
  }
  // A ghost's owner and its slot there.
  [[nodiscard]] int ghost_owner(local_id ghost) const noexcept { return ghost_owner_[ghost_index(ghost)]; }
  [[nodiscard]] local_id ghost_remote(local_id ghost) const noexcept { return ghost_remote_[ghost_index(ghost)]; }
  [[nodiscard]] int owner_of(vertex_id id) const { return owner_->owner_of(id); }
  // True when rank r's ids are all below rank r+1's (chunk placement), for ordered output.
  [[nodiscard]] bool ids_ordered_by_rank() const { return owner_->ordered(); }
  // The slot of an id on this rank (owned or ghost), if it has one.
  [[nodiscard]] std::optional<local_id> find(vertex_id id) const noexcept {
    const auto s = slots_.find(id);
    if (!s) return std::nullopt;
    return static_cast<local_id>(*s);
  }
  // The owned slot of an id, if this rank owns it.
  [[nodiscard]] std::optional<local_id> find_local(vertex_id id) const noexcept {
    const auto s = find(id);
    if (!s || is_ghost(*s)) return std::nullopt;
    return s;
  }

  // f(far slot, weight) for each out-arc (in-arc) of owned vertex v; in-arcs of an undirected
  // graph are its out-arcs.
  template <class F>
  void for_each_out(local_id v, F&& f) const {
    out_.for_each(v, f);
  }
  template <class F>
  void for_each_in(local_id v, F&& f) const {
    in_rows().for_each(v, f);
  }
  [[nodiscard]] std::uint32_t out_degree(local_id v) const noexcept { return out_.degree(v); }
  [[nodiscard]] std::uint32_t in_degree(local_id v) const noexcept { return in_rows().degree(v); }
  [[nodiscard]] std::uint64_t local_arcs() const noexcept { return out_.arcs(); }
  [[nodiscard]] const dynamic_rows& in_rows() const noexcept { return directed() ? in_ : out_; }
  // See dynamic_rows::set_compaction (both directions).
  void set_compaction(double fraction, std::uint64_t minimum) noexcept {
    out_.set_compaction(fraction, minimum);
    in_.set_compaction(fraction, minimum);
  }
  // Compactions done so far on this rank (both directions).
  [[nodiscard]] std::uint64_t compactions() const noexcept { return compactions_; }
  [[nodiscard]] std::uint64_t memory_bytes() const noexcept;

  // Collective: the current graph as a static one (vertex set included: isolated vertices stay),
  // for from-scratch runs and checks. Owners follow the same partitioner.
  [[nodiscard]] distributed_graph snapshot() const;

 private:
  struct routed;
  struct arc_op;
  // Each update as a record per stored arc, sent to the rank that owns that arc's row.
  [[nodiscard]] inbox<routed> route(std::span<const io::edge_update> updates) const;
  // The arcs of the updates whose ends have slots, in the order they are applied.
  [[nodiscard]] std::vector<arc_op> arc_order(std::span<const routed> ops, std::span<const local_id> row_of,
                                                     std::span<const local_id> far_of) const;
  void adopt_ghosts(std::span<const vertex_id> ids);
  local_id make_owned(vertex_id id);
  void maybe_compact();

  const communicator* comm_;
  graph_options options_;
  std::unique_ptr<partitioner> owner_;
  std::vector<vertex_id> external_;        // owned slots' ids
  std::vector<vertex_id> ghost_external_;  // ghost k's id
  std::vector<int> ghost_owner_;
  std::vector<local_id> ghost_remote_;
  hash_index slots_;  // id -> slot, owned and ghosts
  dynamic_rows out_;
  dynamic_rows in_;  // directed graphs only
  std::uint64_t global_vertices_ = 0;
  std::uint64_t global_edges_ = 0;
  std::uint64_t global_arcs_ = 0;
  std::uint64_t compactions_ = 0;
};

}  // namespace eddy
