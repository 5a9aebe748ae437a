#pragma once
// The last step of every way of loading a graph: numbering the far ends of a rank's rows as local
// slots. Owned vertices are slots [0, n_local) in their global order; every other far end becomes
// a ghost, numbered from n_local in ascending global id (hence grouped by owning rank, and within
// an owner in that owner's order).
#include <span>
#include <vector>

#include "eddy/graph/distributed_graph.hpp"

namespace eddy::detail {

// Collective. parts.rank_offsets, parts.external_ids and the offsets (and weights) of parts.out
// and parts.in must be set; out_far and in_far hold the far ends of the out- and in-rows as global
// ids (each < the global vertex count) and are consumed into parts.out.targets and
// parts.in.targets. Fills parts.ghost_globals and parts.ghost_rank_begin. Throws (on every rank)
// when a rank would need 2^32 slots or more.
template <class Far>
void assign_slots(const communicator& comm, graph_parts& parts, std::vector<Far>& out_far, std::vector<Far>& in_far);

// The same while every rank renumbers its vertices: its vertex k becomes the one it held as
// order[k] (external ids, rows and weights move with it; the rank keeps its range of global ids).
// The far ends are global ids of the numbering before; ghosts learn their new ids from their
// owners. Every rank calls this one or every rank the one above.
template <class Far>
void assign_slots_in_order(const communicator& comm, graph_parts& parts, std::vector<Far>& out_far,
                           std::vector<Far>& in_far, std::span<const local_id> order);

}  // namespace eddy::detail
