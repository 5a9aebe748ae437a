#include "eddy/graph/distributed_graph.hpp"

#include <tbb/parallel_sort.h>

#include <algorithm>

namespace eddy {

distributed_graph::distributed_graph(const communicator& comm, graph_parts parts)
    : comm_(&comm), p_(std::move(parts)) {
  const auto& ids = p_.external_ids;
  if (p_.slots_by_external_id.size() == ids.size() && !ids.empty()) {
    by_external_id_ = std::move(p_.slots_by_external_id);
  } else if (!std::is_sorted(ids.begin(), ids.end())) {
    by_external_id_.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) by_external_id_.push_back(static_cast<local_id>(i));
    tbb::parallel_sort(by_external_id_.begin(), by_external_id_.end(),
                       [&](local_id a, local_id b) { return ids[a] < ids[b]; });
  }
}

std::optional<local_id> distributed_graph::find_local(vertex_id id) const {
  const auto& ids = p_.external_ids;
  if (by_external_id_.empty()) {
    const auto it = std::lower_bound(ids.begin(), ids.end(), id);
    if (it == ids.end() || *it != id) return std::nullopt;
    return static_cast<local_id>(it - ids.begin());
  }
  const auto it = std::lower_bound(by_external_id_.begin(), by_external_id_.end(), id,
                                   [&](local_id slot, vertex_id wanted) { return ids[slot] < wanted; });
  if (it == by_external_id_.end() || ids[*it] != id) return std::nullopt;
  return *it;
}

bool distributed_graph::contains(vertex_id id) const {
  const int here = (owner_of(id) == comm_->rank() && find_local(id).has_value()) ? 1 : 0;
  return comm_->all_reduce(here, reduce_op::max) == 1;
}

}  // namespace eddy
