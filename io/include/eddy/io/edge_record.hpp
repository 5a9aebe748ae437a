#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace eddy::io {

// One edge as read from a file. weight is 1.0 when the file (or the reader's options) has none.
struct edge_record {
  std::uint64_t src;
  std::uint64_t dst;
  double weight;
};

// A share of an edge list as columns, the form loading works on: an unweighted edge costs 16
// bytes instead of a record's 24, and the builder rewrites the id columns in place.
struct edge_columns {
  bool weighted = false;
  std::vector<std::uint64_t> src;
  std::vector<std::uint64_t> dst;
  std::vector<double> weight;  // one per edge when weighted, empty otherwise

  [[nodiscard]] std::size_t size() const noexcept { return src.size(); }
  void push_back(const edge_record& e) {
    src.push_back(e.src);
    dst.push_back(e.dst);
    if (weighted) weight.push_back(e.weight);
  }
  void reserve(std::size_t n) {
    src.reserve(n);
    dst.reserve(n);
    if (weighted) weight.reserve(n);
  }
  [[nodiscard]] edge_record operator[](std::size_t i) const noexcept {
    return {src[i], dst[i], weighted ? weight[i] : 1.0};
  }
};

// Columns holding `records` (weights kept only when `weighted`).
[[nodiscard]] inline edge_columns to_columns(std::span<const edge_record> records, bool weighted) {
  edge_columns c;
  c.weighted = weighted;
  c.reserve(records.size());
  for (const auto& e : records) c.push_back(e);
  return c;
}

}  // namespace eddy::io
