#pragma once
// The lines of one byte range of an uncompressed file, delivered in large blocks.
#include <cstdint>
#include <functional>
#include <string_view>

#include "posix_file.hpp"

namespace eddy::io::detail {

// block: whole lines, each ending in '\n' except possibly the last line of the file.
// offset: byte offset of block[0] in the file (for turning a bad line into a line number).
using plain_block_sink = std::function<void(std::string_view block, std::uint64_t offset)>;

struct byte_range {
  std::uint64_t begin;
  std::uint64_t end;
};

// Range `part` of `parts` of a file of `size` bytes; the first size % parts ranges are one byte
// longer.
byte_range part_range(std::uint64_t size, int part, int parts) noexcept;

// Piece `piece` of `pieces` of a range, cut the same way.
byte_range piece_of(byte_range range, int piece, int pieces) noexcept;

// Delivers, in file order, every line whose first byte lies in `range`. A line may run past the
// range's end. Ranges that partition the file (such as the parts of part_range) deliver every
// line exactly once.
void read_plain_range(const posix_file& file, byte_range range, const plain_block_sink& sink);

// 1-based number of the line starting at byte `offset`: one plus the newlines before it. Reads the
// file from the start, which is acceptable because it runs only on the way to an error.
std::uint64_t line_number_at(const posix_file& file, std::uint64_t offset);

}  // namespace eddy::io::detail
