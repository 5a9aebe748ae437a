// Parse speed on a generated 10M-line edge list. Disabled by default (it writes ~200 MB); run with
//   eddy_io_tests --gtest_also_run_disabled_tests --gtest_filter='edge_list_speed.*'
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>

#include "eddy/io/edge_list_reader.hpp"
#include "io_test_files.hpp"

namespace eddy::io {
namespace {


constexpr std::uint64_t line_count = 10'000'000;

// SNAP-like ids of up to eight digits, from a fixed LCG so every run parses the same bytes.
std::string write_edges(const test::scratch_dir& dir, bool weighted) {
  std::string path = dir.path(weighted ? "speed-w.e" : "speed.e");
  std::ofstream out(path, std::ios::binary);
  std::uint64_t state = 42;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % 50'000'000;
  };
  std::string chunk;
  for (std::uint64_t i = 0; i < line_count; ++i) {
    chunk += std::to_string(next());
    chunk += '\t';
    chunk += std::to_string(next());
    if (weighted) chunk += " 0." + std::to_string(next() % 1000);
    chunk += '\n';
    if (chunk.size() > (1U << 20)) {
      out << chunk;
      chunk.clear();
    }
  }
  out << chunk;
  return path;
}

void measure(bool weighted) {
  const test::scratch_dir dir;
  const std::string path = write_edges(dir, weighted);
  test::print_best_of_five(weighted ? "weighted" : "unweighted", static_cast<double>(line_count) / 1e6, "edges", "",
                           [&] { EXPECT_EQ(read_edge_list(path, 0, 1, edge_list_options{weighted}).size(), line_count); });
}

TEST(edge_list_speed, DISABLED_unweighted_ten_million_lines) { measure(false); }
TEST(edge_list_speed, DISABLED_weighted_ten_million_lines) { measure(true); }

}  // namespace
}  // namespace eddy::io
