#pragma once
// Vertex numbering for locality. Kernels that gather a value per neighbour (PageRank's pull, BFS's
// bottom-up scan, union-find) spend their time on cache misses; on skewed graphs most edges lead
// to a few hubs, so numbering each rank's vertices by descending degree packs the hot entries of
// every slot-indexed array into a few cache lines (and ghosts, numbered by their owners' order,
// follow suit). The partitioner still decides which vertices a rank owns; only their order inside
// the rank changes, so external ids are not ascending within a rank.
//
// Loaders choose the order as soon as they know the degrees (the builder when the partitioner has
// summed them, the file loader from the offsets it reads), so the rows are laid out once, in their
// final order.
#include <cstdint>
#include <span>
#include <vector>

#include "eddy/graph/distributed_graph.hpp"

namespace eddy::detail {

// The vertices 0..n-1 by descending degree, ties in ascending index: element k is the vertex to be
// numbered k. A counting sort: linear in n, whatever the degrees.
[[nodiscard]] std::vector<local_id> by_descending_degree(std::span<const std::uint64_t> degree);

// The inverse of a numbering: result[order[k]] = k.
[[nodiscard]] std::vector<local_id> inverse(std::span<const local_id> order);

// Collective: for every slot (owned, then ghosts) the dense id it would have if every rank's
// vertices were numbered by ascending external id, as graph files store them.
[[nodiscard]] std::vector<global_id> external_order_ids(const distributed_graph& g);

}  // namespace eddy::detail
