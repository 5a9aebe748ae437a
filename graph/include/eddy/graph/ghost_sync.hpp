#pragma once
// Mirror synchronisation: every rank keeps copies of its ghosts' (remote neighbours') values. One
// exchange refreshes the copies with one value per (vertex, mirroring rank) rather than one
// message per edge; the reverse direction adds ghosts' contributions into their owners. Algorithms
// that read their neighbours' state ("pull") or intersect adjacency (triangles) build on it.
#include <tbb/parallel_for.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <type_traits>
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

// A value for one mirror: the index of the vertex in mirrored_by(receiver).
template <class T>
struct mirror_value {
  local_id index;
  T value;
};

class ghost_sync {
 public:
  // Collective: learns which owned vertices each rank holds as ghosts.
  explicit ghost_sync(const distributed_graph& g) : g_(g) {
    const int p = g.comm().size();
    outbox<local_id> requests(p);
    for (int r = 0; r < p; ++r) {
      for (local_id slot = g.ghost_begin(r); slot < g.ghost_begin(r + 1); ++slot) requests.push(r, g.remote_index(slot, r));
    }
    exchange(g.comm(), requests, mirrors_);
    const auto ranks = static_cast<std::size_t>(p);
    mirror_counts_.resize(ranks);
    ghost_counts_.resize(ranks);
    for (int r = 0; r < p; ++r) {
      const auto i = static_cast<std::size_t>(r);
      mirror_counts_[i] = mirrors_.offsets[i + 1] - mirrors_.offsets[i];
      ghost_counts_[i] = g.ghost_begin(r + 1) - g.ghost_begin(r);
    }
  }

  // Owned vertices that rank s holds as ghosts, in the order of s's ghost slots.
  [[nodiscard]] std::span<const local_id> mirrored_by(int s) const { return mirrors_.from(s); }
  // Where mirrored_by(s) starts among all mirrors (ranks in order): for per-mirror state.
  [[nodiscard]] std::size_t first_mirror(int s) const { return mirrors_.offsets[static_cast<std::size_t>(s)]; }
  // Values one sync sends from this rank: one per (owned vertex, rank mirroring it).
  [[nodiscard]] std::uint64_t mirrored() const noexcept { return mirrors_.items.size(); }

  // Collective: `values` is indexed by slot (owned then ghosts); the ghost entries are replaced by
  // their owners' current values. Both sides know the pattern, so only the values travel, straight
  // into the ghost entries (grouped by owner in rank order, as they arrive).
  template <class T>
  void sync(std::span<T> values) const {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto packed = scratch_<T>(mirrors_.items.size());
    const auto* from = values.data();
    const auto* index = mirrors_.items.data();
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, packed.size(), 4096), [&](const auto& r) {
      for (std::size_t i = r.begin(); i != r.end(); ++i) packed[i] = from[index[i]];
    });
    move_values(std::as_bytes(packed), mirror_counts_,
                std::as_writable_bytes(values.subspan(g_.local_vertices())), ghost_counts_, sizeof(T));
  }

  // Collective, the reverse of sync: every ghost entry is combined into its owner's entry with
  // `combine` (default: added); ghost entries themselves are left as they are.
  template <class T, class Combine = std::plus<T>>
  void add_to_owners(std::span<T> values, Combine combine = {}) const {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto got = scratch_<T>(mirrors_.items.size());
    move_values(std::as_bytes(values.subspan(g_.local_vertices())), ghost_counts_,
                std::as_writable_bytes(got), mirror_counts_, sizeof(T));
    // A vertex appears at most once per sender, so each sender's block can be folded in parallel.
    for (int s = 0; s < g_.comm().size(); ++s) {
      const auto targets = mirrors_.from(s);
      const std::size_t base = first_mirror(s);
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, targets.size(), 4096), [&](const auto& r) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) values[targets[i]] = combine(values[targets[i]], got[base + i]);
      });
    }
  }

  // Collective, sparse form of add_to_owners for frontier algorithms: only the listed ghost slots
  // travel, ghost_slots[i] with values[i]; `receive(owned vertex, value)` runs on the owner for
  // each arrival.
  template <class T, class Receive>
  void send_to_owners(std::span<const local_id> ghost_slots, std::span<const T> values, Receive receive) const {
    struct item {
      local_id target;
      T value;
    };
    outbox<item> out(g_.comm().size());
    for (std::size_t i = 0; i < ghost_slots.size(); ++i) {
      const int owner = g_.owner_of_slot(ghost_slots[i]);
      out.push(owner, {g_.remote_index(ghost_slots[i], owner), values[i]});
    }
    const auto in = exchange(g_.comm(), out);
    for (const auto& [target, value] : in.items) receive(target, value);
  }

  // Collective, sparse form of sync: `out` holds for each rank r the values to send, each with
  // its index into mirrored_by(r); receive(ghost slot, value) runs on r for each arrival.
  template <class T, class Receive>
  void send_to_mirrors(const outbox<mirror_value<T>>& out, Receive receive) const {
    const auto in = exchange(g_.comm(), out);
    for (int s = 0; s < g_.comm().size(); ++s) {
      for (const auto& [index, value] : in.from(s)) receive(g_.ghost_begin(s) + index, value);
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
  // One buffer reused by every call on this object: a sync allocates nothing once it has grown.
  // (Bytes from operator new are aligned for any fundamental type; values are trivially copyable.)
  template <class T>
  std::span<T> scratch_(std::size_t count) const {
    static_assert(alignof(T) <= alignof(std::max_align_t));
    if (scratch_bytes_.size() < count * sizeof(T)) scratch_bytes_.resize(count * sizeof(T));
    return {reinterpret_cast<T*>(scratch_bytes_.data()), count};
  }
  void move_values(std::span<const std::byte> send, const std::vector<std::size_t>& send_items,
                   std::span<std::byte> recv, const std::vector<std::size_t>& recv_items, std::size_t size) const {
    const auto p = send_items.size();
    counts_.assign(4 * (p + 1), 0);
    auto* sc = counts_.data();
    auto* sd = sc + p + 1;
    auto* rc = sd + p + 1;
    auto* rd = rc + p + 1;
    for (std::size_t r = 0; r < p; ++r) {
      sc[r] = send_items[r] * size;
      rc[r] = recv_items[r] * size;
      sd[r + 1] = sd[r] + sc[r];
      rd[r + 1] = rd[r] + rc[r];
    }
    g_.comm().exchange_known(send, {sc, p}, {sd, p}, recv, {rc, p}, {rd, p});
  }

  const distributed_graph& g_;
  inbox<local_id> mirrors_;
  std::vector<std::size_t> mirror_counts_;  // per rank: how many of my vertices it mirrors
  std::vector<std::size_t> ghost_counts_;   // per rank: how many of its vertices I mirror
  mutable std::vector<std::size_t> counts_;
  mutable std::vector<std::byte> scratch_bytes_;
};

}  // namespace eddy
