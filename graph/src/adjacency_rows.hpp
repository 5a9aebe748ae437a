#pragma once
// Laying the arcs that arrived at a rank out as compressed rows over its owned vertices, each row
// sorted by far end (global id) so that rows can be merged and intersected: one radix sort of the
// received records by (row, far end), then one pass that drops duplicates on request.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "arc_shuffle.hpp"
#include "eddy/graph/types.hpp"
#include "record_radix_sort.hpp"

namespace eddy::detail {

template <class Far>
struct adjacency_rows {
  std::vector<std::uint64_t> offsets;  // n_local + 1
  std::vector<Far> far;                // global ids, ascending within each row
  std::vector<double> weights;         // parallel to far when weighted
  std::uint64_t self_loops = 0;        // arcs v->v among them
};

// `n_global` bounds the far ends. Parallel arcs keep ascending weights; with drop_duplicates only
// the smallest weight remains.
template <class Far, bool Weighted>
adjacency_rows<Far> build_rows(received_arcs<arc_record<Far, Weighted>> arcs, local_id n_local, global_id first,
                               std::uint64_t n_global, bool drop_duplicates) {
  using record = arc_record<Far, Weighted>;
  const std::size_t n = arcs.size();
  const auto far_bits = static_cast<unsigned>(std::bit_width(std::max<std::uint64_t>(n_global, 1) - 1));
  const auto row_bits = static_cast<unsigned>(std::bit_width(std::max<local_id>(n_local, 1) - 1U));
  auto scratch = std::make_unique_for_overwrite<std::byte[]>(n * sizeof(record));
  const std::byte* sorted = sort_arcs_by_row_and_far<record>(arcs.data(), scratch.get(), n, far_bits, row_bits);
  if (sorted == arcs.data()) {
    scratch.reset();
  } else {
    arcs.release();
  }

  adjacency_rows<Far> rows;
  rows.offsets.assign(static_cast<std::size_t>(n_local) + 1, 0);
  rows.far.reserve(n);
  if constexpr (Weighted) rows.weights.reserve(n);
  record previous{};
  std::size_t run = 0;  // where the current run of equal (row, far) starts in the output
  const auto close_run = [&] {
    if constexpr (Weighted) {
      if (rows.weights.size() - run > 1)
        std::sort(rows.weights.begin() + static_cast<std::ptrdiff_t>(run), rows.weights.end());
    }
  };
  for (std::size_t i = 0; i < n; ++i) {
    record r;
    std::memcpy(&r, sorted + i * sizeof(record), sizeof(record));
    const bool repeat = i > 0 && r.row == previous.row && r.far == previous.far;
    previous = r;
    if (repeat && drop_duplicates) {
      if constexpr (Weighted) rows.weights.back() = std::min(rows.weights.back(), r.weight);
      continue;
    }
    if (!repeat) {
      close_run();
      run = rows.far.size();
    }
    rows.far.push_back(r.far);
    if constexpr (Weighted) rows.weights.push_back(r.weight);
    ++rows.offsets[r.row + 1];
    rows.self_loops += first + r.row == static_cast<global_id>(r.far) ? 1 : 0;
  }
  close_run();
  scratch.reset();
  arcs.release();
  for (std::size_t v = 0; v < n_local; ++v) rows.offsets[v + 1] += rows.offsets[v];
  if (rows.far.size() < n) {
    rows.far.shrink_to_fit();
    rows.weights.shrink_to_fit();
  }
  return rows;
}

}  // namespace eddy::detail
