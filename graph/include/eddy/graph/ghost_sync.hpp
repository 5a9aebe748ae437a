#pragma once
// Mirror synchronisation: every rank keeps a copy of its ghosts' values; after each owner-side
// update one exchange refreshes the copies, one value per (vertex, mirroring rank) rather than one
// message per edge. Algorithms that read their neighbours' state ("pull") use it.
#include <span>
#include <vector>

#include "eddy/graph/distributed_graph.hpp"
#include "eddy/runtime/exchange.hpp"

namespace eddy {

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
  // their owners' current values.
  template <class T>
  void sync(std::span<T> values) const {
    outbox<T> out(g_.comm().size());
    for (int s = 0; s < g_.comm().size(); ++s) {
      for (const local_id v : mirrors_.from(s)) out.push(s, values[v]);
    }
    const auto in = exchange(g_.comm(), out);
    // Ghost slots are grouped by owner in rank order, which is the order values arrive in.
    std::copy(in.items.begin(), in.items.end(), values.begin() + g_.local_vertices());
  }

 private:
  const distributed_graph& g_;
  inbox<local_id> mirrors_;
};

}  // namespace eddy
