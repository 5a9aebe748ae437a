#include "local_slots.hpp"

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <bit>
#include <limits>
#include <numeric>
#include <optional>
#include <type_traits>

#include "eddy/io/memory_hint.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/radix_sort.hpp"
#include "id_index.hpp"
#include "owner_requests.hpp"
#include "vertex_order.hpp"

namespace eddy::detail {
namespace {

constexpr std::uint64_t slot_limit = std::numeric_limits<local_id>::max();

// Calls f(g) for every g in [begin, end) whose bit is set, ascending.
template <class F>
void for_each_set_bit(const std::vector<std::uint64_t>& bits, std::uint64_t begin, std::uint64_t end, F&& f) {
  for (std::uint64_t word = begin / 64; word * 64 < end; ++word) {
    std::uint64_t set = bits[word];
    if (word * 64 < begin) set &= ~std::uint64_t{0} << (begin % 64);
    if ((word + 1) * 64 > end) set &= (std::uint64_t{1} << (end % 64)) - 1;
    for (; set != 0; set &= set - 1) f(word * 64 + static_cast<unsigned>(std::countr_zero(set)));
  }
}

// The slot of every far end. Either one table over all global ids (4 bytes per vertex of the
// graph), where mapping a far end is a single read, used when the table is not larger than the
// targets it maps; the ghosts are found with a bit per vertex, which stays in cache where the
// table may not. Or the sorted ghosts and an index on them.
class slot_map {
 public:
  template <class Far>
  slot_map(std::uint64_t n_global, global_id first, global_id last, const std::vector<Far>& out,
           const std::vector<Far>& in)
      : first_(first), last_(last) {
    const std::uint64_t arcs = out.size() + in.size();
    if (n_global <= slot_limit && n_global <= arcs + 65536) {
      std::vector<std::uint64_t> seen((n_global + 63) / 64, 0);
      // Owned ids are marked too (they are skipped below): no branch to mispredict.
      for (const auto* far : {&out, &in}) {
        for (const Far g : *far) seen[g / 64] |= std::uint64_t{1} << (g % 64);
      }
      for_each_set_bit(seen, 0, first, [&](global_id g) { ghosts_.push_back(g); });
      for_each_set_bit(seen, last, n_global, [&](global_id g) { ghosts_.push_back(g); });
      table_.resize(n_global);
      return;
    }
    for (const auto* far : {&out, &in}) {
      for (const Far g : *far) {
        if (g < first || g >= last) ghosts_.push_back(g);
      }
    }
    radix_sort(ghosts_);
    ghosts_.erase(std::unique(ghosts_.begin(), ghosts_.end()), ghosts_.end());
    ghosts_.shrink_to_fit();
    index_.emplace(ghosts_);
  }
  slot_map(const slot_map&) = delete;  // the index points into ghosts_
  slot_map& operator=(const slot_map&) = delete;

  // The distinct far ends outside this rank's range, ascending.
  [[nodiscard]] const std::vector<global_id>& ghosts() const noexcept { return ghosts_; }

  // Owned vertex v (its global id less first) gets owned_slot[v], the i-th ghost ghost_slot[i];
  // an empty vector stands for the identity, respectively n_local + i.
  void set_slots(std::span<const local_id> owned_slot, std::span<const local_id> ghost_slot) {
    const auto n_local = static_cast<local_id>(last_ - first_);
    const auto owned = [&](local_id v) { return owned_slot.empty() ? v : owned_slot[v]; };
    const auto ghost = [&](std::size_t i) {
      return ghost_slot.empty() ? n_local + static_cast<local_id>(i) : ghost_slot[i];
    };
    local_id* const owned_out = index_ ? resized(owned_, n_local) : table_.data() + first_;
    for (local_id v = 0; v < n_local; ++v) owned_out[v] = owned(v);
    if (index_) {
      local_id* const ghost_out = resized(ghost_, ghosts_.size());
      for (std::size_t i = 0; i < ghosts_.size(); ++i) ghost_out[i] = ghost(i);
    } else {
      for (std::size_t i = 0; i < ghosts_.size(); ++i) table_[ghosts_[i]] = ghost(i);
    }
  }

