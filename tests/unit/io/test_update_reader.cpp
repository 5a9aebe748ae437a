// The update-stream reader: both formats, every field combination, comments and CRLF, each error
// with its line number, and batches. Sources (gzip, stdin, FIFO, TCP) are in
// test_update_reader_sources.cpp.
#include "update_reader_test_support.hpp"

namespace eddy::io {
namespace {

using namespace update_reader_test;

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

}  // namespace
}  // namespace eddy::io
