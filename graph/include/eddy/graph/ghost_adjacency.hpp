#pragma once
// Fetching per-vertex data of ghosts (remote neighbours) from their owners once: one value, or
// one list, per ghost. Each rank asks each owner once per ghost, not once per edge — what adjacency
// intersecting algorithms (clustering, triangles) need.
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

#include "eddy/graph/distributed_graph.hpp"
#include "eddy/graph/ghost_sync.hpp"
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

// Collective: owned[v] for every owned v in, the owners' values of this rank's ghosts out
// (index = slot - local_vertices()).
template <class T>
[[nodiscard]] std::vector<T> fetch_ghost_values(const distributed_graph& g, std::span<const T> owned) {
  std::vector<T> all(std::size_t{g.local_vertices()} + g.ghost_vertices());
  std::copy(owned.begin(), owned.end(), all.begin());
  ghost_sync(g).sync(std::span<T>(all));
  return {all.begin() + g.local_vertices(), all.end()};
}

// Collective: the same for one list per vertex.
template <class T>
[[nodiscard]] vertex_lists<T> fetch_ghost_lists(const distributed_graph& g, const vertex_lists<T>& owned) {
  const ghost_sync mirrors(g);
  outbox<std::uint64_t> sizes(g.comm().size());
  outbox<T> items(g.comm().size());
  for (int s = 0; s < g.comm().size(); ++s) {
    for (const local_id v : mirrors.mirrored_by(s)) {
      const auto list = owned.of(v);
      sizes.push(s, list.size());
      items.to(s).insert(items.to(s).end(), list.begin(), list.end());
    }
  }
  const auto got_sizes = exchange(g.comm(), sizes);
  vertex_lists<T> ghosts;
  ghosts.items = std::move(exchange(g.comm(), items).items);
  ghosts.offsets.resize(got_sizes.items.size() + 1);
  for (std::size_t i = 0; i < got_sizes.items.size(); ++i) ghosts.offsets[i + 1] = ghosts.offsets[i] + got_sizes.items[i];
  return ghosts;
}

}  // namespace eddy
