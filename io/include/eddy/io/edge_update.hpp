#pragma once
// One change to a graph's edge set, as an update stream carries it.
#include <cstdint>

namespace eddy::io {

enum class update_kind : std::uint8_t {
  add,       // `a SRC DST [WEIGHT] [TIME]`
  remove,    // `d SRC DST [TIME]`
  reweight,  // `u SRC DST WEIGHT [TIME]`
};

struct edge_update {
  std::uint64_t src = 0;
  std::uint64_t dst = 0;
  double weight = 1.0;     // add: the edge's weight (1.0 when the line has none); reweight: the new one
  std::int64_t time = 0;   // event time, meaningful only when has_time
  update_kind kind = update_kind::add;
  bool has_time = false;
};

}  // namespace eddy::io
