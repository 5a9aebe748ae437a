// What one reader (part 0 of 1) accepts and rejects, with the line numbers of its errors.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "eddy/io/edge_list_reader.hpp"
#include "eddy/runtime/error.hpp"
#include "io_test_files.hpp"

namespace eddy::io {

// In eddy::io (not the anonymous namespace) so that std::vector's == finds it by ADL.
bool operator==(const edge_record& a, const edge_record& b) {
  return a.src == b.src && a.dst == b.dst && a.weight == b.weight;
}

void PrintTo(const edge_record& e, std::ostream* out) {
  *out << "(" << e.src << " " << e.dst << " " << e.weight << ")";
}

namespace {

using test::gzip_member;
using test::scratch_dir;

std::vector<edge_record> read_all(const std::string& path, bool weighted = false) {
  return read_edge_list(path, 0, 1, edge_list_options{weighted});
}

// Runs `read`, which must throw input_error for `file` at `line` with `fragment` in the message.
void expect_input_error(const std::function<void()>& read, const std::string& file,
                        std::uint64_t line, const std::string& fragment) {
  try {
    read();
  } catch (const input_error& e) {
    EXPECT_EQ(e.file(), file);
    EXPECT_EQ(e.line(), line) << e.what();
    const std::string where = line == 0 ? file + ": " : file + ":" + std::to_string(line) + ": ";
    EXPECT_EQ(std::string(e.what()).rfind(where, 0), 0U) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    EXPECT_EQ(e.code(), exit_code::bad_input);
    return;
  }
  ADD_FAILURE() << "no input_error for " << file;
}

// The same text, read plain and gzip-compressed, must fail the same way.
void expect_edge_error(const std::string& text, bool weighted, std::uint64_t line,
                       const std::string& fragment) {
  const scratch_dir dir;
  const std::string plain = dir.write("bad.e", text);
  expect_input_error([&] { read_all(plain, weighted); }, plain, line, fragment);
  const std::string packed = dir.write("bad.e.gz", gzip_member(text));
  expect_input_error([&] { read_all(packed, weighted); }, packed, line, fragment);
}

TEST(edge_list_reader, reads_plain_pairs_with_unit_weight) {
  const scratch_dir dir;
  const auto edges = read_all(dir.write("g.e", "1 2\n3 4\n"));
  const std::vector<edge_record> expected{{1, 2, 1.0}, {3, 4, 1.0}};
  EXPECT_EQ(edges, expected);
}

TEST(edge_list_reader, accepts_every_layout_variant) {
  const scratch_dir dir;
  const std::string text =
      "# SNAP header\n"
      "% matrix-market style comment\n"
      "   # indented comment\n"
      "\n"
      "1\t2\n"
      "3    4\n"
      " \t 5 \t\t6 \t \n"
      "\r\n"
      "7 8\r\n"
      "   \t\n"
      "9 10 # not a comment after the fields\n";
  // The last line above is bad on purpose: comments are whole lines only.
  const std::string bad = dir.write("bad.e", text);
  EXPECT_THROW(read_all(bad), input_error);

  const std::string good_text = text.substr(0, text.rfind("9 10")) + "#\n18446744073709551615 0";
  const auto edges = read_all(dir.write("g.e", good_text));
  const std::vector<edge_record> expected{
      {1, 2, 1.0}, {3, 4, 1.0}, {5, 6, 1.0}, {7, 8, 1.0}, {18446744073709551615ULL, 0, 1.0}};
  EXPECT_EQ(edges, expected);
}

TEST(edge_list_reader, reads_weights_when_asked) {
  const scratch_dir dir;
  const std::string path = dir.write("w.e", "1 2 0.5\n2 3\t7\r\n3 4 1e-3\n4 5 -0\n5 6 0");
  const std::vector<edge_record> weighted{
      {1, 2, 0.5}, {2, 3, 7.0}, {3, 4, 1e-3}, {4, 5, 0.0}, {5, 6, 0.0}};
  EXPECT_EQ(read_all(path, true), weighted);
  const std::vector<edge_record> unweighted{
      {1, 2, 1.0}, {2, 3, 1.0}, {3, 4, 1.0}, {4, 5, 1.0}, {5, 6, 1.0}};
  EXPECT_EQ(read_all(path, false), unweighted);
}

TEST(edge_list_reader, ignores_any_numeric_third_column_when_unweighted) {
  const scratch_dir dir;
  const auto edges = read_all(dir.write("g.e", "1 2 nan\n2 3 -4\n3 4 inf\n4 5 1e999\n"));
  ASSERT_EQ(edges.size(), 4U);
  for (const auto& e : edges) EXPECT_EQ(e.weight, 1.0);
}

TEST(edge_list_reader, empty_and_comment_only_files_have_no_edges) {
  const scratch_dir dir;
  EXPECT_TRUE(read_all(dir.write("empty.e", "")).empty());
  EXPECT_TRUE(read_all(dir.write("comments.e", "# a\n% b\n\n  \r\n# c")).empty());
  EXPECT_TRUE(read_all(dir.write("empty.gz", gzip_member(""))).empty());
  EXPECT_TRUE(read_vertex_list(dir.write("empty.v", "\n\n"), 0, 1).empty());
}

TEST(edge_list_reader, rejects_non_numeric_ids) {
  expect_edge_error("1 2\n# c\nx 3\n", false, 3, "invalid source id 'x'");
  expect_edge_error("1 2\n\n1 3a\n", false, 3, "invalid destination id '3a'");
  expect_edge_error("+1 2\n", false, 1, "invalid source id '+1'");
  expect_edge_error("1 2\n1.5 2\n", false, 2, "invalid source id '1.5'");
}

TEST(edge_list_reader, rejects_negative_ids) {
  expect_edge_error("1 2\r\n2 -3\r\n", false, 2, "negative destination id '-3'");
  expect_edge_error("-1 2\n", false, 1, "negative source id '-1'");
}

TEST(edge_list_reader, rejects_ids_beyond_64_bits) {
  expect_edge_error("1 2\n2 3\n4 5\n18446744073709551616 1\n", false, 4,
                    "source id '18446744073709551616' is larger than 2^64-1");
  expect_edge_error("1 99999999999999999999999\n", false, 1, "larger than 2^64-1");
}

TEST(edge_list_reader, rejects_wrong_field_counts) {
  expect_edge_error("1 2\n3\n", false, 2, "only one field");
  expect_edge_error("1 2\n3 \t\r\n", false, 2, "only one field");
  expect_edge_error("% c\n1 2 3 4\n", false, 2, "too many fields");
  expect_edge_error("1 2 3 4\n", true, 1, "too many fields");
}

TEST(edge_list_reader, rejects_non_numeric_third_column) {
  expect_edge_error("1 2\n2 3 heavy\n", false, 2, "invalid weight 'heavy'");
  expect_edge_error("1 2 0.5\n2 3 0.5kg\n", true, 2, "invalid weight '0.5kg'");
}

TEST(edge_list_reader, weighted_requires_finite_non_negative_weights) {
  expect_edge_error("1 2 1\n2 3\n", true, 2, "missing weight");
  expect_edge_error("1 2 1\n2 3 nan\n", true, 2, "invalid weight 'nan'");
  expect_edge_error("1 2 1\n\n2 3 inf\n", true, 3, "invalid weight 'inf'");
  expect_edge_error("1 2 -0.5\n", true, 1, "invalid weight '-0.5'");
  expect_edge_error("1 2 1e999\n", true, 1, "invalid weight '1e999'");
}

TEST(edge_list_reader, reports_the_true_line_number_deep_in_a_file) {
  std::string text;
  for (int i = 0; i < 200000; ++i) text += i % 10 == 0 ? "# comment line\n" : "123456 654321\n";
  text += "1 2 3 4\n";
  expect_edge_error(text, false, 200001, "too many fields");
}

// Lines are parsed from both halves of a block at once: the records still come in file order, and
// of two bad lines the first in the file is reported, even when the other is met first.
TEST(edge_list_reader, keeps_file_order_and_the_first_bad_line_across_a_block) {
  std::string text;
  std::vector<edge_record> expected;
  for (std::uint64_t i = 0; i < 100000; ++i) {
    text += std::to_string(i) + " " + std::to_string(3 * i + 1) + (i % 7 == 0 ? "\r\n" : "\n");
    expected.push_back({i, 3 * i + 1, 1.0});
    if (i % 1000 == 0) text += "# comment\n";
  }
  const scratch_dir dir;
  EXPECT_EQ(read_all(dir.write("order.e", text)), expected);
  std::string bad;
  for (int i = 1; i <= 1000; ++i) bad += i == 480 || i == 520 ? "1 x\n" : "1 2\n";
  expect_edge_error(bad, false, 480, "invalid destination id 'x'");
}

TEST(edge_list_reader, reads_vertex_lists) {
  const scratch_dir dir;
  const std::string path = dir.write("g.v", "# ids\n1\n  2\t\r\n\n18446744073709551615");
  EXPECT_EQ(read_vertex_list(path, 0, 1),
            (std::vector<std::uint64_t>{1, 2, 18446744073709551615ULL}));
  // Property columns after the id are ignored.
  const std::string two = dir.write("two.v", "1\n2 7\n3\t0.5 x\n");
  EXPECT_EQ(read_vertex_list(two, 0, 1), (std::vector<std::uint64_t>{1, 2, 3}));
  const std::string neg = dir.write("neg.v", "1\n\n-4\n");
  expect_input_error([&] { read_vertex_list(neg, 0, 1); }, neg, 3, "negative vertex id '-4'");
  const std::string text = dir.write("text.v", "v1\n");
  expect_input_error([&] { read_vertex_list(text, 0, 1); }, text, 1, "invalid vertex id 'v1'");
}

TEST(edge_list_reader, missing_file_is_an_input_error_without_line) {
  const scratch_dir dir;
  const std::string missing = dir.path("missing.e");
  expect_input_error([&] { read_all(missing); }, missing, 0,
                     "cannot open: No such file or directory");
  const std::string directory = dir.path("");
  expect_input_error([&] { read_all(directory); }, directory, 0, "cannot open: Is a directory");
  expect_input_error([&] { read_vertex_list(missing, 0, 1); }, missing, 0, "cannot open");
}

TEST(edge_list_reader, rejects_parts_that_do_not_exist) {
  const scratch_dir dir;
  const std::string path = dir.write("g.e", "1 2\n");
  EXPECT_THROW(read_edge_list(path, 0, 0, {}), std::invalid_argument);
  EXPECT_THROW(read_edge_list(path, 2, 2, {}), std::invalid_argument);
  EXPECT_THROW(read_edge_list(path, -1, 2, {}), std::invalid_argument);
}

TEST(edge_list_reader, handles_lines_longer_than_the_read_buffer) {
  const scratch_dir dir;
  const std::string text = "1 2\n" + std::string(9 << 20, ' ') + "3 4\n5 6\n";
  const std::vector<edge_record> expected{{1, 2, 1.0}, {3, 4, 1.0}, {5, 6, 1.0}};
  EXPECT_EQ(read_all(dir.write("long.e", text)), expected);
  EXPECT_EQ(read_all(dir.write("long.gz", gzip_member(text))), expected);
}

}  // namespace
}  // namespace eddy::io
