#pragma once
// Neighbour lists of remote vertices, for algorithms that intersect adjacency (clustering,
// triangles). Each rank asks each owner once per ghost, not once per edge.
#include <cstdint>
#include <span>
#include <vector>

#include "eddy/graph/distributed_graph.hpp"

namespace eddy {

struct neighbor_lists {
  std::vector<std::uint64_t> offsets;  // list i is ids[offsets[i] .. offsets[i+1])
  std::vector<global_id> ids;
  [[nodiscard]] std::span<const global_id> of(std::size_t i) const {
    return std::span<const global_id>(ids).subspan(offsets[i], offsets[i + 1] - offsets[i]);
  }
};

// Out-neighbours of every owned vertex as sorted, duplicate-free global ids.
[[nodiscard]] neighbor_lists owned_out_lists(const distributed_graph& g);
// Collective: the same lists for every ghost (index = slot - local_vertices()), from their owners.
[[nodiscard]] neighbor_lists fetch_ghost_out_lists(const distributed_graph& g, const neighbor_lists& owned);

}  // namespace eddy
