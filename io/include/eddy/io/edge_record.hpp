#pragma once
#include <cstdint>

namespace eddy::io {

// One edge as read from a file. weight is 1.0 when the file (or the reader's options) has none.
struct edge_record {
  std::uint64_t src;
  std::uint64_t dst;
  double weight;
};

}  // namespace eddy::io
