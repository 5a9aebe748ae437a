#pragma once
// The decompressed lines of a whole gzip file, delivered in large blocks.
#include <functional>
#include <string_view>

#include "posix_file.hpp"

namespace eddy::io::detail {

// block: whole lines, each ending in '\n' except possibly the last line of the stream. Blocks
// arrive in order, so the receiver can count lines itself.
using gzip_block_sink = std::function<void(std::string_view block)>;

// Decompresses every gzip member of the file in turn (like gzip -d) and delivers the text.
// Truncated or corrupt data, or anything but zero padding after the last member, throws
// input_error(path, 0, "truncated or corrupt gzip data ...").
void read_gzip_lines(const posix_file& file, const gzip_block_sink& sink);

}  // namespace eddy::io::detail
