#pragma once
// The last step of every way of loading a graph: numbering the far ends of a rank's rows as local
// slots. Owned vertices are slots [0, n_local); every other far end becomes a ghost, numbered from
// n_local in global order (hence grouped by owning rank). The owned vertices are then renumbered
// by descending degree (vertex_order.hpp).
#include <vector>

#include "eddy/graph/distributed_graph.hpp"

namespace eddy::detail {

// Collective. parts.rank_offsets and parts.external_ids must be set; out_far and in_far hold the
// far ends of the out- and in-rows as global ids (each < the global vertex count) and are consumed
// into parts.out.targets and parts.in.targets. Fills parts.ghost_globals and
// parts.ghost_rank_begin. Throws (on every rank) when a rank would need 2^32 slots or more.
template <class Far>
void assign_slots(const communicator& comm, graph_parts& parts, std::vector<Far>& out_far, std::vector<Far>& in_far);

}  // namespace eddy::detail
