#include "triangles.hpp"

#include "simple_neighbours.hpp"

namespace eddy::algorithms {
namespace {

constexpr unsigned bits_shift = 62;  // arc bits travel in the top bits of a global id

}  // namespace

upward_lists build_upward_lists(const distributed_graph& g, const ghost_sync& mirrors) {
  const local_id n = g.local_vertices();
  upward_lists lists;
  lists.degree.assign(std::size_t{n} + g.ghost_vertices(), 0);
  tbb::parallel_for(tbb::blocked_range<local_id>(0, n, 1024), [&](const auto& r) {
    for (local_id v = r.begin(); v != r.end(); ++v) {
      for_each_simple_neighbour(g, v, [&](local_id, std::uint8_t) { ++lists.degree[v]; });
    }
  });
  mirrors.sync(std::span<std::uint64_t>(lists.degree));
  const auto below = [&](local_id a, local_id b) {
    const auto da = lists.degree[a];
    const auto db = lists.degree[b];
    return da != db ? da < db : g.global_of(a) < g.global_of(b);
  };

  // Upward entries: count, lay out, fill.
  auto& up = lists.owned;
  up.offsets.assign(std::size_t{n} + 1, 0);
  tbb::parallel_for(tbb::blocked_range<local_id>(0, n, 1024), [&](const auto& r) {
    for (local_id v = r.begin(); v != r.end(); ++v) {
      for_each_simple_neighbour(g, v, [&](local_id u, std::uint8_t) { up.offsets[v + 1] += below(v, u) ? 1 : 0; });
    }
  });
  for (local_id v = 0; v < n; ++v) up.offsets[v + 1] += up.offsets[v];
  up.items.resize(up.offsets[n]);
  lists.owned_bits.resize(up.offsets[n]);
  tbb::parallel_for(tbb::blocked_range<local_id>(0, n, 1024), [&](const auto& r) {
    for (local_id v = r.begin(); v != r.end(); ++v) {
      auto at = up.offsets[v];
      for_each_simple_neighbour(g, v, [&](local_id u, std::uint8_t bits) {
        if (!below(v, u)) return;
        up.items[at] = u;
        lists.owned_bits[at++] = bits;
      });
    }
  });

  // Ghosts' upward lists, sent by their owners as global ids carrying the arc bits, then
  // re-expressed in this rank's slots.
  vertex_lists<global_id> wire;
  wire.offsets = up.offsets;
  wire.items.resize(up.items.size());
  tbb::parallel_for(std::size_t{0}, up.items.size(), [&](std::size_t k) {
    wire.items[k] = g.global_of(up.items[k]) | (global_id{lists.owned_bits[k]} << bits_shift);
  });
  const auto got = mirrors.ghost_lists(wire);
  wire = {};
  lists.ghosts.offsets = got.offsets;
  lists.ghosts.items.resize(got.items.size());
  lists.ghost_bits.resize(got.items.size());
  constexpr global_id id_mask = (global_id{1} << bits_shift) - 1;
  tbb::parallel_for(std::size_t{0}, got.items.size(), [&](std::size_t k) {
    const global_id item = got.items[k];
    lists.ghosts.items[k] = g.slot_of_global(item & id_mask).value_or(upward_lists::no_slot);
    lists.ghost_bits[k] = static_cast<std::uint8_t>(item >> bits_shift);
  });
  return lists;
}

}  // namespace eddy::algorithms
