#pragma once
// Laying the arcs that arrived at a rank out as compressed rows over its owned vertices: a
// counting sort by row, which puts every far end straight into its row in the order the arcs
// arrived (rows need not be sorted; code that needs a row sorted sorts its own copy). Dropping
// duplicates sorts each row to find them.
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "arc_shuffle.hpp"
#include "eddy/graph/types.hpp"
#include "eddy/io/memory_hint.hpp"

namespace eddy::detail {

template <class Far>
struct adjacency_rows {
  std::vector<std::uint64_t> offsets;  // n_local + 1
  std::vector<Far> far;                // global ids: in arrival order, or ascending with drop_duplicates
  std::vector<double> weights;         // parallel to far when weighted
  std::uint64_t self_loops = 0;        // arcs v->v among them
};

// Sorts every row by far end and keeps one arc of each run of equal far ends, the one with the
// smallest weight; recounts the self-loops.
template <class Far>
void drop_repeated_arcs(adjacency_rows<Far>& rows, global_id first) {
  const std::size_t n = rows.offsets.size() - 1;
  const bool weighted = !rows.weights.empty();
  std::vector<std::uint64_t> kept(n);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 256), [&](const tbb::blocked_range<std::size_t>& r) {
    std::vector<std::pair<Far, double>> row;
    for (std::size_t v = r.begin(); v != r.end(); ++v) {
      const auto begin = static_cast<std::ptrdiff_t>(rows.offsets[v]);
      const auto end = static_cast<std::ptrdiff_t>(rows.offsets[v + 1]);
      const auto far = rows.far.begin();
      if (!weighted) {
        std::sort(far + begin, far + end);
        kept[v] = static_cast<std::uint64_t>(std::unique(far + begin, far + end) - (far + begin));
        continue;
      }
      row.clear();
      for (auto i = begin; i < end; ++i) row.emplace_back(far[i], rows.weights[static_cast<std::size_t>(i)]);
      std::sort(row.begin(), row.end());
      row.erase(std::unique(row.begin(), row.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
                row.end());
      for (std::size_t k = 0; k < row.size(); ++k) {
        far[begin + static_cast<std::ptrdiff_t>(k)] = row[k].first;
        rows.weights[static_cast<std::size_t>(begin) + k] = row[k].second;
      }
      kept[v] = row.size();
    }
  });
  // Rows only shrink, so each moves down into place.
  std::uint64_t out = 0;
  rows.self_loops = 0;
  for (std::size_t v = 0; v < n; ++v) {
    const auto begin = rows.offsets[v];
    rows.offsets[v] = out;
    for (std::uint64_t i = begin; i < begin + kept[v]; ++i, ++out) {
      rows.far[out] = rows.far[i];
      if (weighted) rows.weights[out] = rows.weights[i];
      rows.self_loops += first + v == static_cast<global_id>(rows.far[out]) ? 1 : 0;
    }
  }
  rows.offsets[n] = out;
  rows.far.resize(out);
  rows.far.shrink_to_fit();
  if (weighted) {
    rows.weights.resize(out);
    rows.weights.shrink_to_fit();
  }
}

// Where each bucket's records lie in each segment: bounds[s * (buckets + 1) + k] is the first
// record of segment s in bucket k or later (segments are ordered by bucket).
template <class Record>
std::vector<std::size_t> bucket_bounds(const received_arcs<Record>& arcs, std::size_t buckets, unsigned shift) {
  std::vector<std::size_t> bounds(arcs.segments() * (buckets + 1));
  for (std::size_t s = 0; s < arcs.segments(); ++s) {
    for (std::size_t k = 0; k <= buckets; ++k) {
      std::size_t lo = k == 0 ? 0 : bounds[s * (buckets + 1) + k - 1];
      std::size_t hi = arcs.size(s);
      while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if ((arcs.at(s, mid).row >> shift) < k) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      bounds[s * (buckets + 1) + k] = lo;
    }
  }
  return bounds;
}

// Rows of the arcs stored at this rank's vertices, whose global ids start at `first`; the arcs'
// rows are bucketed by `shift` (arc_shuffle.hpp). Each bucket's rows are counted and filled in
// one go, from records still in cache, and buckets are independent, so they go in parallel.
template <class Far, bool Weighted>
adjacency_rows<Far> build_rows(received_arcs<arc_record<Far, Weighted>> arcs, local_id n_local, global_id first,
                               unsigned shift, bool drop_duplicates) {
  const std::size_t n = arcs.size();
  const std::size_t segments = arcs.segments();
  const std::size_t buckets = n_local == 0 ? 0 : ((std::size_t{n_local} - 1) >> shift) + 1;
  const auto bounds = bucket_bounds(arcs, buckets, shift);
  const auto bound = [&](std::size_t s, std::size_t k) { return bounds[s * (buckets + 1) + k]; };

  adjacency_rows<Far> rows;
  rows.offsets.resize(std::size_t{n_local} + 1);
  rows.offsets[n_local] = n;
  io::resize_huge(rows.far, n);
  if constexpr (Weighted) io::resize_huge(rows.weights, n);
  std::vector<std::uint64_t> loops(buckets, 0);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, buckets), [&](const tbb::blocked_range<std::size_t>& range) {
    std::vector<std::uint64_t> cursor;
    for (std::size_t k = range.begin(); k != range.end(); ++k) {
      const std::size_t row_begin = k << shift;
      const std::size_t row_end = std::min<std::size_t>(n_local, (k + 1) << shift);
      cursor.assign(row_end - row_begin, 0);
      std::uint64_t at = 0;  // the bucket's first arc: those of the buckets before it
      for (std::size_t s = 0; s < segments; ++s) {
        at += bound(s, k);
        arcs.for_each(s, bound(s, k), bound(s, k + 1), [&](const auto& r) { ++cursor[r.row - row_begin]; });
      }
      for (std::size_t v = row_begin; v < row_end; ++v) {
        rows.offsets[v] = at;
        const std::uint64_t count = cursor[v - row_begin];
        cursor[v - row_begin] = at;
        at += count;
      }
      Far* const far = rows.far.data();
      double* const weights = rows.weights.data();
      std::uint64_t self = 0;
      for (std::size_t s = 0; s < segments; ++s) {
        arcs.for_each(s, bound(s, k), bound(s, k + 1), [&](const auto& r) {
          const std::uint64_t i = cursor[r.row - row_begin]++;
          far[i] = r.far;
          if constexpr (Weighted) weights[i] = r.weight;
          self += first + r.row == static_cast<global_id>(r.far) ? 1 : 0;
        });
      }
      loops[k] = self;
    }
  });
  arcs.release();
  for (const auto l : loops) rows.self_loops += l;
  if (drop_duplicates) drop_repeated_arcs(rows, first);
  return rows;
}

}  // namespace eddy::detail
