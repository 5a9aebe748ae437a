#include "eddy/algorithms/lcc.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>

#include "eddy/graph/ghost_sync.hpp"

namespace eddy::algorithms {
namespace {

// One neighbour u in v's list: arcs v->u set bit 1, arcs u->v bit 2, so popcount(bits) is the
// number of arcs between the two (parallel arcs count once).
constexpr local_id no_slot = ~local_id{0};

struct neighbor {
  global_id id;
  local_id slot;  // meaningful on the rank that built the list
  std::uint32_t bits;
};

// Orders vertices by (simple degree, global id): each triangle is enumerated once, from its
// lowest vertex, and the lists that are intersected are the short "upward" ones (GAP's tc).
struct rank_key {
  std::uint64_t degree;
  global_id id;
  bool operator<(const rank_key& o) const { return degree != o.degree ? degree < o.degree : id < o.id; }
};

// N(v) of every owned vertex, sorted by global id, self-loops dropped, directions merged.
vertex_lists<neighbor> simple_neighbourhoods(const distributed_graph& g) {
  const local_id n = g.local_vertices();
  std::vector<std::vector<neighbor>> lists(n);
  tbb::parallel_for(local_id{0}, n, [&](local_id v) {
    auto& list = lists[v];
    for (const auto t : g.out_neighbors(v)) list.push_back({g.global_of(t), t, g.directed() ? 1U : 3U});
    if (g.directed()) {
      for (const auto t : g.in_neighbors(v)) list.push_back({g.global_of(t), t, 2U});
    }
    std::erase_if(list, [&](const neighbor& x) { return x.slot == v; });
    std::sort(list.begin(), list.end(), [](const neighbor& a, const neighbor& b) { return a.id < b.id; });
    std::size_t out = 0;
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (out > 0 && list[out - 1].id == list[i].id) {
        list[out - 1].bits |= list[i].bits;
      } else {
        list[out++] = list[i];
      }
    }
    list.resize(out);
  });
  vertex_lists<neighbor> flat;
  flat.offsets.resize(std::size_t{n} + 1);
  for (local_id v = 0; v < n; ++v) flat.offsets[v + 1] = flat.offsets[v] + lists[v].size();
  flat.items.resize(flat.offsets[n]);
  tbb::parallel_for(local_id{0}, n, [&](local_id v) {
    std::copy(lists[v].begin(), lists[v].end(), flat.items.begin() + static_cast<std::ptrdiff_t>(flat.offsets[v]));
  });
  return flat;
}

}  // namespace

vertex_result<double> lcc(const distributed_graph& g, const run_options& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t bytes_before = g.comm().bytes_sent();
  const local_id n = g.local_vertices();
  const std::size_t slots = std::size_t{n} + g.ghost_vertices();
  const ghost_sync mirrors(g);
  const auto full = simple_neighbourhoods(g);

  std::vector<std::uint64_t> degree(slots);  // simple degree, ghosts' copies included
  for (local_id v = 0; v < n; ++v) degree[v] = full.of(v).size();
  mirrors.sync(std::span<std::uint64_t>(degree));
  const auto key_of = [&](local_id slot) { return rank_key{degree[slot], g.global_of(slot)}; };

  // Upward lists: the neighbours ranked above v.
  vertex_lists<neighbor> up;
  up.offsets.assign(std::size_t{n} + 1, 0);
  for (local_id v = 0; v < n; ++v) {
    const auto mine = key_of(v);
    for (const auto& x : full.of(v)) {
      if (mine < key_of(x.slot)) up.items.push_back(x);
    }
    up.offsets[v + 1] = up.items.size();
  }
  // Ghosts' lists arrive with their owners' slots; re-express them in this rank's slots. A vertex
  // that is no neighbour of any vertex here can close no triangle here.
  auto ghost_up = mirrors.ghost_lists(up);
  tbb::parallel_for(std::size_t{0}, ghost_up.items.size(), [&](std::size_t i) {
    auto& x = ghost_up.items[i];
    x.slot = g.slot_of_global(x.id).value_or(no_slot);
  });
  const auto up_of = [&](local_id slot) { return slot < n ? up.of(slot) : ghost_up.of(slot - n); };

  // For triangle (v, u, w) each corner is credited with the arcs between the other two.
  std::vector<std::uint64_t> credit(slots, 0);
  const auto add_count = [&](local_id slot, std::uint64_t arcs) {
    std::atomic_ref<std::uint64_t>(credit[slot]).fetch_add(arcs, std::memory_order_relaxed);
  };
  const auto add = [&](local_id slot, std::uint32_t bits) {
    add_count(slot, static_cast<std::uint64_t>(std::popcount(bits)));
  };
  // Per v: mark up(v) (bits + 1 per slot), then every w in up(u) for u in up(v) closes a triangle
  // exactly when it is marked. Work is the sum of |up(u)| over upward edges, GAP's bound.
  tbb::enumerable_thread_specific<std::vector<std::uint8_t>> marks(
      [&] { return std::vector<std::uint8_t>(slots, 0); });
  tbb::parallel_for(tbb::blocked_range<local_id>(0, n, 64), [&](const tbb::blocked_range<local_id>& range) {
    auto& mark = marks.local();
    for (local_id v = range.begin(); v != range.end(); ++v) {
      const auto vs = up.of(v);
      for (const auto& w : vs) mark[w.slot] = static_cast<std::uint8_t>(w.bits + 1);
      std::uint64_t mine = 0;
      for (const auto& u : vs) {
        for (const auto& w : up_of(u.slot)) {
          if (w.slot == no_slot || mark[w.slot] == 0) continue;
          mine += static_cast<std::uint64_t>(std::popcount(w.bits));
          add(u.slot, static_cast<std::uint32_t>(mark[w.slot] - 1));
          add(w.slot, u.bits);
        }
      }
      for (const auto& w : vs) mark[w.slot] = 0;
      add_count(v, mine);
    }
  });

  mirrors.add_to_owners(std::span<std::uint64_t>(credit));  // credits earned by ghosts

  std::vector<double> values(n, 0.0);
  for (local_id v = 0; v < n; ++v) {
    const auto d = static_cast<double>(degree[v]);
    if (degree[v] >= 2) values[v] = static_cast<double>(credit[v]) / (d * (d - 1.0));
  }

  run_metrics metrics;
  metrics.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics.bytes_sent = g.comm().all_reduce(g.comm().bytes_sent() - bytes_before, reduce_op::sum);
  superstep_metrics step{0, 0, 0, metrics.bytes_sent, metrics.seconds};
  step.active = g.comm().all_reduce(static_cast<std::uint64_t>(n), reduce_op::sum);
  metrics.supersteps.push_back(step);
  if (options.on_superstep) options.on_superstep(step);
  return {std::move(values), std::move(metrics)};
}

}  // namespace eddy::algorithms
