#pragma once
// One rank's share of a distributed graph: its owned vertices (numbered by descending degree, for
// cache locality), their out-edges (CSR) and in-edges (CSC) with optional weights, and the ghost
// table that names the remote endpoints of those edges. Edge targets are local slots, so inner
// loops index flat arrays; the order of targets within a row is unspecified.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "eddy/graph/partitioner.hpp"
#include "eddy/graph/types.hpp"
#include "eddy/runtime/communicator.hpp"

namespace eddy {

struct graph_options {
  bool directed = true;
  bool weighted = false;
  bool drop_self_loops = false;  // an edge v->v
  bool drop_duplicates = false;  // repeated (src, dst) pairs collapse to one, keeping the smallest weight
};

// Compressed adjacency: the neighbours of vertex v are targets[offsets[v] .. offsets[v+1]).
struct adjacency {
  std::vector<std::uint64_t> offsets;
  std::vector<local_id> targets;
  std::vector<double> weights;  // empty when unweighted
};

struct graph_parts {
  graph_options options;
  std::unique_ptr<partitioner> owner;
  std::vector<global_id> rank_offsets;  // p + 1 entries
  std::vector<vertex_id> external_ids;  // owned vertices, in slot order
  // Owned slots by ascending external id, when the loader knows them (it numbered the vertices
  // from that order); empty: the graph sorts them itself.
  std::vector<local_id> slots_by_external_id;
  std::vector<global_id> ghost_globals;  // ghost slot n_local + i is ghost_globals[i], ascending
  std::vector<local_id> ghost_rank_begin;  // ghosts owned by rank r: [begin[r], begin[r+1]) (slots)
  adjacency out;
  adjacency in;  // unused for undirected graphs, whose out-edges hold both directions
  std::uint64_t global_edges = 0;
  std::uint64_t global_arcs = 0;
};

class distributed_graph {
 public:
  distributed_graph(const communicator& comm, graph_parts parts);

  [[nodiscard]] const communicator& comm() const noexcept { return *comm_; }
  [[nodiscard]] bool directed() const noexcept { return p_.options.directed; }
  [[nodiscard]] bool weighted() const noexcept { return p_.options.weighted; }
  [[nodiscard]] const graph_options& options() const noexcept { return p_.options; }

  [[nodiscard]] std::uint64_t global_vertices() const noexcept { return p_.rank_offsets.back(); }
  // Edges as given (after dropping options); an undirected edge counts once.
  [[nodiscard]] std::uint64_t global_edges() const noexcept { return p_.global_edges; }
  // Stored directed arcs over all ranks (an undirected edge is two arcs, a self-loop one).
  [[nodiscard]] std::uint64_t global_arcs() const noexcept { return p_.global_arcs; }

  [[nodiscard]] local_id local_vertices() const noexcept { return static_cast<local_id>(p_.external_ids.size()); }
  [[nodiscard]] local_id ghost_vertices() const noexcept { return static_cast<local_id>(p_.ghost_globals.size()); }
  [[nodiscard]] bool is_local(local_id slot) const noexcept { return slot < local_vertices(); }

