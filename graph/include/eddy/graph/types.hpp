#pragma once
#include <cstdint>

namespace eddy {

using vertex_id = std::uint64_t;  // the id users give a vertex in their files, any 64-bit value
using global_id = std::uint64_t;  // dense position in partition order: rank r owns [offset[r], offset[r+1])
using local_id = std::uint32_t;   // per-rank slot: owned vertices first, then ghosts (remote neighbours)

}  // namespace eddy
