#pragma once
// Sample sort across ranks: afterwards rank r holds a sorted run of records and every key on rank r
// is <= every key on rank r+1. Records with equal keys land on the same rank.
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "eddy/runtime/exchange.hpp"

namespace eddy {

template <class T, class KeyFn>
[[nodiscard]] std::vector<T> distributed_sort(const communicator& comm, std::vector<T> local, KeyFn key) {
  const auto less = [&](const T& a, const T& b) { return key(a) < key(b); };
  tbb::parallel_sort(local.begin(), local.end(), less);
  const int p = comm.size();
  if (p == 1) return local;

  // Regular sampling: 32 evenly spaced keys per rank per destination bound the imbalance.
  const std::size_t want = 32U * static_cast<std::size_t>(p);
  std::vector<std::uint64_t> samples;
  if (!local.empty()) {
    const std::size_t n = std::min(want, local.size());
    for (std::size_t i = 0; i < n; ++i) samples.push_back(key(local[(i * local.size()) / n]));
  }
  auto all = comm.all_gather_v<std::uint64_t>(samples);
  std::sort(all.begin(), all.end());
  std::vector<std::uint64_t> splitters;
  for (int i = 1; i < p; ++i) {
    splitters.push_back(all.empty() ? 0 : all[(static_cast<std::size_t>(i) * all.size()) / static_cast<std::size_t>(p)]);
  }

  outbox<T> out(p);
  for (const T& r : local) {
    const auto dest = std::upper_bound(splitters.begin(), splitters.end(), key(r)) - splitters.begin();
    out.push(static_cast<int>(dest), r);
  }
  local.clear();
  local.shrink_to_fit();
  auto in = exchange(comm, out);
  // Every sender's run arrives sorted: merging the runs pairwise takes log2(p) linear passes
  // instead of sorting again.
  auto& items = in.items;
  std::vector<std::size_t> bounds = in.offsets;  // run i is [bounds[i], bounds[i+1])
  while (bounds.size() > 2) {
    const std::size_t runs = bounds.size() - 1;
    std::vector<std::size_t> merged{bounds[0]};
    for (std::size_t i = 0; i + 2 <= runs; i += 2) {
      std::inplace_merge(items.begin() + static_cast<std::ptrdiff_t>(bounds[i]),
                         items.begin() + static_cast<std::ptrdiff_t>(bounds[i + 1]),
                         items.begin() + static_cast<std::ptrdiff_t>(bounds[i + 2]), less);
      merged.push_back(bounds[i + 2]);
    }
    if (runs % 2 == 1) merged.push_back(bounds[runs]);
    bounds = std::move(merged);
  }
  return std::move(items);
}

}  // namespace eddy
