#pragma once
// Shipping every arc to the rank that stores it. The arcs of a rank's edges are packed by
// destination straight into one send buffer (a counting pass, then a filling pass, both over
// blocks of edges in parallel) and moved with one all-to-all; the receiver reads the records in
// place from the bytes it got. Records are as small as the graph allows: a row index, the far end
// as a global id (32 bits below 2^32 vertices) and the weight only when the graph has weights.
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

#include "eddy/graph/types.hpp"
#include "eddy/io/edge_record.hpp"
#include "eddy/runtime/communicator.hpp"

namespace eddy::detail {

template <class Far, bool Weighted>
struct arc_record {
  Far far;
  std::uint32_t row;  // the owner's local index of the vertex the arc is stored at
};

template <class Far>
struct arc_record<Far, true> {
  double weight;
  Far far;
  std::uint32_t row;
};

// Which arcs one edge (s, d) yields: `out` the arc s->d stored at s, `in` the arc stored at d
// (far end s), `both` the two of an undirected edge (one for a self-loop).
enum class arc_kind { out, in, both };

// Records packed by destination rank: destination r's are [begin[r], begin[r+1]).
template <class Record>
struct packed_arcs {
  std::unique_ptr<Record[]> records;  // not zero-filled first: every slot is written once
  std::vector<std::size_t> begin;
};

// The rank owning each global id, from the partition's rank offsets. Holds plain pointers, so a
// copy in a loop stays in registers.
class rank_lookup {
 public:
  explicit rank_lookup(std::span<const global_id> rank_offsets)
      : offsets_(rank_offsets.data()), ranks_(rank_offsets.size() - 1) {}
  // The number of inner offsets (the first is 0, the last the vertex count) at or below g, by a
  // binary search without branches: an endpoint's owner is as random as the edge, so a branch
  // would be mispredicted about every other time.
  [[nodiscard]] int owner(global_id g) const noexcept {
    const global_id* const inner = offsets_ + 1;
    std::size_t length = ranks_ - 1;
    if (length == 0) return 0;
    const global_id* base = inner;
    while (length > 1) {
      const std::size_t half = length / 2;
      base = base[half] <= g ? base + half : base;
      length -= half;
    }
    return static_cast<int>(base - inner) + (*base <= g ? 1 : 0);
  }
  [[nodiscard]] std::uint32_t row(global_id g, int owner) const noexcept {
    return static_cast<std::uint32_t>(g - offsets_[owner]);
  }

 private:
  const global_id* offsets_;
  std::size_t ranks_;
};

// Packs the arcs of `edges`, whose ids are already global ids.
template <class Record>
packed_arcs<Record> pack_arcs(const io::edge_columns& edges, arc_kind kind, std::span<const global_id> rank_offsets) {
  constexpr bool weighted = requires(Record r) { r.weight; };
  const auto p = rank_offsets.size() - 1;
  const rank_lookup ranks(rank_offsets);
  const std::size_t m = edges.size();
  // Blocks only split the work: within a destination records keep edge order whatever the count.
  const std::size_t threads = static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
  const std::size_t blocks = std::max<std::size_t>(1, std::min(m / (std::size_t{1} << 16U), 4 * threads));
  const auto block_begin = [&](std::size_t b) { return m / blocks * b + m % blocks * b / blocks; };

  // visit(destination, record) for every arc of edge i. Captures are copies: the callers' stores
  // through size_t and Record pointers would otherwise force them to be reloaded for every arc.
  const auto arcs_of = [ranks, kind, src = edges.src.data(), dst = edges.dst.data(),
                        weight = edges.weighted ? edges.weight.data() : nullptr](std::size_t i, auto&& visit) {
    const global_id s = src[i];
    const global_id d = dst[i];
    const auto at = [&](global_id row, global_id far, int owner) {
      Record r{};
      r.far = static_cast<decltype(r.far)>(far);
      r.row = ranks.row(row, owner);
      if constexpr (weighted) r.weight = weight != nullptr ? weight[i] : 1.0;
      visit(owner, r);
    };
    if (kind != arc_kind::in) at(s, d, ranks.owner(s));
    if (kind == arc_kind::in || (kind == arc_kind::both && s != d)) at(d, s, ranks.owner(d));
  };

  std::vector<std::size_t> cursor(blocks * p, 0);  // block-major counts, then write positions
  tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
    std::size_t* const count = cursor.data() + b * p;
    const auto visit = arcs_of;
    const std::size_t end = block_begin(b + 1);
    for (std::size_t i = block_begin(b); i != end; ++i) {
      visit(i, [count](int owner, const Record&) { ++count[owner]; });
    }
  });
  packed_arcs<Record> out;
  out.begin.assign(p + 1, 0);
  std::size_t total = 0;
  for (std::size_t r = 0; r < p; ++r) {
    out.begin[r] = total;
    for (std::size_t b = 0; b < blocks; ++b) {
      const std::size_t n = cursor[b * p + r];
      cursor[b * p + r] = total;
      total += n;
    }
  }
  out.begin[p] = total;
  out.records = std::make_unique_for_overwrite<Record[]>(total);
  tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
    std::size_t* const at = cursor.data() + b * p;
    Record* const records = out.records.get();
    const auto visit = arcs_of;
    const std::size_t end = block_begin(b + 1);
    for (std::size_t i = block_begin(b); i != end; ++i) {
      visit(i, [at, records](int owner, const Record& r) { records[at[owner]++] = r; });
    }
  });
  return out;
}

// The records other ranks packed for this one, as the bytes that arrived (records are read with
// memcpy: the buffer is bytes, not Record objects).
template <class Record>
class received_arcs {
 public:
  explicit received_arcs(std::vector<std::byte> bytes) : bytes_(std::move(bytes)) {}
  [[nodiscard]] std::size_t size() const noexcept { return bytes_.size() / sizeof(Record); }
  [[nodiscard]] std::byte* data() noexcept { return bytes_.data(); }
  void release() { bytes_ = {}; }

 private:
  std::vector<std::byte> bytes_;
};

// Collective: sends the packed records (freed once sent) and returns what arrived here.
template <class Record>
received_arcs<Record> exchange_arcs(const communicator& comm, packed_arcs<Record> packed) {
  const auto p = packed.begin.size() - 1;
  std::vector<std::size_t> counts(p);
  for (std::size_t r = 0; r < p; ++r) counts[r] = (packed.begin[r + 1] - packed.begin[r]) * sizeof(Record);
  std::vector<std::size_t> received_counts;
  auto bytes = comm.exchange_bytes(std::as_bytes(std::span<const Record>(packed.records.get(), packed.begin[p])),
                                   counts, received_counts);
  // Now, not when the caller's full expression ends: the receiver's sort needs the memory.
  packed.records.reset();
  return received_arcs<Record>(std::move(bytes));
}

}  // namespace eddy::detail