  // When every ghost i is renamed to renamed[i] (distinct ids): the slot each ghost takes when
  // they are numbered by their new ids, and those ids ascending in `sorted`. Before set_slots.
  std::vector<local_id> rank_renamed(std::span<const global_id> renamed, std::vector<global_id>& sorted) {
    const auto n_local = static_cast<local_id>(last_ - first_);
    std::vector<local_id> slot(ghosts_.size());
    sorted.clear();
    sorted.reserve(ghosts_.size());
    if (index_) {
      std::vector<local_id> by_new(ghosts_.size());
      std::iota(by_new.begin(), by_new.end(), local_id{0});
      tbb::parallel_sort(by_new.begin(), by_new.end(),
                         [&](local_id a, local_id b) { return renamed[a] < renamed[b]; });
      for (std::size_t k = 0; k < by_new.size(); ++k) {
        slot[by_new[k]] = n_local + static_cast<local_id>(k);
        sorted.push_back(renamed[by_new[k]]);
      }
      return slot;
    }
    // The table, free until set_slots, sorts them instead: indexed by the new ids, it is scanned
    // in their order (new ids of ghosts lie outside this rank's range, as the old ones do).
    std::fill(table_.begin(), table_.end(), 0);
    for (std::size_t i = 0; i < renamed.size(); ++i) table_[renamed[i]] = static_cast<local_id>(i) + 1;
    each_ghost_id([&](global_id g) {
      if (table_[g] == 0) return;
      slot[table_[g] - 1] = n_local + static_cast<local_id>(sorted.size());
      sorted.push_back(g);
    });
    return slot;
  }

  // Calls f(slot_of), slot_of(global id) -> slot, in the form chosen at construction.
  template <class F>
  void with_lookup(F&& f) const {
    if (!index_) {
      f([table = table_.data()](global_id g) { return table[g]; });
      return;
    }
    f([this](global_id g) {
      return g >= first_ && g < last_ ? owned_[g - first_] : ghost_[index_->position(g)];
    });
  }

 private:
  // f(g) for every global id outside this rank's range, ascending.
  template <class F>
  void each_ghost_id(F&& f) const {
    for (global_id g = 0; g < first_; ++g) f(g);
    for (global_id g = last_; g < table_.size(); ++g) f(g);
  }

  static local_id* resized(std::vector<local_id>& v, std::size_t n) {
    v.resize(n);
    return v.data();
  }

  global_id first_;
  global_id last_;
  std::vector<global_id> ghosts_;
  std::vector<local_id> table_;
  std::optional<id_index> index_;
  std::vector<local_id> owned_;
  std::vector<local_id> ghost_;
};

// Rewrites far (global ids; consumed) as slots into adj.targets. Row v of the input becomes row
// moved_to[v] of the result, or stays row v when moved_to is empty. The order of targets within
// a row is kept: code that needs a row sorted sorts its own copy.
template <class Far, class SlotOf>
void lay_out_rows(adjacency& adj, std::vector<Far>& far, std::span<const local_id> moved_to, const SlotOf& slot_of) {
  if (adj.offsets.empty()) return;  // a direction the graph does not store
  if (moved_to.empty()) {
    const Far* from = nullptr;
    if constexpr (std::is_same_v<Far, local_id>) {
      adj.targets = std::move(far);  // rewritten in place
      from = adj.targets.data();
    } else {
      io::resize_huge(adj.targets, far.size());
      from = far.data();
    }
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, adj.targets.size(), 1U << 16U),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        local_id* const out = adj.targets.data();
                        for (std::size_t i = r.begin(); i != r.end(); ++i) out[i] = slot_of(from[i]);
                      });
    far = std::vector<Far>();
    return;
  }
  const std::size_t n = moved_to.size();
  const bool weighted = !adj.weights.empty();
  std::vector<std::uint64_t> offsets(n + 1, 0);
  for (std::size_t v = 0; v < n; ++v) offsets[moved_to[v] + 1] = adj.offsets[v + 1] - adj.offsets[v];
  std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
  std::vector<local_id> targets;
  std::vector<double> weights;
  io::resize_huge(targets, far.size());
  io::resize_huge(weights, adj.weights.size());
  // The input is read in order and the rows are scattered: scattered writes cost less than reads.
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1024), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t v = r.begin(); v != r.end(); ++v) {
      const auto begin = adj.offsets[v];
      const auto length = adj.offsets[v + 1] - begin;
      const auto to = offsets[moved_to[v]];
      local_id* const out = targets.data() + to;
      const Far* const in = far.data() + begin;
      for (std::uint64_t i = 0; i < length; ++i) out[i] = slot_of(in[i]);
      if (weighted) std::copy_n(adj.weights.data() + begin, length, weights.data() + to);
    }
  });
  far = std::vector<Far>();
  adj.offsets = std::move(offsets);
  adj.targets = std::move(targets);
  adj.weights = std::move(weights);
}

