#pragma once
// Streams in multi-rank tests: every rank builds the whole batch from the same seed and passes its
// contiguous share to dynamic_graph::apply, so stream order is rank order.
#include <span>
#include <vector>

#include "eddy/io/edge_update.hpp"
#include "eddy/runtime/communicator.hpp"

namespace eddy::test {

inline std::span<const io::edge_update> rank_share(const communicator& comm, const std::vector<io::edge_update>& batch) {
  const auto p = static_cast<std::size_t>(comm.size());
  const auto r = static_cast<std::size_t>(comm.rank());
  const std::size_t begin = batch.size() * r / p;
  const std::size_t end = batch.size() * (r + 1) / p;
  return std::span<const io::edge_update>(batch).subspan(begin, end - begin);
}

}  // namespace eddy::test
