#include "plain_range_reader.hpp"

#include <algorithm>
#include <cstring>
#include <memory>

#include "eddy/runtime/fault_injection.hpp"

namespace eddy::io::detail {

namespace {

// Large enough that the per-read system call cost vanishes, small enough to stay in L2/L3.
constexpr std::size_t initial_buffer = std::size_t{4} << 20;
// A smaller range gets a buffer of its own size (grown when its last line runs past it): a small
// file, or a part of one, then costs no megabytes of memory to map and clear.
constexpr std::size_t min_buffer = 16;

const char* find_newline(const char* from, const char* to) {
  return static_cast<const char*>(std::memchr(from, '\n', static_cast<std::size_t>(to - from)));
}

const char* find_last_newline(const char* from, const char* to) {
  return static_cast<const char*>(::memrchr(from, '\n', static_cast<std::size_t>(to - from)));
}

}  // namespace

// Written without size * part so that no product can overflow.
byte_range part_range(std::uint64_t size, int part, int parts) noexcept {
  const auto k = static_cast<std::uint64_t>(parts);
  const auto p = static_cast<std::uint64_t>(part);
  const std::uint64_t q = size / k;
  const std::uint64_t r = size % k;
  const std::uint64_t begin = p * q + std::min(p, r);
  return {begin, begin + q + (p < r ? 1 : 0)};
}

byte_range piece_of(byte_range range, int piece, int pieces) noexcept {
  const byte_range within = part_range(range.end - range.begin, piece, pieces);
  return {range.begin + within.begin, range.begin + within.end};
}

void read_plain_range(const posix_file& file, byte_range range, const plain_block_sink& sink) {
  range.end = std::min(range.end, file.size());
  if (range.begin >= range.end) return;

  // A line starts in our range at `begin` only if the byte before it is a newline, so reading
  // starts one byte early and skips up to the first newline; the previous part owns that line.
  std::uint64_t read_pos = range.begin == 0 ? 0 : range.begin - 1;
  bool skipping = range.begin != 0;
  file.advise_sequential(read_pos, 0);

  auto capacity = static_cast<std::size_t>(std::clamp<std::uint64_t>(range.end - read_pos, min_buffer, initial_buffer));
  auto buffer = std::make_unique_for_overwrite<char[]>(capacity);
  std::size_t carried = 0;          // bytes of an unfinished line kept at the front of buffer
  std::uint64_t buffer_offset = read_pos;  // file offset of buffer[0]

  for (;;) {
    if (carried == capacity) {
      // One line longer than the buffer: grow instead of failing on unusual but valid input.
      auto bigger = std::make_unique_for_overwrite<char[]>(capacity * 2);
      std::memcpy(bigger.get(), buffer.get(), carried);
      buffer = std::move(bigger);
      capacity *= 2;
    }
    fault_point_read(file.path());
    const std::size_t got = file.read_at(buffer.get() + carried, capacity - carried, read_pos);
    read_pos += got;
    const char* const data = buffer.get();
    const char* const data_end = data + carried + got;
    const char* start = data;

    if (skipping) {
      const char* nl = find_newline(start, data_end);
      if (nl == nullptr) {
        if (got == 0) return;  // the file ends inside the line owned by an earlier part
        buffer_offset = read_pos;
        continue;
      }
      start = nl + 1;
      skipping = false;
    }

    const std::uint64_t start_offset = buffer_offset + static_cast<std::uint64_t>(start - data);
    if (start_offset >= range.end) return;

    if (got == 0) {  // end of file: what is left is a last line without a newline
      if (start != data_end) sink({start, static_cast<std::size_t>(data_end - start)}, start_offset);
      return;
    }

    const char* last_nl = find_last_newline(start, data_end);
    if (last_nl != nullptr) {
      const char* block_end = last_nl + 1;
      // Lines starting at or after range.end belong to the next part; the line holding byte
      // end - 1 is our last one, and it ends at the first newline at or after that byte.
      const auto limit = static_cast<std::ptrdiff_t>(range.end - 1 - buffer_offset);
      const bool range_ends_here = limit < block_end - data;
      if (range_ends_here) block_end = find_newline(data + limit, block_end) + 1;
      sink({start, static_cast<std::size_t>(block_end - start)}, start_offset);
      if (range_ends_here) return;
      start = block_end;
    }

    carried = static_cast<std::size_t>(data_end - start);
    std::memmove(buffer.get(), start, carried);
    buffer_offset += static_cast<std::uint64_t>(start - data);
  }
}

std::uint64_t line_number_at(const posix_file& file, std::uint64_t offset) {
  constexpr std::size_t chunk = std::size_t{1} << 20;
  auto buffer = std::make_unique_for_overwrite<char[]>(chunk);
  std::uint64_t newlines = 0;
  for (std::uint64_t pos = 0; pos < offset;) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(chunk, offset - pos));
    const std::size_t got = file.read_at(buffer.get(), want, pos);
    if (got == 0) break;
    newlines += static_cast<std::uint64_t>(std::count(buffer.get(), buffer.get() + got, '\n'));
    pos += got;
  }
  return newlines + 1;
}

}  // namespace eddy::io::detail
