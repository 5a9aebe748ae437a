#pragma once
// Shipping every arc to the rank that stores it. The arcs of a rank's edges are packed by
// destination straight into one send buffer (a counting pass, then a filling pass, both over
// blocks of edges in parallel) and moved with one all-to-all; the receiver reads the records in
// place from the bytes it got, and its own share from where it was packed. Records are as small
// as the graph allows: a row index, the far end as a global id (32 bits below 2^32 vertices) and
// the weight only when the graph has weights.
//
// Within a destination the arcs are ordered by row bucket (2^shift consecutive rows), so that the
// receiver can lay its rows out one bucket at a time, in cache (adjacency_rows.hpp): scattering
// every arc straight to its row would miss the cache on nearly every arc.
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <bit>
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

// Buckets per rank: few enough over all ranks that the packing's write streams stay in cache.
[[nodiscard]] inline std::size_t buckets_per_rank(std::size_t ranks) noexcept {
  return std::bit_floor(std::max<std::size_t>(1, std::size_t{1024} / std::max<std::size_t>(ranks, 1)));
}

// The shift taking a row of a rank with `rows` rows (of `ranks` ranks) to its bucket.
[[nodiscard]] inline unsigned bucket_shift(std::uint64_t rows, std::size_t ranks) noexcept {
  const auto row_bits = static_cast<unsigned>(std::bit_width(std::max<std::uint64_t>(rows, 1) - 1));
  const auto bucket_bits = static_cast<unsigned>(std::countr_zero(buckets_per_rank(ranks)));
  return row_bits > bucket_bits ? row_bits - bucket_bits : 0;
}

// Records packed by destination rank: those for the other ranks in rank order, one run to send
// and then free, and the packing rank's own apart, to be kept. Buffers are not zero-filled first:
// every slot is written once.
template <class Record>
struct packed_arcs {
  std::unique_ptr<Record[]> others;
  std::unique_ptr<Record[]> own;
  std::vector<std::size_t> begin;  // destination r's records start at begin[r] of their buffer
  std::vector<std::size_t> count;  // and there are count[r] of them
  std::size_t self = 0;            // the packing rank (the number of ranks when none)

  [[nodiscard]] std::span<const Record> to(std::size_t r) const noexcept {
    return {(r == self ? own : others).get() + begin[r], count[r]};
  }
  [[nodiscard]] std::span<const Record> to_others() const noexcept {
    std::size_t n = 0;
    for (std::size_t r = 0; r < count.size(); ++r) n += r == self ? 0 : count[r];
    return {others.get(), n};
  }
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

// Packs the arcs of `edges`, whose ids are global ids, on rank `self` (the number of ranks, or
// more, for none: then all are in rank order).
template <class Record>
packed_arcs<Record> pack_arcs(const io::edge_columns& edges, arc_kind kind, std::span<const global_id> rank_offsets,
                              std::size_t self) {
  constexpr bool weighted = requires(Record r) { r.weight; };
  const auto p = rank_offsets.size() - 1;
  const rank_lookup ranks(rank_offsets);
  // An arc's key is its destination's first bucket plus its bucket there.
  const std::size_t per_rank = buckets_per_rank(p);
  const std::size_t keys = p * per_rank;
  std::vector<unsigned> shifts(p);
  for (std::size_t r = 0; r < p; ++r) shifts[r] = bucket_shift(rank_offsets[r + 1] - rank_offsets[r], p);
  const std::size_t m = edges.size();
  // Blocks only split the work: within a bucket records keep edge order whatever the count.
  const std::size_t threads = static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
  const std::size_t blocks = std::max<std::size_t>(1, std::min(m / (std::size_t{1} << 16U), 4 * threads));
  const auto block_begin = [&](std::size_t b) { return m / blocks * b + m % blocks * b / blocks; };

  // visit(key, record) for every arc of edge i, from s to d. Captures are copies: the callers'
  // stores through size_t and Record pointers would otherwise force them to be reloaded for every
  // arc.
  const auto arcs_of = [ranks, kind, per_rank, shift = shifts.data(),
                        weight = edges.weighted ? edges.weight.data() : nullptr](std::size_t i, global_id s,
                                                                                   global_id d, auto&& visit) {
    const auto at = [&](global_id row, global_id far, int owner) {
      Record r{};
      r.far = static_cast<decltype(r.far)>(far);
      r.row = ranks.row(row, owner);
      if constexpr (weighted) r.weight = weight != nullptr ? weight[i] : 1.0;
      const auto o = static_cast<std::size_t>(owner);
      visit(o * per_rank + (r.row >> shift[o]), r);
    };
    if (kind != arc_kind::in) at(s, d, ranks.owner(s));
    if (kind == arc_kind::in || (kind == arc_kind::both && s != d)) at(d, s, ranks.owner(d));
  };

  std::vector<std::size_t> cursor(blocks * keys, 0);  // block-major counts
  tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
    std::size_t* const count = cursor.data() + b * keys;
    const auto visit = arcs_of;
    const global_id* const src = edges.src.data();
    const global_id* const dst = edges.dst.data();
    const std::size_t end = block_begin(b + 1);
    for (std::size_t i = block_begin(b); i != end; ++i) {
      visit(i, src[i], dst[i], [count](std::size_t key, const Record&) { ++count[key]; });
    }
  });
  packed_arcs<Record> out;
  out.self = self;
  out.begin.assign(p, 0);
  out.count.assign(p, 0);
  for (std::size_t b = 0; b < blocks; ++b) {
    for (std::size_t key = 0; key < keys; ++key) out.count[key / per_rank] += cursor[b * keys + key];
  }
  std::size_t sent = 0;
  for (std::size_t r = 0; r < p; ++r) {
    if (r != self) {
      out.begin[r] = sent;
      sent += out.count[r];
    }
  }
  out.others = std::make_unique_for_overwrite<Record[]>(sent);
  out.own = std::make_unique_for_overwrite<Record[]>(self < p ? out.count[self] : 0);
  // Where each block's next record of each key goes: within a bucket, blocks in order, so that
  // records keep edge order.
  std::vector<Record*> next(blocks * keys);
  for (std::size_t r = 0; r < p; ++r) {
    Record* at = (r == self ? out.own : out.others).get() + out.begin[r];
    for (std::size_t key = r * per_rank; key < (r + 1) * per_rank; ++key) {
      for (std::size_t b = 0; b < blocks; ++b) {
        next[b * keys + key] = at;
        at += cursor[b * keys + key];
      }
    }
  }
  tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
    Record** const at = next.data() + b * keys;
    const auto visit = arcs_of;
    const global_id* const src = edges.src.data();
    const global_id* const dst = edges.dst.data();
    const std::size_t end = block_begin(b + 1);
    for (std::size_t i = block_begin(b); i != end; ++i) {
      visit(i, src[i], dst[i], [at](std::size_t key, const Record& r) { *at[key]++ = r; });
    }
  });
  return out;
}

