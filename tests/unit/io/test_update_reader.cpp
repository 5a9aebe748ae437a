// The update-stream reader: both formats, every field combination, comments and CRLF, each error
// with its line number, batches, gzip files, standard input, a FIFO and a TCP connection.
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
bool operator==(const edge_update& a, const edge_update& b) {
  return a.src == b.src && a.dst == b.dst && a.weight == b.weight && a.time == b.time && a.kind == b.kind &&
         a.has_time == b.has_time;
}

void PrintTo(const edge_update& u, std::ostream* out) {
  const char* kind = u.kind == update_kind::add ? "a" : u.kind == update_kind::remove ? "d" : "u";
  *out << "(" << kind << " " << u.src << " " << u.dst << " w=" << u.weight;
  if (u.has_time) *out << " t=" << u.time;
  *out << ")";
}

namespace {

using namespace std::chrono_literals;
using test::gzip_member;
using test::scratch_dir;

constexpr auto max_id = std::numeric_limits<std::uint64_t>::max();
constexpr auto min_time = std::numeric_limits<std::int64_t>::min();
constexpr auto max_time = std::numeric_limits<std::int64_t>::max();

edge_update add(std::uint64_t s, std::uint64_t d, double w = 1.0) { return {s, d, w, 0, update_kind::add, false}; }
edge_update add_at(std::uint64_t s, std::uint64_t d, double w, std::int64_t t) {
  return {s, d, w, t, update_kind::add, true};
}
edge_update del(std::uint64_t s, std::uint64_t d) { return {s, d, 1.0, 0, update_kind::remove, false}; }
edge_update del_at(std::uint64_t s, std::uint64_t d, std::int64_t t) { return {s, d, 1.0, t, update_kind::remove, true}; }
edge_update rew(std::uint64_t s, std::uint64_t d, double w) { return {s, d, w, 0, update_kind::reweight, false}; }
edge_update rew_at(std::uint64_t s, std::uint64_t d, double w, std::int64_t t) {
  return {s, d, w, t, update_kind::reweight, true};
}
edge_update snap(std::uint64_t s, std::uint64_t d, std::int64_t t) { return add_at(s, d, 1.0, t); }

std::vector<edge_update> read_all(update_reader& reader) {
  std::vector<edge_update> out;
  while (!reader.at_end()) reader.read(out, 1000);
  return out;
}

std::vector<edge_update> read_text(const std::string& text, update_format format) {
  const scratch_dir dir;
  update_reader reader(dir.write("updates.txt", text), format);
  auto out = read_all(reader);
  EXPECT_TRUE(reader.at_end());
  EXPECT_EQ(reader.read(out, 10), 0U);
  return out;
}

// Reading `text` must fail on `line` with exactly `message`, after appending the updates of the
// lines before it; reading again fails the same way, as the bad line stays unconsumed.
void expect_error(const std::string& text, update_format format, std::uint64_t line, const std::string& message,
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

// ---- formats ----

TEST(update_reader, parses_every_field_combination_of_the_eddy_format) {
  const std::string text =
      "a 1 2\n"
      "a 1 2 0.5\n"
      "a 1 2 3 100\n"
      "a 1 2 0.25 -7\n"
      "d 3 4\n"
      "d 3 4 99\n"
      "u 5 6 2.5\n"
      "u 5 6 0 1000\n"
      "a 18446744073709551615 0 1e-3 9223372036854775807\n"
      "d 0 18446744073709551615 -9223372036854775808\n"
      "a 7 8 -0\n"
      "u 7 8 1.5e300 0\n";
  const std::vector<edge_update> expected{
      add(1, 2),          add(1, 2, 0.5),         add_at(1, 2, 3, 100),       add_at(1, 2, 0.25, -7),
      del(3, 4),          del_at(3, 4, 99),       rew(5, 6, 2.5),             rew_at(5, 6, 0, 1000),
      add_at(max_id, 0, 1e-3, max_time),          del_at(0, max_id, min_time), add(7, 8, 0.0),
      rew_at(7, 8, 1.5e300, 0)};
  const auto got = read_text(text, update_format::eddy);
  EXPECT_EQ(got, expected);
  ASSERT_EQ(got.size(), expected.size());
  EXPECT_FALSE(std::signbit(got[10].weight));  // -0 reads as 0
}

TEST(update_reader, parses_snap_temporal_lines) {
  const std::string text =
      "1 2 1217567877\n"
      "3\t4\t0\n"
      "18446744073709551615 0 -9223372036854775808\n"
      "0 18446744073709551615 9223372036854775807";  // no final newline
  const std::vector<edge_update> expected{snap(1, 2, 1217567877), snap(3, 4, 0), snap(max_id, 0, min_time),
                                          snap(0, max_id, max_time)};
  EXPECT_EQ(read_text(text, update_format::snap_temporal), expected);
}

TEST(update_reader, skips_comments_and_blank_lines_and_accepts_crlf_and_runs_of_blanks) {
  const scratch_dir dir;
  const std::string eddy_text =
      "# header\r\n"
      "\n"
      "   \t \n"
      "\t# indented comment\r\n"
      "a 1 2\r\n"
      "\r\n"
      "  a\t 3 \t4   0.5\t\t8  \r\n"
      "d 5 6 7\r\n"
      "u 1 2 4";  // the last line without a newline
  update_reader reader(dir.write("e.txt", eddy_text), update_format::eddy);
  EXPECT_EQ(read_all(reader), (std::vector<edge_update>{add(1, 2), add_at(3, 4, 0.5, 8), del_at(5, 6, 7), rew(1, 2, 4)}));
  EXPECT_EQ(reader.line(), 9U);

  const std::string snap_text = "% SNAP header\n# comment\n\n 1  2  3 \r\n\t% indented\n4\t5\t6\r\n";
  update_reader snap_reader(dir.write("s.txt", snap_text), update_format::snap_temporal);
  EXPECT_EQ(read_all(snap_reader), (std::vector<edge_update>{snap(1, 2, 3), snap(4, 5, 6)}));
  EXPECT_EQ(snap_reader.line(), 6U);

  // '%' starts a comment in SNAP files only.
  expect_error("% not a comment\n", update_format::eddy, 1, "unknown operation '%' (expected a, d or u)", 0);
}

TEST(update_reader, empty_and_comment_only_streams_end_at_once) {
  EXPECT_TRUE(read_text("", update_format::eddy).empty());
  EXPECT_TRUE(read_text("# nothing\n\n", update_format::eddy).empty());
  EXPECT_TRUE(read_text("%\n", update_format::snap_temporal).empty());
}

// The fast path takes lines with single blanks; a leading blank sends the same line through the
// general parser. Both must agree on every line.
TEST(update_reader, fast_and_general_parsers_agree) {
  const std::vector<std::string> eddy_lines{
      "a 1 2",       "a 12345678901234567 2", "a 1 2 0.5",   "a 1 2 1e2 -3",     "a 1 2 -0.0 5",
      "d 1 2",       "d 1 2 -1",              "d 99 98 1234567890123456789",    "u 1 2 3",
      "u 1 2 0.125 4", "a 18446744073709551615 18446744073709551615 1.7976931348623157e308 9223372036854775807"};
  for (const auto& line : eddy_lines) {
    SCOPED_TRACE(line);
    const auto fast = read_text(line + "\n" + line + "\r\n", update_format::eddy);
    const auto general = read_text(" " + line + "\n" + line + " \n", update_format::eddy);
    ASSERT_EQ(fast.size(), 2U);
    EXPECT_EQ(fast, general);
    EXPECT_EQ(fast[0], fast[1]);
  }
  const std::vector<std::string> snap_lines{"1 2 3", "1 2 -3", "123456789012345678 2 9223372036854775807",
                                            "0 0 -9223372036854775808"};
  for (const auto& line : snap_lines) {
    SCOPED_TRACE(line);
    const auto fast = read_text(line + "\n", update_format::snap_temporal);
    EXPECT_EQ(fast, read_text(" " + line + "\n", update_format::snap_temporal));
    EXPECT_EQ(fast.size(), 1U);
  }
}

// ---- errors ----

struct bad_line {
  std::string line;
  std::string message;
};

TEST(update_reader, names_each_eddy_format_error_with_its_line) {
  const std::vector<bad_line> cases{
      {"x 1 2", "unknown operation 'x' (expected a, d or u)"},
      {"add 1 2", "unknown operation 'add' (expected a, d or u)"},
      {"A 1 2", "unknown operation 'A' (expected a, d or u)"},
      {"1 2 3", "unknown operation '1' (expected a, d or u; lines of SRC DST TIME are the snap-temporal format)"},
      {"a", "missing source id (expected a SRC DST [WEIGHT] [TIME])"},
      {"d  ", "missing source id (expected d SRC DST [TIME])"},
      {"a 1", "missing destination id (expected a SRC DST [WEIGHT] [TIME])"},
      {"d 1\r", "missing destination id (expected d SRC DST [TIME])"},
      {"u 1", "missing destination id (expected u SRC DST WEIGHT [TIME])"},
      {"u 1 2", "missing weight (expected u SRC DST WEIGHT [TIME])"},
      {"a 1 2 3 4 5", "too many fields (expected a SRC DST [WEIGHT] [TIME])"},
      {"d 1 2 3 4", "too many fields (expected d SRC DST [TIME])"},
      {"u 1 2 3 4 5", "too many fields (expected u SRC DST WEIGHT [TIME])"},
      {"a x 2", "invalid source id 'x' (expected an unsigned decimal integer)"},
      {"a 1 2x", "invalid destination id '2x' (expected an unsigned decimal integer)"},
      {"d -1 2", "negative source id '-1'"},
      {"a 1 -2", "negative destination id '-2'"},
      {"a 18446744073709551616 2", "source id '18446744073709551616' is larger than 2^64-1"},
      {"a 1 2 abc", "invalid weight 'abc' (expected a finite number >= 0)"},
      {"a 1 2 0.5x 3", "invalid weight '0.5x' (expected a finite number >= 0)"},
      {"u 1 2 +1", "invalid weight '+1' (expected a finite number >= 0)"},
      {"a 1 2 -1", "negative weight '-1' (expected a finite number >= 0)"},
      {"u 1 2 -0.5 7", "negative weight '-0.5' (expected a finite number >= 0)"},
      {"a 1 2 -inf", "negative weight '-inf' (expected a finite number >= 0)"},
      {"a 1 2 inf", "non-finite weight 'inf' (expected a finite number >= 0)"},
      {"u 1 2 nan", "non-finite weight 'nan' (expected a finite number >= 0)"},
      {"a 1 2 1e999", "weight '1e999' is out of range (expected a finite number >= 0)"},
      {"a 1 2 1 1.5", "invalid time '1.5' (expected a signed 64-bit decimal integer)"},
      {"d 1 2 x", "invalid time 'x' (expected a signed 64-bit decimal integer)"},
      {"d 1 2 0.5", "invalid time '0.5' (expected a signed 64-bit decimal integer)"},
      {"u 1 2 3 +4", "invalid time '+4' (expected a signed 64-bit decimal integer)"},
      {"d 1 2 9223372036854775808", "time '9223372036854775808' is out of range (expected a signed 64-bit decimal integer)"},
      {"a 1 2 1 -9223372036854775809",
       "time '-9223372036854775809' is out of range (expected a signed 64-bit decimal integer)"},
      {"a 1 2 " + std::string(50, '7') + "z",
       "invalid weight '" + std::string(40, '7') + "...' (expected a finite number >= 0)"},
  };
  for (const auto& c : cases) {
    // Two good updates and two skipped lines first: the error is on line 5.
    expect_error("a 1 2\n# comment\n\nd 3 4 5\n" + c.line + "\na 9 9\n", update_format::eddy, 5, c.message, 2);
    // The same line first in the stream, and last without a newline.
    expect_error(c.line + "\n", update_format::eddy, 1, c.message, 0);
    expect_error("a 1 2\r\n" + c.line, update_format::eddy, 2, c.message, 1);
  }
}

TEST(update_reader, names_each_snap_temporal_error_with_its_line) {
  const std::vector<bad_line> cases{
      {"1", "missing destination id (expected SRC DST TIME)"},
      {"1 2", "missing time (expected SRC DST TIME)"},
      {"1 2 3 4", "too many fields (expected SRC DST TIME)"},
      {"1 2 3.5", "invalid time '3.5' (expected a signed 64-bit decimal integer)"},
      {"1 2 99999999999999999999", "time '99999999999999999999' is out of range (expected a signed 64-bit decimal integer)"},
      {"a 1 2", "invalid source id 'a' (expected an unsigned decimal integer)"},
      {"1 -2 3", "negative destination id '-2'"},
  };
  for (const auto& c : cases) {
    expect_error("1 2 3\n% comment\n\n4 5 6\n" + c.line + "\n7 8 9\n", update_format::snap_temporal, 5, c.message, 2);
    expect_error(c.line, update_format::snap_temporal, 1, c.message, 0);
  }
}

TEST(update_reader, parses_format_names) {
  EXPECT_EQ(parse_update_format("eddy"), update_format::eddy);
  EXPECT_EQ(parse_update_format("snap-temporal"), update_format::snap_temporal);
  EXPECT_THROW(parse_update_format("snap_temporal"), usage_error);
  EXPECT_THROW(parse_update_format(""), usage_error);
}

TEST(update_reader, missing_files_and_directories_fail_with_line_zero) {
  const scratch_dir dir;
  const std::string missing = dir.path("missing.txt");
  try {
    update_reader reader(missing, update_format::eddy);
    ADD_FAILURE() << "no error";
  } catch (const input_error& e) {
    EXPECT_EQ(e.file(), missing);
    EXPECT_EQ(e.line(), 0U);
    EXPECT_EQ(std::string(e.what()), missing + ": cannot open: No such file or directory");
  }
  const std::string folder = dir.path("");
  try {
    update_reader reader(folder, update_format::eddy);
    ADD_FAILURE() << "no error";
  } catch (const input_error& e) {
    EXPECT_EQ(std::string(e.what()), folder + ": cannot open: Is a directory");
  }
}

TEST(update_reader, rejects_a_line_without_end) {
  const scratch_dir dir;
  // 70 MiB of one field without a newline: binary data, not an update stream.
  const std::string path = dir.write("binary.txt", "a 1 2\n" + std::string(std::size_t{70} << 20, 'x'));
  update_reader reader(path, update_format::eddy);
  std::vector<edge_update> out;
  try {
    reader.read(out, 10);
    ADD_FAILURE() << "no error";
  } catch (const input_error& e) {
    EXPECT_EQ(e.line(), 2U);
    EXPECT_NE(std::string(e.what()).find("line longer than 64 MiB"), std::string::npos) << e.what();
  }
  EXPECT_EQ(out, std::vector<edge_update>{add(1, 2)});
}

// ---- batches ----

std::string numbered_lines(int count) {
  std::string text;
  for (int i = 1; i <= count; ++i) text += "a " + std::to_string(i) + " " + std::to_string(i + 1) + "\n";
  return text;
}

TEST(update_reader, limit_splits_the_stream_into_batches) {
  const scratch_dir dir;
  update_reader reader(dir.write("ten.txt", numbered_lines(10)), update_format::eddy);
  EXPECT_EQ(reader.name(), dir.path("ten.txt"));
  EXPECT_EQ(reader.port(), 0U);
  EXPECT_FALSE(reader.at_end());
  std::vector<std::size_t> sizes;
  std::vector<edge_update> all;
  while (!reader.at_end()) {
    std::vector<edge_update> batch;
    const std::size_t n = reader.read(batch, 3);
    EXPECT_EQ(n, batch.size());
    sizes.push_back(n);
    all.insert(all.end(), batch.begin(), batch.end());
    EXPECT_EQ(reader.line(), all.size());
  }
  EXPECT_EQ(sizes, (std::vector<std::size_t>{3, 3, 3, 1}));
  ASSERT_EQ(all.size(), 10U);
  for (std::uint64_t i = 0; i < 10; ++i) EXPECT_EQ(all[i], add(i + 1, i + 2));
  EXPECT_TRUE(reader.at_end());
  std::vector<edge_update> more;
  EXPECT_EQ(reader.read(more, 3), 0U);
}

TEST(update_reader, a_batch_that_ends_on_the_last_line_learns_of_the_end_on_the_next_read) {
  const scratch_dir dir;
  update_reader reader(dir.write("ten.txt", numbered_lines(10) + "# trailing comment\n"), update_format::eddy);
  std::vector<edge_update> out;
  EXPECT_EQ(reader.read(out, 0), 0U);  // a limit of 0 consumes nothing
  EXPECT_EQ(reader.line(), 0U);
  EXPECT_EQ(reader.read(out, 5), 5U);
  EXPECT_EQ(reader.read(out, 5), 5U);
  EXPECT_EQ(reader.line(), 10U);
  EXPECT_FALSE(reader.at_end());
  EXPECT_EQ(reader.read(out, 5), 0U);
  EXPECT_TRUE(reader.at_end());
  EXPECT_EQ(reader.line(), 11U);
  EXPECT_EQ(out.size(), 10U);
}

TEST(update_reader, an_error_in_the_middle_of_a_batch_keeps_the_lines_before_it) {
  const scratch_dir dir;
  std::string text = numbered_lines(4) + "a 5 oops\n" + numbered_lines(5);
  const std::string path = dir.write("half.txt", text);
  update_reader reader(path, update_format::eddy);
  std::vector<edge_update> out;
  try {
    reader.read(out, 10);
    ADD_FAILURE() << "no error";
  } catch (const input_error& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ":5: invalid destination id 'oops' (expected an unsigned decimal integer)");
  }
  EXPECT_EQ(out, (std::vector<edge_update>{add(1, 2), add(2, 3), add(3, 4), add(4, 5)}));
  EXPECT_EQ(reader.line(), 4U);
}

// Lines cut by the 4 MiB buffer at every possible place, and a comment longer than the buffer.
TEST(update_reader, lines_across_buffer_boundaries) {
  const scratch_dir dir;
  std::string text;
  std::vector<edge_update> expected;
  for (std::uint64_t i = 0; i < 400'000; ++i) {
    switch (i % 4) {
      case 0:
        text += "a " + std::to_string(i * 7919) + " " + std::to_string(i) + "\n";
        expected.push_back(add(i * 7919, i));
        break;
      case 1:
        text += "d " + std::to_string(i) + " " + std::to_string(i * 31) + " " + std::to_string(-static_cast<std::int64_t>(i)) + "\r\n";
        expected.push_back(del_at(i, i * 31, -static_cast<std::int64_t>(i)));
        break;
      case 2:
        text += "u " + std::to_string(i) + "  " + std::to_string(i + 1) + " " + std::to_string(i % 100) + ".5\n";
        expected.push_back(rew(i, i + 1, static_cast<double>(i % 100) + 0.5));
        break;
      default:
        text += "# " + std::string(i % 53, 'c') + "\n";
    }
    if (i == 200'000) text += "#" + std::string(std::size_t{9} << 20, '-') + "\n";
  }
  const std::string path = dir.write("big.txt", text);
  for (const std::size_t limit : {std::size_t{1000}, std::size_t{100'000}, std::size_t{10'000'000}}) {
    update_reader reader(path, update_format::eddy);
    std::vector<edge_update> out;
    while (!reader.at_end()) reader.read(out, limit);
    EXPECT_EQ(out, expected);
    EXPECT_EQ(reader.line(), 400'001U);
  }
  // Compressed the same.
  update_reader packed(dir.write("big.txt.gz", gzip_member(text)), update_format::eddy);
  EXPECT_EQ(read_all(packed), expected);
  EXPECT_EQ(packed.line(), 400'001U);
}

// ---- sources ----

TEST(update_reader, reads_gzip_files) {
  const scratch_dir dir;
  const std::string text = "# updates\na 1 2\nd 3 4 5\r\nu 6 7 0.5";
  const std::vector<edge_update> expected{add(1, 2), del_at(3, 4, 5), rew(6, 7, 0.5)};
  update_reader reader(dir.write("u.gz", gzip_member(text)), update_format::eddy);
  EXPECT_EQ(read_all(reader), expected);
  EXPECT_EQ(reader.name(), dir.path("u.gz"));
  EXPECT_EQ(reader.line(), 4U);

  // Concatenated members are one stream; content decides, as for edge lists.
  update_reader two(dir.write("two.gz", gzip_member("a 1 2\na 3") + gzip_member(" 4\n")), update_format::eddy);
  EXPECT_EQ(read_all(two), (std::vector<edge_update>{add(1, 2), add(3, 4)}));
  update_reader renamed(dir.write("renamed.txt", gzip_member(text)), update_format::eddy);
  EXPECT_EQ(read_all(renamed), expected);
  update_reader plain(dir.write("plain.gz", text), update_format::eddy);
  EXPECT_EQ(read_all(plain), expected);

  // Errors in compressed files have line numbers too.
  const std::string bad = dir.write("bad.gz", gzip_member("a 1 2\n\nq 1 2\n"));
  update_reader bad_reader(bad, update_format::eddy);
  std::vector<edge_update> out;
  try {
    bad_reader.read(out, 10);
    ADD_FAILURE() << "no error";
  } catch (const input_error& e) {
    EXPECT_EQ(std::string(e.what()), bad + ":3: unknown operation 'q' (expected a, d or u)");
  }
}

TEST(update_reader, damaged_gzip_files_fail) {
  const scratch_dir dir;
  const std::string member = gzip_member(numbered_lines(1000));
  for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"truncated.gz", member.substr(0, member.size() / 2)},
           {"garbage.gz", member + "junk"}}) {
    SCOPED_TRACE(name);
    const std::string path = dir.write(name, bytes);
    update_reader reader(path, update_format::eddy);
    try {
      read_all(reader);
      ADD_FAILURE() << "no error";
    } catch (const input_error& e) {
      EXPECT_EQ(e.file(), path);
      EXPECT_EQ(e.line(), 0U);
      EXPECT_NE(std::string(e.what()).find("truncated or corrupt gzip data"), std::string::npos) << e.what();
    }
  }
  // Zero padding after the last member is allowed, as gzip -d allows it.
  update_reader padded(dir.write("padded.gz", member + std::string(512, '\0')), update_format::eddy);
  EXPECT_EQ(read_all(padded).size(), 1000U);
}

// Writes `chunks` to fd, pausing between them, then closes it.
void write_chunks(int fd, const std::vector<std::string>& chunks, std::atomic<bool>& ok) {
  ok = true;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    if (i != 0) std::this_thread::sleep_for(20ms);
    std::size_t done = 0;
    while (done < chunks[i].size()) {
      const ssize_t n = ::send(fd, chunks[i].data() + done, chunks[i].size() - done, MSG_NOSIGNAL);
      if (n < 0 && errno == ENOTSOCK) {
        const ssize_t w = ::write(fd, chunks[i].data() + done, chunks[i].size() - done);
        if (w <= 0) ok = false;
        if (w <= 0) break;
        done += static_cast<std::size_t>(w);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ok = false;
        break;
      }
      done += static_cast<std::size_t>(n);
    }
  }
  ::close(fd);
}

// Lines in pieces: a line cut inside a number, one cut between '\r' and '\n', a comment cut in
// two, and a last line without a newline.
const std::vector<std::string> stream_chunks{"a 1 2\nd 3 ", "4 5\n# com", "ment\nu 6 7 1.5\r", "\n\na 12",
                                             "34 5678 2 3"};
const std::vector<edge_update> stream_updates{add(1, 2), del_at(3, 4, 5), rew(6, 7, 1.5), add_at(1234, 5678, 2, 3)};

// Puts the read end of a pipe on standard input for the life of the object.
class stdin_pipe {
 public:
  stdin_pipe() {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    saved_ = ::dup(STDIN_FILENO);
    ::dup2(fds[0], STDIN_FILENO);
    ::close(fds[0]);
    writer_ = fds[1];
  }
  ~stdin_pipe() {
    ::dup2(saved_, STDIN_FILENO);
    ::close(saved_);
  }
  stdin_pipe(const stdin_pipe&) = delete;
  stdin_pipe& operator=(const stdin_pipe&) = delete;
  [[nodiscard]] int writer() const { return writer_; }

 private:
  int saved_ = -1;
  int writer_ = -1;
};

TEST(update_reader, reads_standard_input) {
  const stdin_pipe pipe;
  update_reader reader("-", update_format::eddy);
  EXPECT_EQ(reader.name(), "stdin");
  std::atomic<bool> ok{false};
  std::thread writer(write_chunks, pipe.writer(), std::cref(stream_chunks), std::ref(ok));
  std::vector<std::size_t> sizes;
  std::vector<edge_update> out;
  while (!reader.at_end()) sizes.push_back(reader.read(out, 2));
  writer.join();
  EXPECT_TRUE(ok);
  EXPECT_EQ(out, stream_updates);
  EXPECT_EQ(reader.line(), 6U);
  EXPECT_EQ(sizes, (std::vector<std::size_t>{2, 2}));
}

TEST(update_reader, errors_on_standard_input_name_stdin) {
  const stdin_pipe pipe;
  update_reader reader("-", update_format::snap_temporal);
  std::atomic<bool> ok{false};
  std::thread writer(write_chunks, pipe.writer(), std::vector<std::string>{"1 2 3\n4 5"}, std::ref(ok));
  std::vector<edge_update> out;
  try {
    reader.read(out, 10);
    ADD_FAILURE() << "no error";
  } catch (const input_error& e) {
    EXPECT_EQ(std::string(e.what()), "stdin:2: missing time (expected SRC DST TIME)");
  }
  writer.join();
  EXPECT_EQ(out, std::vector<edge_update>{snap(1, 2, 3)});
}

TEST(update_reader, reads_a_named_pipe) {
  const scratch_dir dir;
  const std::string path = dir.path("fifo");
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0) << std::strerror(errno);
  std::atomic<bool> ok{false};
  std::thread writer([&] {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);  // waits for the reader
    if (fd < 0) return;
    write_chunks(fd, stream_chunks, ok);
  });
  update_reader reader(path, update_format::eddy);
  const auto got = read_all(reader);
  writer.join();
  EXPECT_TRUE(ok);
  EXPECT_EQ(got, stream_updates);
}

