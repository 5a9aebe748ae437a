#pragma once
// The reader of an edge update stream (what `eddy stream` applies in batches): text lines from a
// file, standard input or one TCP connection, turned into io::edge_update records.
//
// Formats (fields separated by runs of spaces/tabs, a trailing '\r' tolerated, blank lines and
// lines whose first non-blank character is '#' skipped):
//   eddy           `a SRC DST [WEIGHT] [TIME]`  add (one extra field is WEIGHT, two are WEIGHT TIME)
//                  `d SRC DST [TIME]`           remove
//                  `u SRC DST WEIGHT [TIME]`    change the weight
//   snap-temporal  `SRC DST TIME`               add with weight 1 (SNAP's temporal networks);
//                  lines starting with '%' are comments too
// SRC and DST are unsigned 64-bit decimals, WEIGHT a finite number >= 0 (as in edge lists: -0 reads
// as 0, "1e999" is out of range), TIME a signed 64-bit decimal. Every bad line throws
// eddy::input_error(name(), LINE, what) with its 1-based line number.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "eddy/io/edge_update.hpp"

namespace eddy::io {

namespace detail {
class update_source;
}

enum class update_format { eddy, snap_temporal };

// "eddy" or "snap-temporal"; throws usage_error otherwise.
update_format parse_update_format(const std::string& name);

class update_reader {
 public:
  // spec: a file path, "-" for standard input, or "tcp://HOST:PORT".
  //  - A file is read front to back, so a named pipe works too. gzip data is inflated: a regular
  //    file whose content starts with the gzip magic bytes (whatever its name, as for edge lists),
  //    or any other file whose name ends in ".gz". Throws input_error(path, 0, ...) when the file
  //    cannot be opened; damaged gzip data throws input_error(path, 0, "truncated or corrupt ...").
  //  - "tcp://HOST:PORT" (IPv4; HOST a name or address, 0.0.0.0 for every interface) binds and
  //    listens at construction (PORT 0 picks a free port, see port()) and accepts ONE connection
  //    at the first read; the stream ends when the peer closes it. Throws usage_error for a
  //    malformed spec or when the address cannot be resolved or bound (the message names the
  //    address and the reason).
  update_reader(const std::string& spec, update_format format);
  ~update_reader();
  update_reader(update_reader&&) noexcept;
  update_reader& operator=(update_reader&&) noexcept;
  update_reader(const update_reader&) = delete;
  update_reader& operator=(const update_reader&) = delete;

  // Appends updates to `out` until `limit` updates were appended or the stream ended, blocking for
  // input as needed; returns how many were appended. Reads whole lines only: a line is consumed
  // when its update is appended or it is blank or a comment, never before. A malformed line throws
  // input_error(name(), LINE, what) and stays unconsumed (reading again throws again); the updates
  // of earlier lines appended by this call stay in `out` and count in line().
  //
  // The end of the stream is only noticed when a read needs more input, so after a call that
  // stopped at `limit` exactly at the last line, the next call returns 0 and sets at_end().
  std::size_t read(std::vector<edge_update>& out, std::size_t limit);

  // True once the stream has ended and everything read from it was consumed.
  [[nodiscard]] bool at_end() const noexcept;
  // The path, "stdin", or "tcp://HOST:PORT" with the port actually listened on.
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  // Lines consumed so far (updates, blank lines and comments).
  [[nodiscard]] std::uint64_t line() const noexcept { return line_; }
  // tcp: the port listened on; 0 for other sources.
  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  [[nodiscard]] update_format format() const noexcept { return format_; }

 private:
  // Moves the unconsumed tail to the front of the buffer and reads more input after it.
  void refill();
  // read() for one format's parser (update_reader.cpp).
  template <class Parser>
  std::size_t read_with(std::vector<edge_update>& out, std::size_t limit);
  [[noreturn]] void fail(const std::string& what) const;

  std::unique_ptr<detail::update_source> source_;
  update_format format_;
  std::string name_;
  std::uint16_t port_ = 0;
  std::uint64_t line_ = 0;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  const char* pos_ = nullptr;  // the first unconsumed byte
  const char* end_ = nullptr;  // the end of the bytes read
  bool eof_ = false;           // the source returned its last byte
};

}  // namespace eddy::io
