#include "gzip_reader.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "eddy/runtime/error.hpp"
#include "eddy/runtime/fault_injection.hpp"

namespace eddy::io::detail {

namespace {

constexpr std::size_t input_chunk = std::size_t{1} << 20;
constexpr std::size_t initial_output = std::size_t{4} << 20;
// Accept a gzip wrapper only (16) with the largest window (MAX_WBITS), as gzip files use.
constexpr int gzip_window_bits = 16 + MAX_WBITS;

[[noreturn]] void corrupt(const posix_file& file, const char* detail) {
  std::string what = "truncated or corrupt gzip data";
  if (detail != nullptr) what += std::string(" (") + detail + ")";
  throw input_error(file.path(), 0, what);
}

// Owns the z_stream so that an exception from the sink or from a bad line never leaks it.
class inflater {
 public:
  inflater() {
    if (inflateInit2(&stream_, gzip_window_bits) != Z_OK) throw std::bad_alloc();
  }
  ~inflater() { inflateEnd(&stream_); }
  inflater(const inflater&) = delete;
  inflater& operator=(const inflater&) = delete;
  z_stream& stream() noexcept { return stream_; }

 private:
  z_stream stream_{};
};

// Decompressed text with the unfinished last line kept at the front between calls.
class line_buffer {
 public:
  line_buffer() : capacity_(initial_output), data_(std::make_unique_for_overwrite<char[]>(capacity_)) {}

  // Free space after the carried bytes; grows when a single line fills the whole buffer.
  Bytef* free_begin() {
    if (used_ == capacity_) {
      auto bigger = std::make_unique_for_overwrite<char[]>(capacity_ * 2);
      std::memcpy(bigger.get(), data_.get(), used_);
      data_ = std::move(bigger);
      capacity_ *= 2;
    }
    return reinterpret_cast<Bytef*>(data_.get() + used_);
  }
  std::size_t free_size() const noexcept { return capacity_ - used_; }

  // Accounts for `produced` new bytes and hands every complete line to the sink.
  void commit(std::size_t produced, const gzip_block_sink& sink) {
    used_ += produced;
    const char* begin = data_.get();
    const auto* last_nl = static_cast<const char*>(::memrchr(begin, '\n', used_));
    if (last_nl == nullptr) return;
    const auto complete = static_cast<std::size_t>(last_nl + 1 - begin);
    sink({begin, complete});
    used_ -= complete;
    std::memmove(data_.get(), begin + complete, used_);
  }

  // The end of the stream: a last line without a newline is still a line.
  void finish(const gzip_block_sink& sink) {
    if (used_ != 0) sink({data_.get(), used_});
    used_ = 0;
  }

 private:
  std::size_t capacity_;
  std::unique_ptr<char[]> data_;
  std::size_t used_ = 0;
};

}  // namespace

void read_gzip_lines(const posix_file& file, const gzip_block_sink& sink) {
  inflater inf;
  z_stream& zs = inf.stream();
  auto input = std::make_unique_for_overwrite<unsigned char[]>(input_chunk);
  line_buffer text;
  std::uint64_t read_pos = 0;
  bool at_eof = false;
  bool in_member = true;  // false between members, where only a new header or padding may follow
  bool padding = false;   // zero bytes seen after a member (tape padding, which gzip ignores)
  file.advise_sequential(0, 0);

  for (;;) {
    if (zs.avail_in == 0 && !at_eof) {
      fault_point_read(file.path());
      const std::size_t got =
          file.read_at(reinterpret_cast<char*>(input.get()), input_chunk, read_pos);
      read_pos += got;
      at_eof = got == 0;
      zs.next_in = input.get();
      zs.avail_in = static_cast<uInt>(got);
    }

    if (!in_member) {
      if (zs.avail_in == 0) {
        if (at_eof) break;
        continue;
      }
      // Another member may follow (concatenated .gz files); anything else but zero padding means
      // the file is damaged, and silently dropping the rest would lose edges.
      if (!padding && zs.next_in[0] == 0x1f) {
        if (inflateReset(&zs) != Z_OK) corrupt(file, nullptr);
        in_member = true;
        continue;
      }
      for (; zs.avail_in != 0; ++zs.next_in, --zs.avail_in) {
        if (zs.next_in[0] != 0) corrupt(file, "unexpected data after the end of the stream");
      }
      padding = true;
      continue;
    }

    zs.next_out = text.free_begin();
    const std::size_t space = text.free_size();
    zs.avail_out = static_cast<uInt>(std::min<std::size_t>(space, UINT32_MAX));
    const int ret = inflate(&zs, Z_NO_FLUSH);
    switch (ret) {
      case Z_OK:
      case Z_STREAM_END:
        break;
      case Z_BUF_ERROR:
        // No progress possible: fine while more input can arrive, truncation once none can.
        // (With input exhausted inflate may still hold output, so only this return tells.)
        if (at_eof && zs.avail_in == 0) corrupt(file, "unexpected end of file");
        break;
      case Z_MEM_ERROR:
        throw std::bad_alloc();
      default:
        corrupt(file, zs.msg);
    }
    const std::size_t produced = std::min<std::size_t>(space, UINT32_MAX) - zs.avail_out;
    text.commit(produced, sink);
    if (ret == Z_STREAM_END) in_member = false;
  }
  text.finish(sink);
}

}  // namespace eddy::io::detail

