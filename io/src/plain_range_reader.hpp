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

// Splits the file into `parts` byte ranges of (nearly) equal size and delivers, in file order,
// every line whose first byte lies in range `part`. A line may run past the range's end.
void read_plain_range(const posix_file& file, int part, int parts, const plain_block_sink& sink);

// 1-based number of the line starting at byte `offset`: one plus the newlines before it. Reads the
// file from the start, which is acceptable because it runs only on the way to an error.
std::uint64_t line_number_at(const posix_file& file, std::uint64_t offset);

}  // namespace eddy::io::detail
