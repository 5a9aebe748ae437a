#pragma once
// What the update-reader tests share: record builders and reading helpers.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <limits>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "eddy/io/update_reader.hpp"
#include "eddy/runtime/error.hpp"
#include "io_test_files.hpp"

namespace eddy::io {

// In eddy::io (not the anonymous namespace) so that std::vector's == finds it by ADL.
inline bool operator==(const edge_update& a, const edge_update& b) {
  return a.src == b.src && a.dst == b.dst && a.weight == b.weight && a.time == b.time && a.kind == b.kind &&
         a.has_time == b.has_time;
}

inline void PrintTo(const edge_update& u, std::ostream* out) {
  const char* kind = u.kind == update_kind::add ? "a" : u.kind == update_kind::remove ? "d" : "u";
  *out << "(" << kind << " " << u.src << " " << u.dst << " w=" << u.weight;
  if (u.has_time) *out << " t=" << u.time;
  *out << ")";
}

namespace update_reader_test {

using namespace std::chrono_literals;
using test::gzip_member;
using test::scratch_dir;

constexpr auto max_id = std::numeric_limits<std::uint64_t>::max();
constexpr auto min_time = std::numeric_limits<std::int64_t>::min();
constexpr auto max_time = std::numeric_limits<std::int64_t>::max();

inline edge_update add(std::uint64_t s, std::uint64_t d, double w = 1.0) { return {s, d, w, 0, update_kind::add, false}; }
inline edge_update add_at(std::uint64_t s, std::uint64_t d, double w, std::int64_t t) {
  return {s, d, w, t, update_kind::add, true};
}
inline edge_update del(std::uint64_t s, std::uint64_t d) { return {s, d, 1.0, 0, update_kind::remove, false}; }
inline edge_update del_at(std::uint64_t s, std::uint64_t d, std::int64_t t) { return {s, d, 1.0, t, update_kind::remove, true}; }
inline edge_update rew(std::uint64_t s, std::uint64_t d, double w) { return {s, d, w, 0, update_kind::reweight, false}; }
inline edge_update rew_at(std::uint64_t s, std::uint64_t d, double w, std::int64_t t) {
  return {s, d, w, t, update_kind::reweight, true};
}
inline edge_update snap(std::uint64_t s, std::uint64_t d, std::int64_t t) { return add_at(s, d, 1.0, t); }

inline std::vector<edge_update> read_all(update_reader& reader) {
  std::vector<edge_update> out;
  while (!reader.at_end()) reader.read(out, 1000);
  return out;
}

inline std::vector<edge_update> read_text(const std::string& text, update_format format) {
  const scratch_dir dir;
  update_reader reader(dir.write("updates.txt", text), format);
  auto out = read_all(reader);
  EXPECT_TRUE(reader.at_end());
  EXPECT_EQ(reader.read(out, 10), 0U);
  return out;
}

// Reading `text` must fail on `line` with exactly `message`, after appending the updates of the
// lines before it; reading again fails the same way, as the bad line stays unconsumed.
inline void expect_error(const std::string& text, update_format format, std::uint64_t line, const std::string& message,
                  std::size_t updates_before) {
  SCOPED_TRACE(text);
  const scratch_dir dir;
  const std::string path = dir.write("bad.txt", text);
  update_reader reader(path, format);
  std::vector<edge_update> out;
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      reader.read(out, 100);
      ADD_FAILURE() << "no error";
    } catch (const input_error& e) {
      EXPECT_EQ(e.file(), path);
      EXPECT_EQ(e.line(), line);
      EXPECT_EQ(std::string(e.what()), path + ":" + std::to_string(line) + ": " + message);
    }
    EXPECT_EQ(out.size(), updates_before);
    EXPECT_EQ(reader.line(), line - 1);
    EXPECT_FALSE(reader.at_end());
  }
}

inline std::string numbered_lines(int count) {
  std::string text;
  for (int i = 1; i <= count; ++i) text += "a " + std::to_string(i) + " " + std::to_string(i + 1) + "\n";
  return text;
}

}  // namespace update_reader_test
}  // namespace eddy::io