// Connects to 127.0.0.1:port; -1 on failure.
int connect_local(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

TEST(update_reader, reads_one_tcp_connection) {
  update_reader reader("tcp://127.0.0.1:0", update_format::eddy);
  ASSERT_NE(reader.port(), 0U);
  EXPECT_EQ(reader.name(), "tcp://127.0.0.1:" + std::to_string(reader.port()));
  EXPECT_FALSE(reader.at_end());
  std::atomic<bool> ok{false};
  std::thread writer([&] {
    const int fd = connect_local(reader.port());
    if (fd >= 0) write_chunks(fd, stream_chunks, ok);
  });
  std::vector<edge_update> out;
  std::vector<std::size_t> sizes;
  while (!reader.at_end()) sizes.push_back(reader.read(out, 3));
  writer.join();
  EXPECT_TRUE(ok);
  EXPECT_EQ(out, stream_updates);
  EXPECT_EQ(sizes, (std::vector<std::size_t>{3, 1}));
  EXPECT_EQ(reader.line(), 6U);
  // The one connection is over, and the port no longer listens.
  EXPECT_EQ(connect_local(reader.port()), -1);
}

TEST(update_reader, tcp_errors_name_the_line_and_the_address) {
  update_reader reader("tcp://localhost:0", update_format::snap_temporal);
  const std::string name = "tcp://localhost:" + std::to_string(reader.port());
  EXPECT_EQ(reader.name(), name);
  std::atomic<bool> ok{false};
  std::thread writer([&] {
    const int fd = connect_local(reader.port());
    if (fd >= 0) write_chunks(fd, {"1 2 3\n", "4 5 6 7\n"}, ok);
  });
  std::vector<edge_update> out;
  try {
    reader.read(out, 10);
    ADD_FAILURE() << "no error";
  } catch (const input_error& e) {
    EXPECT_EQ(std::string(e.what()), name + ":2: too many fields (expected SRC DST TIME)");
  }
  writer.join();
  EXPECT_EQ(out, std::vector<edge_update>{snap(1, 2, 3)});
}

TEST(update_reader, malformed_tcp_addresses_are_usage_errors) {
  for (const std::string spec : {"tcp://", "tcp://localhost", "tcp://:80", "tcp://localhost:", "tcp://localhost:http",
                                 "tcp://localhost:65536", "tcp://localhost:-1", "tcp://localhost:8080x"}) {
    SCOPED_TRACE(spec);
    try {
      update_reader reader(spec, update_format::eddy);
      ADD_FAILURE() << "no error";
    } catch (const usage_error& e) {
      EXPECT_NE(std::string(e.what()).find("malformed TCP address '" + spec + "'"), std::string::npos) << e.what();
    }
  }
}

TEST(update_reader, a_port_in_use_is_a_usage_error_naming_the_address) {
  const update_reader first("tcp://127.0.0.1:0", update_format::eddy);
  const std::string spec = "tcp://127.0.0.1:" + std::to_string(first.port());
  try {
    update_reader second(spec, update_format::eddy);
    ADD_FAILURE() << "no error";
  } catch (const usage_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot listen on " + spec + ": " + std::strerror(EADDRINUSE));
  }
  // An address of no local interface (TEST-NET-1) cannot be bound either.
  try {
    update_reader elsewhere("tcp://192.0.2.1:0", update_format::eddy);
    ADD_FAILURE() << "no error";
  } catch (const usage_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot listen on tcp://192.0.2.1:0: " + std::string(std::strerror(EADDRNOTAVAIL)));
  }
}

// ---- speed ----
// Disabled by default (it writes ~150 MB); run with
//   eddy_update_reader_tests --gtest_also_run_disabled_tests --gtest_filter='update_reader_speed.*'

constexpr std::uint64_t speed_lines = 5'000'000;

// SNAP-like ids of up to eight digits and Unix times, from a fixed LCG so every run parses the
// same bytes. eddy: 70% `a SRC DST`... mixed as a stream would be.
std::string write_speed_file(const scratch_dir& dir, update_format format) {
  const std::string path = dir.path(format == update_format::eddy ? "speed-eddy.txt" : "speed-snap.txt");
  std::ofstream out(path, std::ios::binary);
  std::uint64_t state = 42;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % 50'000'000;
  };
  std::string chunk;
  std::uint64_t time = 1'600'000'000;
  for (std::uint64_t i = 0; i < speed_lines; ++i) {
    time += next() % 3;
    if (format == update_format::snap_temporal) {
      chunk += std::to_string(next()) + ' ' + std::to_string(next()) + ' ' + std::to_string(time) + '\n';
    } else {
      switch (i % 10) {
        case 0:
        case 1:
        case 2:
          chunk += "a " + std::to_string(next()) + ' ' + std::to_string(next()) + '\n';
          break;
        case 3:
        case 4:
          chunk += "a " + std::to_string(next()) + ' ' + std::to_string(next()) + " 0." +
                   std::to_string(next() % 1000) + ' ' + std::to_string(time) + '\n';
          break;
        case 5:
        case 6:
          chunk += "d " + std::to_string(next()) + ' ' + std::to_string(next()) + '\n';
          break;
        case 7:
          chunk += "d " + std::to_string(next()) + ' ' + std::to_string(next()) + ' ' + std::to_string(time) + '\n';
          break;
        default:
          chunk += "u " + std::to_string(next()) + ' ' + std::to_string(next()) + ' ' +
                   std::to_string(next() % 100) + ".25\n";
      }
    }
    if (chunk.size() > (1U << 20)) {
      out << chunk;
      chunk.clear();
    }
  }
  out << chunk;
  return path;
}