template <class Far>
void assign(const communicator& comm, graph_parts& parts, std::vector<Far>& out_far, std::vector<Far>& in_far,
            const std::span<const local_id>* order) {
  const global_id first = parts.rank_offsets[static_cast<std::size_t>(comm.rank())];
  const auto n_local = static_cast<local_id>(parts.external_ids.size());
  const global_id last = first + n_local;

  slot_map slots(parts.rank_offsets.back(), first, last, out_far, in_far);
  const auto& ghosts = slots.ghosts();
  agree(comm, [&] {
    if (std::uint64_t{n_local} + ghosts.size() >= slot_limit) {
      throw error("a rank holds more than 2^32 vertices and ghosts; run with more ranks");
    }
  });
  std::vector<local_id> owned_slot, ghost_slot;
  if (order == nullptr) {
    parts.ghost_globals = ghosts;
  } else {
    owned_slot = inverse(*order);
    const auto& offsets = parts.rank_offsets;
    const auto renamed = ask_owners<global_id>(
        comm, std::span<const global_id>(ghosts),
        [&](global_id g) {
          return static_cast<int>(std::upper_bound(offsets.begin(), offsets.end(), g) - offsets.begin()) - 1;
        },
        [&](global_id g) { return first + owned_slot[g - first]; });
    ghost_slot = slots.rank_renamed(renamed, parts.ghost_globals);
  }
  slots.set_slots(owned_slot, ghost_slot);

  for (const auto& [far, adj] : {std::pair{&out_far, &parts.out}, std::pair{&in_far, &parts.in}}) {
    // Named captures: clang before 16 cannot capture structured bindings.
    slots.with_lookup([&, far = far, adj = adj](const auto& slot_of) { lay_out_rows(*adj, *far, owned_slot, slot_of); });
  }
  if (order != nullptr) {
    std::vector<vertex_id> external(n_local);
    for (local_id k = 0; k < n_local; ++k) external[k] = parts.external_ids[(*order)[k]];
    parts.external_ids = std::move(external);
  }

  const auto& globals = parts.ghost_globals;
  const int p = comm.size();
  parts.ghost_rank_begin.resize(static_cast<std::size_t>(p) + 1);
  for (int r = 0; r <= p; ++r) {
    const auto at = std::lower_bound(globals.begin(), globals.end(), parts.rank_offsets[static_cast<std::size_t>(r)]);
    parts.ghost_rank_begin[static_cast<std::size_t>(r)] = n_local + static_cast<local_id>(at - globals.begin());
  }
}

}  // namespace

template <class Far>
void assign_slots(const communicator& comm, graph_parts& parts, std::vector<Far>& out_far, std::vector<Far>& in_far) {
  assign(comm, parts, out_far, in_far, nullptr);
}

template <class Far>
void assign_slots_in_order(const communicator& comm, graph_parts& parts, std::vector<Far>& out_far,
                           std::vector<Far>& in_far, std::span<const local_id> order) {
  assign(comm, parts, out_far, in_far, &order);
}

template void assign_slots<std::uint32_t>(const communicator&, graph_parts&, std::vector<std::uint32_t>&,
                                          std::vector<std::uint32_t>&);
template void assign_slots<std::uint64_t>(const communicator&, graph_parts&, std::vector<std::uint64_t>&,
                                          std::vector<std::uint64_t>&);
template void assign_slots_in_order<std::uint32_t>(const communicator&, graph_parts&, std::vector<std::uint32_t>&,
                                                   std::vector<std::uint32_t>&, std::span<const local_id>);
template void assign_slots_in_order<std::uint64_t>(const communicator&, graph_parts&, std::vector<std::uint64_t>&,
                                                   std::vector<std::uint64_t>&, std::span<const local_id>);

}  // namespace eddy::detail
