#include "vertex_order.hpp"

#include <tbb/parallel_sort.h>

#include <algorithm>
#include <numeric>

#include "eddy/graph/ghost_sync.hpp"

namespace eddy::detail {

std::vector<local_id> by_descending_degree(std::span<const std::uint64_t> degree) {
  const auto n = static_cast<local_id>(degree.size());
  // Fewer than arcs / n vertices have a degree of n or more: they are sorted apart, so that the
  // counts take no more room than the vertices.
  const std::uint64_t cap = std::max<std::uint64_t>(n, 1);
  std::vector<local_id> high;
  // Bucket b holds degree cap - 1 - b, so buckets ascend as degrees descend.
  std::vector<local_id> start(cap, 0);
  for (local_id v = 0; v < n; ++v) {
    if (degree[v] >= cap) {
      high.push_back(v);
    } else {
      ++start[cap - 1 - degree[v]];
    }
  }
  std::stable_sort(high.begin(), high.end(), [&](local_id a, local_id b) { return degree[a] > degree[b]; });
  auto at = static_cast<local_id>(high.size());
  for (auto& s : start) {
    const local_id count = s;
    s = at;
    at += count;
  }
  std::vector<local_id> order(n);
  std::copy(high.begin(), high.end(), order.begin());
  for (local_id v = 0; v < n; ++v) {
    if (degree[v] < cap) order[start[cap - 1 - degree[v]]++] = v;
  }
  return order;
}

std::vector<local_id> inverse(std::span<const local_id> order) {
  std::vector<local_id> result(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) result[order[k]] = static_cast<local_id>(k);
  return result;
}

std::vector<global_id> external_order_ids(const distributed_graph& g) {
  const local_id n = g.local_vertices();
  std::vector<local_id> by_id(n);
  std::iota(by_id.begin(), by_id.end(), local_id{0});
  const auto ids = g.external_ids();
  tbb::parallel_sort(by_id.begin(), by_id.end(), [&](local_id a, local_id b) { return ids[a] < ids[b]; });
  std::vector<global_id> result(std::size_t{n} + g.ghost_vertices());
  for (local_id k = 0; k < n; ++k) result[by_id[k]] = g.first_global() + k;
  ghost_sync(g).sync(std::span<global_id>(result));
  return result;
}

}  // namespace eddy::detail
