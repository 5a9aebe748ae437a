#include "local_slots.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <type_traits>

#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/radix_sort.hpp"
#include "id_index.hpp"
#include "vertex_order.hpp"

namespace eddy::detail {
namespace {

constexpr std::uint64_t slot_limit = std::numeric_limits<local_id>::max();

// The slot of every global id in one table (4 bytes per vertex of the graph): ghosts are marked,
// then numbered in one scan, and mapping a far end is a single read. Used when the table is not
// larger than the targets it maps.
class slot_table {
 public:
  template <class Far>
  slot_table(std::uint64_t n_global, global_id first, global_id last, const std::vector<Far>& out,
             const std::vector<Far>& in, std::vector<global_id>& ghosts)
      : slot_(n_global, 0) {
    // Owned ids are marked too (the scan below renumbers them): no branch to mispredict.
    for (const auto* far : {&out, &in}) {
      for (const Far g : *far) slot_[g] = 1;
    }
    std::uint64_t count = 0;
    for (global_id g = 0; g < n_global; ++g) count += slot_[g] != 0 && (g < first || g >= last) ? 1 : 0;
    ghosts.reserve(count);
    const std::uint64_t n_local = last - first;
    for (global_id g = 0; g < n_global; ++g) {
      if (g >= first && g < last) {
        slot_[g] = static_cast<std::uint32_t>(g - first);
      } else if (slot_[g] != 0) {
        slot_[g] = static_cast<std::uint32_t>(std::min(n_local + ghosts.size(), slot_limit));
        ghosts.push_back(g);
      }
    }
  }
  [[nodiscard]] local_id operator()(global_id g) const noexcept { return slot_[g]; }

 private:
  std::vector<std::uint32_t> slot_;
};

// Rewrites far (global ids) as slots into targets; slot_of handles every far end.
template <class Far>
void map_to_slots(std::vector<Far>& far, std::vector<local_id>& targets, const auto& slot_of) {
  const Far* from = nullptr;
  if constexpr (std::is_same_v<Far, local_id>) {
    targets = std::move(far);  // rewritten in place
    from = targets.data();
  } else {
    targets.resize(far.size());
    from = far.data();
  }
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, targets.size(), 1U << 16U),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      local_id* const out = targets.data();
                      for (std::size_t i = r.begin(); i != r.end(); ++i) out[i] = slot_of(from[i]);
                    });
  far = {};
}

}  // namespace

template <class Far>
void assign_slots(const communicator& comm, graph_parts& parts, std::vector<Far>& out_far, std::vector<Far>& in_far) {
  const global_id first = parts.rank_offsets[static_cast<std::size_t>(comm.rank())];
  const auto n_local = static_cast<std::uint64_t>(parts.external_ids.size());
  const global_id last = first + n_local;
  const std::uint64_t n_global = parts.rank_offsets.back();
  const std::uint64_t arcs = out_far.size() + in_far.size();

  std::optional<slot_table> table;
  std::optional<id_index> sorted;
  if (n_global <= slot_limit && n_global <= arcs + 65536) {
    table.emplace(n_global, first, last, out_far, in_far, parts.ghost_globals);
  } else {
    auto& ghosts = parts.ghost_globals;
    for (const auto* far : {&out_far, &in_far}) {
      for (const Far g : *far) {
        if (g < first || g >= last) ghosts.push_back(g);
      }
    }
    radix_sort(ghosts);
    ghosts.erase(std::unique(ghosts.begin(), ghosts.end()), ghosts.end());
    ghosts.shrink_to_fit();
    sorted.emplace(ghosts);
  }
  agree(comm, [&] {
    if (n_local + parts.ghost_globals.size() >= slot_limit) {
      throw error("a rank holds more than 2^32 vertices and ghosts; run with more ranks");
    }
  });

  const auto local = static_cast<local_id>(n_local);
  for (auto [far, adj] : {std::pair{&out_far, &parts.out}, std::pair{&in_far, &parts.in}}) {
    if (table) {
      map_to_slots(*far, adj->targets, *table);
    } else {
      map_to_slots(*far, adj->targets, [&](global_id g) {
        return g >= first && g < last ? static_cast<local_id>(g - first)
                                      : static_cast<local_id>(local + sorted->position(g));
      });
    }
  }
  const auto& ghosts = parts.ghost_globals;
  const int p = comm.size();
  parts.ghost_rank_begin.resize(static_cast<std::size_t>(p) + 1);
  for (int r = 0; r <= p; ++r) {
    const auto at = std::lower_bound(ghosts.begin(), ghosts.end(), parts.rank_offsets[static_cast<std::size_t>(r)]);
    parts.ghost_rank_begin[static_cast<std::size_t>(r)] = local + static_cast<local_id>(at - ghosts.begin());
  }
  order_by_degree(comm, parts);
}

template void assign_slots<std::uint32_t>(const communicator&, graph_parts&, std::vector<std::uint32_t>&,
                                          std::vector<std::uint32_t>&);
template void assign_slots<std::uint64_t>(const communicator&, graph_parts&, std::vector<std::uint64_t>&,
                                          std::vector<std::uint64_t>&);

}  // namespace eddy::detail
