#include "eddy/graph/distributed_graph.hpp"

namespace eddy {

distributed_graph::distributed_graph(const communicator& comm, graph_parts parts)
    : comm_(&comm), p_(std::move(parts)) {}

bool distributed_graph::contains(vertex_id id) const {
  const int here = (owner_of(id) == comm_->rank() && find_local(id).has_value()) ? 1 : 0;
  return comm_->all_reduce(here, reduce_op::max) == 1;
}

}  // namespace eddy
