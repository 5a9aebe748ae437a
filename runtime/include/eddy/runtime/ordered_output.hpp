#pragma once
// Writing one text (or byte) stream to which every rank contributes a block, blocks in rank order.
#include <span>
#include <string>

#include "eddy/runtime/communicator.hpp"

namespace eddy {

// Collective. With a path, the blocks are written in parallel (MPI-IO) to a temporary file beside
// it, which replaces `path` only when every rank succeeded: a failed run leaves no partial file.
// With an empty path, rank 0 prints the blocks to standard output.
void write_rank_ordered(const communicator& comm, std::span<const char> block, const std::string& path);

}  // namespace eddy
