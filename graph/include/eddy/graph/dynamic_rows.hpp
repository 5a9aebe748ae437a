#pragma once
// One direction of a changing adjacency (out-rows or in-rows of a rank's owned vertices): a base
// CSR with rows sorted by far slot, a tombstone bit per base arc, and per-row lists of arcs added
// since the last compaction. Reading a row visits the live base arcs, then the added ones.
#include <cstdint>
#include <span>
#include <vector>

#include "eddy/graph/hash_index.hpp"
#include "eddy/graph/types.hpp"

namespace eddy {

// Slots of a dynamic graph: owned vertices are 0, 1, ...; ghost k (a remote vertex this rank's
// rows name) is ghost_bit | k. Both kinds grow as vertices appear, and a slot never changes.
inline constexpr local_id ghost_bit = local_id{1} << 31U;
[[nodiscard]] constexpr bool is_ghost(local_id slot) noexcept { return (slot & ghost_bit) != 0; }
[[nodiscard]] constexpr local_id ghost_index(local_id slot) noexcept { return slot & ~ghost_bit; }

struct added_arc {
  local_id far;
  double weight;
};

class dynamic_rows {
 public:
  // f(far slot, weight) for every live arc of row v (weight 1.0 when unweighted).
  template <class F>
  void for_each(local_id v, F&& f) const {
    const bool weighted = !weights_.empty();
    const std::uint64_t end = offsets_[v + 1];
    for (std::uint64_t k = offsets_[v]; k < end; ++k) {
      if (dead_arcs_ != 0 && is_dead(k)) continue;
      f(targets_[k], weighted ? weights_[k] : 1.0);
    }
    for (const auto& arc : added_[v]) f(arc.far, arc.weight);
  }
  [[nodiscard]] std::uint32_t degree(local_id v) const noexcept { return degree_[v]; }
  [[nodiscard]] local_id rows() const noexcept { return static_cast<local_id>(degree_.size()); }
  [[nodiscard]] std::uint64_t arcs() const noexcept { return live_arcs_; }
  [[nodiscard]] std::uint64_t added_arcs() const noexcept { return added_arcs_; }
  [[nodiscard]] std::uint64_t dead_arcs() const noexcept { return dead_arcs_; }
  [[nodiscard]] std::uint64_t memory_bytes() const noexcept;

  // --- changing the rows (used by dynamic_graph) ---
  // Takes a static CSR whose targets are already dynamic slots; sorts each row by far slot.
  void assign(const std::vector<std::uint64_t>& offsets, std::vector<local_id> targets, std::vector<double> weights,
              bool weighted);
  void add_rows(local_id count);  // new, empty rows at the end
  // Where arc (v, far) lives: a live base position, an index into v's added list, a base
  // position holding it deleted (an add brings it back there), or nowhere.
  struct place {
    enum kind_t : std::uint8_t { none, base, added, dead } kind = none;
    std::uint64_t at = 0;
    [[nodiscard]] bool live() const noexcept { return kind == base || kind == added; }
  };
  [[nodiscard]] place find(local_id v, local_id far) const noexcept;
  [[nodiscard]] double weight_at(local_id v, place p) const noexcept;
  void set_weight(local_id v, place p, double w) noexcept;
  // Adds the arc, which find() reported at p (not live).
  void insert(local_id v, local_id far, double w, place p);
  void erase(local_id v, place p);  // p must name a live arc
  // The compaction policy: fold the deltas in once added arcs plus tombstones exceed
  // minimum + fraction * base arcs (by default 65536 + 1/8 of the base). Reading a row then costs
  // at most about 1/8 more than in a fresh CSR, and the rebuild, linear in the arcs, is paid for
  // by at least base/8 updates.
  void set_compaction(double fraction, std::uint64_t minimum) noexcept {
    compact_fraction_ = fraction;
    compact_minimum_ = minimum;
  }
  [[nodiscard]] bool wants_compaction() const noexcept;
  // Folds the added arcs into the base and drops the tombstones: rows sorted again, lists emptied.
  void compact();

 private:
  [[nodiscard]] bool is_dead(std::uint64_t k) const noexcept { return (dead_[k / 64] >> (k % 64)) & 1U; }

  std::vector<std::uint64_t> offsets_{0};
  std::vector<local_id> targets_;
  std::vector<double> weights_;  // empty when unweighted
  bool weighted_ = false;
  std::vector<std::uint64_t> dead_;  // a bit per base arc
  std::vector<std::vector<added_arc>> added_;
  hash_index added_at_;  // (row << 32 | far) -> position in the row's added list
  std::vector<std::uint32_t> degree_;
  std::uint64_t live_arcs_ = 0;
  std::uint64_t added_arcs_ = 0;
  std::uint64_t dead_arcs_ = 0;
  double compact_fraction_ = 0.125;
  std::uint64_t compact_minimum_ = 65536;
};

}  // namespace eddy
