#pragma once
// Vertex numbering for locality. Kernels that gather a value per neighbour (PageRank's pull, BFS's
// bottom-up scan, union-find) spend their time on cache misses; on skewed graphs most edges lead
// to a few hubs, so numbering each rank's vertices by descending degree packs the hot entries of
// every slot-indexed array into a few cache lines (and ghosts, numbered by their owners' order,
// follow suit). The chunk partitioner still decides which vertices a rank owns; only their order
// inside the rank changes, so external ids are no longer ascending within a rank.
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::detail {

// Collective, after assign_slots: renumbers the owned vertices of every rank by descending degree
// (ties by the previous order), the ghosts by their owners' new numbers, and rewrites every row
// through the new slots (the order of targets within a row is unspecified).
void order_by_degree(const communicator& comm, graph_parts& parts);

// Collective: for every slot (owned, then ghosts) the dense id it would have if every rank's
// vertices were numbered by ascending external id, as graph files store them.
[[nodiscard]] std::vector<global_id> external_order_ids(const distributed_graph& g);

}  // namespace eddy::detail