// The records packed for this rank, as segments in the order of the ranks that packed them, each
// ordered by row bucket: its own share stays where it was packed, the others' are the bytes that
// arrived (records are read with memcpy: those buffers are bytes, not Record objects).
template <class Record>
class received_arcs {
 public:
  // Records all in one buffer.
  explicit received_arcs(std::vector<std::byte> bytes) : bytes_(std::move(bytes)) {
    segments_.push_back(bytes_);
  }
  // Moves keep the buffers the segments point into; copies would not.
  received_arcs(const received_arcs&) = delete;
  received_arcs& operator=(const received_arcs&) = delete;
  received_arcs(received_arcs&&) noexcept = default;
  received_arcs& operator=(received_arcs&&) noexcept = default;
  ~received_arcs() = default;
  // From every rank r but `rank` counts[r] bytes, in rank order; `rank`'s own are in `own`.
  received_arcs(std::vector<std::byte> bytes, std::span<const std::size_t> counts, packed_arcs<Record> own,
                std::size_t rank)
      : bytes_(std::move(bytes)), own_(std::move(own)) {
    std::size_t at = 0;
    for (std::size_t r = 0; r < counts.size(); ++r) {
      if (r == rank) {
        segments_.push_back(std::as_bytes(own_.to(rank)));
      } else {
        segments_.push_back(std::span<const std::byte>(bytes_).subspan(at, counts[r]));
        at += counts[r];
      }
    }
  }

  [[nodiscard]] std::size_t segments() const noexcept { return segments_.size(); }
  // Records in segment s.
  [[nodiscard]] std::size_t size(std::size_t s) const noexcept { return segments_[s].size() / sizeof(Record); }
  [[nodiscard]] std::size_t size() const noexcept {
    std::size_t records = 0;
    for (std::size_t s = 0; s < segments_.size(); ++s) records += size(s);
    return records;
  }
  [[nodiscard]] Record at(std::size_t s, std::size_t i) const noexcept {
    Record r;
    std::memcpy(&r, segments_[s].data() + i * sizeof(Record), sizeof(Record));
    return r;
  }
  // f(record) for the records [begin, end) of segment s.
  template <class F>
  void for_each(std::size_t s, std::size_t begin, std::size_t end, F&& f) const {
    const std::byte* const bytes = segments_[s].data();
    for (std::size_t i = begin; i < end; ++i) {
      Record r;
      std::memcpy(&r, bytes + i * sizeof(Record), sizeof(Record));
      f(r);
    }
  }

  void release() {
    segments_.clear();
    bytes_ = std::vector<std::byte>();
    own_ = {};
  }

 private:
  std::vector<std::byte> bytes_;
  packed_arcs<Record> own_;
  std::vector<std::span<const std::byte>> segments_;
};

// Collective: sends the packed records to the other ranks (and frees them) and returns what this
// rank receives. Records a rank packs for itself are not copied.
template <class Record>
received_arcs<Record> exchange_arcs(const communicator& comm, packed_arcs<Record> packed) {
  const auto p = packed.begin.size();
  const auto rank = static_cast<std::size_t>(comm.rank());
  std::vector<std::size_t> counts(p);
  for (std::size_t r = 0; r < p; ++r) counts[r] = r == rank ? 0 : packed.count[r] * sizeof(Record);
  std::vector<std::size_t> received_counts;
  auto bytes = comm.exchange_bytes(std::as_bytes(packed.to_others()), counts, received_counts);
  packed.others.reset();  // now, not when the caller is done: the rows need the memory
  return received_arcs<Record>(std::move(bytes), received_counts, std::move(packed), rank);
}

}  // namespace eddy::detail
