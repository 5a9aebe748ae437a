#include "eddy/graph/ghost_adjacency.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>

#include "eddy/runtime/exchange.hpp"

namespace eddy {

neighbor_lists owned_out_lists(const distributed_graph& g) {
  const local_id n = g.local_vertices();
  neighbor_lists lists;
  lists.offsets.assign(std::size_t{n} + 1, 0);
  for (local_id v = 0; v < n; ++v) lists.offsets[v + 1] = lists.offsets[v] + g.out_degree(v);
  lists.ids.resize(lists.offsets[n]);
  std::vector<std::uint64_t> unique_size(n);
  tbb::parallel_for(local_id{0}, n, [&](local_id v) {
    auto* begin = lists.ids.data() + lists.offsets[v];
    std::size_t k = 0;
    for (const local_id t : g.out_neighbors(v)) begin[k++] = g.global_of(t);
    std::sort(begin, begin + k);
    unique_size[v] = static_cast<std::uint64_t>(std::unique(begin, begin + k) - begin);
  });
  // Compact away the duplicates.
  std::uint64_t at = 0;
  for (local_id v = 0; v < n; ++v) {
    const auto from = lists.offsets[v];
    lists.offsets[v] = at;
    std::copy_n(lists.ids.begin() + static_cast<std::ptrdiff_t>(from), unique_size[v],
                lists.ids.begin() + static_cast<std::ptrdiff_t>(at));
    at += unique_size[v];
  }
  lists.offsets[n] = at;
  lists.ids.resize(at);
  return lists;
}

neighbor_lists fetch_ghost_out_lists(const distributed_graph& g, const neighbor_lists& owned) {
  const auto& comm = g.comm();
  const int p = comm.size();
  outbox<local_id> requests(p);
  for (int r = 0; r < p; ++r) {
    for (local_id slot = g.ghost_begin(r); slot < g.ghost_begin(r + 1); ++slot) requests.push(r, g.remote_index(slot, r));
  }
  const auto asked = exchange(comm, requests);
  // Answer stream per requester: for each asked vertex, its length followed by its ids.
  outbox<std::uint64_t> answers(p);
  for (int s = 0; s < p; ++s) {
    auto& out = answers.to(s);
    for (const local_id v : asked.from(s)) {
      const auto list = owned.of(v);
      out.push_back(list.size());
      out.insert(out.end(), list.begin(), list.end());
    }
  }
  const auto got = exchange(comm, answers);
  neighbor_lists ghosts;
  ghosts.offsets.assign(std::size_t{g.ghost_vertices()} + 1, 0);
  ghosts.ids.reserve(got.items.size());
  std::size_t slot_index = 0;
  for (int r = 0; r < p; ++r) {
    const auto stream = got.from(r);
    for (std::size_t i = 0; i < stream.size();) {
      const auto len = stream[i++];
      ghosts.ids.insert(ghosts.ids.end(), stream.begin() + static_cast<std::ptrdiff_t>(i),
                        stream.begin() + static_cast<std::ptrdiff_t>(i + len));
      i += len;
      ghosts.offsets[++slot_index] = ghosts.ids.size();
    }
  }
  return ghosts;
}

}  // namespace eddy
