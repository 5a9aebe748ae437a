// Splitting one file among k readers: together they must read every line exactly once.
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "eddy/io/edge_list_reader.hpp"
#include "eddy/runtime/error.hpp"
#include "io_test_files.hpp"

namespace eddy::io {
namespace {

using test::gzip_member;
using test::scratch_dir;

constexpr int part_counts[] = {1, 2, 3, 4, 7};

// Line i of the file is the edge (i, i + 1) unless it is a comment or blank; lines vary in
// length and ending so that range boundaries land everywhere inside them.
struct sample {
  std::string text;
  std::vector<std::uint64_t> edge_lines;  // 0-based indices of the lines holding edges
};

sample make_sample(int lines, bool final_newline) {
  sample s;
  for (int i = 0; i < lines; ++i) {
    const std::string id = std::to_string(i);
    switch (i % 7) {
      case 3: s.text += "# comment " + id; break;
      case 5: s.text += i % 2 == 0 ? "" : "  \t"; break;
      default:
        s.text += std::string(static_cast<std::size_t>(i % 4), ' ') + id + (i % 3 == 0 ? "\t" : " ") +
                  std::to_string(i + 1) + (i % 5 == 0 ? " 2.5" : "");
        s.edge_lines.push_back(static_cast<std::uint64_t>(i));
    }
    if (i + 1 < lines || final_newline) s.text += i % 2 == 0 ? "\r\n" : "\n";
  }
  return s;
}

std::vector<std::uint64_t> sources(const std::vector<edge_record>& edges) {
  std::vector<std::uint64_t> out;
  out.reserve(edges.size());
  for (const auto& e : edges) out.push_back(e.src);
  return out;
}

// Parts of a plain file are consecutive runs: concatenated in order they are the whole file.
void expect_plain_parts_cover(const std::string& path, const std::vector<std::uint64_t>& all,
                              int parts) {
  SCOPED_TRACE("parts = " + std::to_string(parts));
  std::vector<std::uint64_t> joined;
  for (int part = 0; part < parts; ++part) {
    const auto got = sources(read_edge_list(path, part, parts, {}));
    joined.insert(joined.end(), got.begin(), got.end());
  }
  EXPECT_EQ(joined, all);
}

TEST(edge_list_parts, plain_parts_partition_the_file) {
  const scratch_dir dir;
  for (const bool final_newline : {true, false}) {
    const sample s = make_sample(5000, final_newline);
    const std::string path = dir.write("g.e", s.text);
    ASSERT_EQ(sources(read_edge_list(path, 0, 1, {})), s.edge_lines);
    for (const int parts : part_counts) expect_plain_parts_cover(path, s.edge_lines, parts);
  }
}

TEST(edge_list_parts, every_boundary_position_in_a_small_file) {
  // With up to more parts than bytes, every byte offset is some range's start: inside ids,
  // on blanks, on '\r', on '\n' and on the first byte of a line.
  const scratch_dir dir;
  for (const bool final_newline : {true, false}) {
    const sample s = make_sample(15, final_newline);
    const std::string path = dir.write("small.e", s.text);
    for (int parts = 1; parts <= static_cast<int>(s.text.size()) + 3; ++parts) {
      expect_plain_parts_cover(path, s.edge_lines, parts);
    }
  }
}

TEST(edge_list_parts, gzip_parts_take_every_kth_line) {
  const scratch_dir dir;
  const sample s = make_sample(5000, false);
  const std::string path = dir.write("g.e.gz", gzip_member(s.text));
  for (const int parts : part_counts) {
    SCOPED_TRACE("parts = " + std::to_string(parts));
    std::vector<std::uint64_t> joined;
    for (int part = 0; part < parts; ++part) {
      std::vector<std::uint64_t> expected;
      for (const auto line : s.edge_lines) {
        if (line % static_cast<std::uint64_t>(parts) == static_cast<std::uint64_t>(part)) {
          expected.push_back(line);
        }
      }
      const auto got = sources(read_edge_list(path, part, parts, {}));
      EXPECT_EQ(got, expected) << "part " << part;
      joined.insert(joined.end(), got.begin(), got.end());
    }
    std::sort(joined.begin(), joined.end());
    EXPECT_EQ(joined, s.edge_lines);
  }
}

TEST(edge_list_parts, vertex_list_parts_partition_the_file) {
  const scratch_dir dir;
  std::string text = "# vertices\n";
  std::vector<std::uint64_t> all;
  for (std::uint64_t v = 1; v < 3000; v += 3) {
    text += std::to_string(v) + (v % 2 == 0 ? "\r\n" : "\n");
    all.push_back(v);
  }
  for (const bool packed : {false, true}) {
    const std::string path = dir.write("g.v", packed ? gzip_member(text) : text);
    for (const int parts : part_counts) {
      std::vector<std::uint64_t> joined;
      for (int part = 0; part < parts; ++part) {
        const auto got = read_vertex_list(path, part, parts);
        joined.insert(joined.end(), got.begin(), got.end());
      }
      std::sort(joined.begin(), joined.end());
      EXPECT_EQ(joined, all) << "parts = " << parts << (packed ? " gzip" : " plain");
    }
  }
}

TEST(edge_list_parts, only_the_owning_part_reports_a_bad_line_with_its_true_number) {
  const scratch_dir dir;
  sample s = make_sample(4000, true);
  const std::uint64_t bad_line = 4000 + 1;  // appended after 4000 good lines
  s.text += "7 seven\n5 6\n";
  for (const bool packed : {false, true}) {
    const std::string path = dir.write("bad.e", packed ? gzip_member(s.text) : s.text);
    for (const int parts : part_counts) {
      int failures = 0;
      for (int part = 0; part < parts; ++part) {
        try {
          read_edge_list(path, part, parts, {});
        } catch (const input_error& e) {
          ++failures;
          EXPECT_EQ(e.line(), bad_line) << e.what();
        }
      }
      EXPECT_EQ(failures, 1) << "parts = " << parts << (packed ? " gzip" : " plain");
    }
  }
}

// A reader with threads reads large parts in pieces side by side: the same records in the same
// order, and of two bad lines in different pieces the first in the file is reported.
TEST(edge_list_parts, threads_read_a_part_in_pieces_in_file_order) {
  const scratch_dir dir;
  const sample s = make_sample(3000000, true);  // about 40 MB: pieces are 16 MB or more
  const std::string path = dir.write("big.e", s.text);
  tbb::task_arena threads(4);
  threads.execute([&] { EXPECT_EQ(sources(read_edge_list(path, 0, 1, {})), s.edge_lines); });
  const std::string bad = dir.write("big-bad.e", s.text + "1 x\n" + s.text + "2 y\n");
  threads.execute([&] {
    try {
      read_edge_list(bad, 0, 1, {});
      ADD_FAILURE() << "no input_error";
    } catch (const input_error& e) {
      EXPECT_EQ(e.line(), 3000001U) << e.what();
    }
  });
}

}  // namespace
}  // namespace eddy::io
