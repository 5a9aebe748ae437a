#pragma once
// Mirror synchronisation: every rank keeps copies of its ghosts' (remote neighbours') values. One
// exchange refreshes the copies with one value per (vertex, mirroring rank) rather than one
// message per edge; the reverse direction adds ghosts' contributions into their owners. Algorithms
// that read their neighbours' state ("pull") or intersect adjacency (triangles) build on it.
#include <cstdint>
#include <span>
#include <vector>

#include "eddy/graph/distributed_graph.hpp"
#include "eddy/runtime/exchange.hpp"

namespace eddy {

// A list per vertex: list i is items[offsets[i] .. offsets[i+1]).
template <class T>
struct vertex_lists {
  std::vector<std::uint64_t> offsets{0};
  std::vector<T> items;
  [[nodiscard]] std::span<const T> of(std::size_t i) const {
    return std::span<const T>(items).subspan(offsets[i], offsets[i + 1] - offsets[i]);
  }
  [[nodiscard]] std::size_t size() const noexcept { return offsets.size() - 1; }
};

class ghost_sync {
 public:
  // Collective: learns which owned vertices each rank holds as ghosts.
  explicit ghost_sync(const distributed_graph& g) : g_(g) {
    outbox<local_id> requests(g.comm().size());
    for (int r = 0; r < g.comm().size(); ++r) {
      for (local_id slot = g.ghost_begin(r); slot < g.ghost_begin(r + 1); ++slot) requests.push(r, g.remote_index(slot, r));
    }
    exchange(g.comm(), requests, mirrors_);
  }

  // Owned vertices that rank s holds as ghosts, in the order of s's ghost slots.
  [[nodiscard]] std::span<const local_id> mirrored_by(int s) const { return mirrors_.from(s); }

  // Collective: `values` is indexed by slot (owned then ghosts); the ghost entries are replaced by
  // their owners' current values. Ghost slots are grouped by owner in rank order, which is the
  // order in which the values arrive, so no indices travel.
  template <class T>
  void sync(std::span<T> values) const {
    outbox<T> out(g_.comm().size());
    for (int s = 0; s < g_.comm().size(); ++s) {
      for (const local_id v : mirrors_.from(s)) out.push(s, values[v]);
    }
    const auto in = exchange(g_.comm(), out);
    std::copy(in.items.begin(), in.items.end(), values.begin() + g_.local_vertices());
  }

  // Collective, the reverse of sync: every ghost entry is added into its owner's entry (ghost
  // entries themselves are left as they are).
  template <class T>
  void add_to_owners(std::span<T> values) const {
    outbox<T> out(g_.comm().size());
    for (int r = 0; r < g_.comm().size(); ++r) {
      for (local_id slot = g_.ghost_begin(r); slot < g_.ghost_begin(r + 1); ++slot) out.push(r, values[slot]);
    }
    const auto in = exchange(g_.comm(), out);
    for (int s = 0; s < g_.comm().size(); ++s) {
      const auto from = in.from(s);
      const auto targets = mirrors_.from(s);
      for (std::size_t i = 0; i < from.size(); ++i) values[targets[i]] += from[i];
    }
  }

  // Collective: one list per owned vertex in, the owners' lists of this rank's ghosts out (list i
  // belongs to ghost slot local_vertices() + i).
  template <class T>
  [[nodiscard]] vertex_lists<T> ghost_lists(const vertex_lists<T>& owned) const {
    outbox<std::uint64_t> sizes(g_.comm().size());
    outbox<T> items(g_.comm().size());
    for (int s = 0; s < g_.comm().size(); ++s) {
      for (const local_id v : mirrors_.from(s)) {
        const auto list = owned.of(v);
        sizes.push(s, list.size());
        items.to(s).insert(items.to(s).end(), list.begin(), list.end());
      }
    }
    const auto got_sizes = exchange(g_.comm(), sizes);
    vertex_lists<T> ghosts;
    ghosts.items = std::move(exchange(g_.comm(), items).items);
    ghosts.offsets.resize(got_sizes.items.size() + 1);
    for (std::size_t i = 0; i < got_sizes.items.size(); ++i) ghosts.offsets[i + 1] = ghosts.offsets[i] + got_sizes.items[i];
    return ghosts;
  }

 private:
  const distributed_graph& g_;
  inbox<local_id> mirrors_;
};

}  // namespace eddy