  [[nodiscard]] std::span<const vertex_id> external_ids() const noexcept { return p_.external_ids; }
  [[nodiscard]] vertex_id external_id(local_id v) const noexcept { return p_.external_ids[v]; }
  [[nodiscard]] bool ids_ordered_by_rank() const { return p_.owner->ordered(); }
  [[nodiscard]] const std::vector<global_id>& rank_offsets() const noexcept { return p_.rank_offsets; }
  [[nodiscard]] global_id first_global() const noexcept {
    return p_.rank_offsets[static_cast<std::size_t>(comm_->rank())];
  }
  [[nodiscard]] global_id global_of(local_id slot) const noexcept {
    return is_local(slot) ? first_global() + slot : p_.ghost_globals[slot - local_vertices()];
  }
  // The slot of a global id on this rank: owned or ghost; nullopt when the vertex is neither.
  [[nodiscard]] std::optional<local_id> slot_of_global(global_id g) const noexcept {
    if (g >= first_global() && g < first_global() + local_vertices()) return static_cast<local_id>(g - first_global());
    const auto it = std::lower_bound(p_.ghost_globals.begin(), p_.ghost_globals.end(), g);
    if (it == p_.ghost_globals.end() || *it != g) return std::nullopt;
    return local_vertices() + static_cast<local_id>(it - p_.ghost_globals.begin());
  }
  // The rank owning ghost slots [ghost_begin(r), ghost_begin(r+1)).
  [[nodiscard]] local_id ghost_begin(int rank) const noexcept { return p_.ghost_rank_begin[static_cast<std::size_t>(rank)]; }
  // The rank owning a ghost slot.
  [[nodiscard]] int owner_of_slot(local_id ghost_slot) const noexcept {
    const auto& b = p_.ghost_rank_begin;
    return static_cast<int>(std::upper_bound(b.begin(), b.end() - 1, ghost_slot) - b.begin()) - 1;
  }
  // The index the owner of a ghost knows it by.
  [[nodiscard]] local_id remote_index(local_id ghost_slot, int owner) const noexcept {
    return static_cast<local_id>(global_of(ghost_slot) - p_.rank_offsets[static_cast<std::size_t>(owner)]);
  }

  [[nodiscard]] int owner_of(vertex_id id) const { return p_.owner->owner_of(id); }
  // Hands the graph's arrays to a new owner (a dynamic graph); the graph is empty afterwards.
  [[nodiscard]] graph_parts release() && { return std::move(p_); }
  // The owned slot of an external id, if this rank owns it (O(log n)).
  [[nodiscard]] std::optional<local_id> find_local(vertex_id id) const;
  // Collective: whether any rank owns the vertex.
  [[nodiscard]] bool contains(vertex_id id) const;

  [[nodiscard]] std::span<const local_id> out_neighbors(local_id v) const noexcept { return slice(p_.out.targets, p_.out, v); }
  [[nodiscard]] std::span<const double> out_weights(local_id v) const noexcept { return slice(p_.out.weights, p_.out, v); }
  [[nodiscard]] std::span<const local_id> in_neighbors(local_id v) const noexcept { return slice(in_adj().targets, in_adj(), v); }
  [[nodiscard]] std::span<const double> in_weights(local_id v) const noexcept { return slice(in_adj().weights, in_adj(), v); }
  [[nodiscard]] std::uint64_t out_degree(local_id v) const noexcept { return p_.out.offsets[v + 1] - p_.out.offsets[v]; }
  [[nodiscard]] std::uint64_t in_degree(local_id v) const noexcept { return in_adj().offsets[v + 1] - in_adj().offsets[v]; }
  [[nodiscard]] std::uint64_t local_arcs() const noexcept { return p_.out.targets.size(); }
  // Bytes this rank's share of the graph holds: adjacency arrays, ids, ghost and rank tables.
  [[nodiscard]] std::uint64_t memory_bytes() const noexcept {
    const auto bytes = [](const auto& v) { return static_cast<std::uint64_t>(v.capacity() * sizeof(v[0])); };
    std::uint64_t total = bytes(p_.rank_offsets) + bytes(p_.external_ids) + bytes(p_.ghost_globals) + bytes(p_.ghost_rank_begin);
    for (const auto* adj : {&p_.out, &p_.in}) total += bytes(adj->offsets) + bytes(adj->targets) + bytes(adj->weights);
    return total;
  }

 private:
  [[nodiscard]] const adjacency& in_adj() const noexcept { return directed() ? p_.in : p_.out; }
  template <class T>
  static std::span<const T> slice(const std::vector<T>& data, const adjacency& adj, local_id v) noexcept {
    if (data.empty()) return {};
    return std::span<const T>(data).subspan(adj.offsets[v], adj.offsets[v + 1] - adj.offsets[v]);
  }

  const communicator* comm_;
  graph_parts p_;
  // Owned slots in ascending external id, when slots are numbered otherwise (empty if not).
  std::vector<local_id> by_external_id_;
};

}  // namespace eddy
