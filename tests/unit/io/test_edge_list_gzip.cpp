// Gzip input: detection by content, multi-member streams, and damaged files.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "eddy/io/edge_list_reader.hpp"
#include "eddy/runtime/error.hpp"
#include "io_test_files.hpp"

namespace eddy::io {
namespace {

using test::gzip_member;
using test::scratch_dir;

std::vector<std::uint64_t> sources(const std::vector<edge_record>& edges) {
  std::vector<std::uint64_t> out;
  out.reserve(edges.size());
  for (const auto& e : edges) out.push_back(e.src);
  return out;
}

std::string numbered_edges(int count) {
  std::string text;
  for (int i = 0; i < count; ++i) text += std::to_string(i) + " " + std::to_string(i + 1) + "\n";
  return text;
}

// Reads `path`, which must fail with the gzip damage message and no line number.
void expect_damaged(const std::string& path) {
  try {
    read_edge_list(path, 0, 1, {});
    ADD_FAILURE() << "no error for " << path;
  } catch (const input_error& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.line(), 0U);
    EXPECT_NE(std::string(e.what()).find("truncated or corrupt gzip data"), std::string::npos)
        << e.what();
  }
}

TEST(edge_list_gzip, detects_gzip_by_magic_bytes_not_by_name) {
  const scratch_dir dir;
  const std::string text = "1 2\n3 4\n";
  const std::vector<std::uint64_t> expected{1, 3};
  EXPECT_EQ(sources(read_edge_list(dir.write("packed.e", gzip_member(text)), 0, 1, {})), expected);
  EXPECT_EQ(sources(read_edge_list(dir.write("plain.e.gz", text), 0, 1, {})), expected);
}

TEST(edge_list_gzip, reads_weights_and_vertex_lists) {
  const scratch_dir dir;
  const auto edges = read_edge_list(dir.write("w.gz", gzip_member("1 2 0.25\r\n")), 0, 1, {true});
  ASSERT_EQ(edges.size(), 1U);
  EXPECT_EQ(edges[0].weight, 0.25);
  EXPECT_EQ(read_vertex_list(dir.write("v.gz", gzip_member("5\n#\n6")), 0, 1),
            (std::vector<std::uint64_t>{5, 6}));
}

TEST(edge_list_gzip, concatenated_members_are_one_stream) {
  const scratch_dir dir;
  // The member boundary falls inside the line "3 4", as with `cat a.gz b.gz`.
  const std::string path =
      dir.write("multi.gz", gzip_member("1 2\n3 ") + gzip_member("") + gzip_member("4\n5 6"));
  const auto edges = read_edge_list(path, 0, 1, {});
  ASSERT_EQ(edges.size(), 3U);
  EXPECT_EQ(edges[1].src, 3U);
  EXPECT_EQ(edges[1].dst, 4U);
  EXPECT_EQ(edges[2].dst, 6U);
}

TEST(edge_list_gzip, line_numbers_continue_across_members) {
  const scratch_dir dir;
  const std::string path = dir.write("multi.gz", gzip_member("1 2\n# c\n") + gzip_member("3 x\n"));
  try {
    read_edge_list(path, 0, 1, {});
    ADD_FAILURE() << "no error";
  } catch (const input_error& e) {
    EXPECT_EQ(e.line(), 3U) << e.what();
  }
}

TEST(edge_list_gzip, zero_padding_after_the_stream_is_ignored) {
  const scratch_dir dir;
  const std::string path = dir.write("padded.gz", gzip_member("1 2\n") + std::string(512, '\0'));
  EXPECT_EQ(read_edge_list(path, 0, 1, {}).size(), 1U);
}

TEST(edge_list_gzip, truncated_streams_are_errors) {
  const scratch_dir dir;
  const std::string whole = gzip_member(numbered_edges(20000));
  ASSERT_GT(whole.size(), 1000U);
  for (const std::size_t keep : {whole.size() - 1, whole.size() - 8, whole.size() / 2,
                                 std::size_t{10}, std::size_t{2}}) {
    SCOPED_TRACE(keep);
    expect_damaged(dir.write("cut.gz", whole.substr(0, keep)));
  }
  // A complete first member followed by a cut second one.
  const std::string second = gzip_member("7 8\n");
  expect_damaged(dir.write("cut2.gz", whole + second.substr(0, second.size() - 3)));
}

TEST(edge_list_gzip, corrupt_streams_are_errors) {
  const scratch_dir dir;
  const std::string whole = gzip_member(numbered_edges(20000));
  std::string flipped = whole;
  for (std::size_t i = whole.size() / 3; i < whole.size() / 3 + 16; ++i) flipped[i] ^= '\x5a';
  expect_damaged(dir.write("flipped.gz", flipped));

  std::string bad_crc = whole;
  bad_crc[bad_crc.size() - 6] ^= '\x01';  // inside the CRC-32 of the trailer
  expect_damaged(dir.write("crc.gz", bad_crc));

  expect_damaged(dir.write("garbage.gz", whole + "trailing garbage\n"));
  expect_damaged(dir.write("header.gz", std::string("\x1f\x8b\x09\x00", 4) + "not deflate"));
}

}  // namespace
}  // namespace eddy::io