double thread_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

void measure(update_format format) {
  const scratch_dir dir;
  const std::string path = write_speed_file(dir, format);
  double best_wall = 1e300;
  double best_cpu = 1e300;
  std::vector<edge_update> batch;
  for (int run = 0; run < 5; ++run) {
    const double cpu_start = thread_seconds();
    const auto start = std::chrono::steady_clock::now();
    update_reader reader(path, format);
    std::uint64_t total = 0;
    while (!reader.at_end()) {
      batch.clear();
      total += reader.read(batch, 1'000'000);
    }
    const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
    best_cpu = std::min(best_cpu, thread_seconds() - cpu_start);
    best_wall = std::min(best_wall, wall.count());
    ASSERT_EQ(total, speed_lines);
  }
  const auto millions = static_cast<double>(speed_lines) / 1e6;
  std::printf("%s: %.0fM lines in batches of 1M, best of 5 (warm page cache): %.3f s wall = %.1f M lines/s, "
              "%.3f s CPU = %.1f M lines/s\n",
              format == update_format::eddy ? "eddy" : "snap-temporal", millions, best_wall, millions / best_wall,
              best_cpu, millions / best_cpu);
}

TEST(update_reader_speed, DISABLED_eddy_five_million_lines) { measure(update_format::eddy); }
TEST(update_reader_speed, DISABLED_snap_temporal_five_million_lines) { measure(update_format::snap_temporal); }

}  // namespace
}  // namespace eddy::io
