#pragma once
// The result format of `eddy run`: one "vertex value" line per vertex (or "vertex value value ..."
// for results of several columns), sorted by vertex id, with
// LDBC Graphalytics conventions — int64 max for unreachable BFS depths, "infinity" for
// unreachable SSSP distances, doubles with 15 significant digits.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "eddy/runtime/distributed_sort.hpp"
#include "eddy/runtime/ordered_output.hpp"

namespace eddy::io {

template <class T>
void append_value(std::string& out, T value) {
  char buf[64];
  std::to_chars_result r{};
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isinf(value)) {
      out += value > 0 ? "infinity" : "-infinity";
      return;
    }
    r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, 15);
  } else {
    r = std::to_chars(buf, buf + sizeof buf, value);
  }
  out.append(buf, r.ptr);
}

// Several values of one vertex (HITS' hub and authority, ...): columns separated by spaces.
template <class T, std::size_t N>
void append_value(std::string& out, const std::array<T, N>& values) {
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) out += ' ';
    append_value(out, values[i]);
  }
}

template <class T>
void append_line(std::string& out, std::uint64_t id, const T& value) {
  append_value(out, id);
  out += ' ';
  append_value(out, value);
  out += '\n';
}

// Collective. ids[i] owns values[i], in any order within a rank (graphs number their vertices
// for locality, not by id). When every rank holds one range of ids, in rank order, each rank sorts
// its own lines; otherwise (hash partitioning) the pairs are first sorted across ranks. Empty
// path: standard output.
template <class T>
void write_vertex_values(const communicator& comm, std::span<const std::uint64_t> ids, std::span<const T> values,
                         bool ordered_by_rank, const std::string& path) {
  std::string text;
  text.reserve(ids.size() * 24);
  if (ordered_by_rank) {
    std::vector<std::size_t> order(ids.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    if (!std::is_sorted(ids.begin(), ids.end())) {
      std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ids[a] < ids[b]; });
    }
    for (const std::size_t i : order) append_line(text, ids[i], values[i]);
  } else {
    struct pair {
      std::uint64_t id;
      T value;
    };
    std::vector<pair> pairs(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) pairs[i] = {ids[i], values[i]};
    pairs = distributed_sort(comm, std::move(pairs), [](const pair& p) { return p.id; });
    for (const auto& p : pairs) append_line(text, p.id, p.value);
  }
  write_rank_ordered(comm, text, path);
}

}  // namespace eddy::io
