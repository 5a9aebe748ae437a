#include <gtest/gtest.h>

#include <set>

#include "eddy/graph/generators.hpp"
#include "eddy/runtime/error.hpp"

namespace eddy {
namespace {

TEST(Kronecker, SameEdgesWhateverTheNumberOfParts) {
  kronecker_params p;
  p.scale = 10;
  p.edge_factor = 4;
  const auto whole = kronecker_edges(p, 0, 1);
  ASSERT_EQ(whole.size(), 4096U);
  for (int parts : {2, 3, 7}) {
    std::vector<io::edge_record> joined;
    for (int part = 0; part < parts; ++part) {
      const auto piece = kronecker_edges(p, part, parts);
      joined.insert(joined.end(), piece.begin(), piece.end());
    }
    ASSERT_EQ(joined.size(), whole.size());
    for (std::size_t i = 0; i < whole.size(); ++i) {
      EXPECT_EQ(joined[i].src, whole[i].src);
      EXPECT_EQ(joined[i].dst, whole[i].dst);
      EXPECT_EQ(joined[i].weight, whole[i].weight);
    }
  }
}

TEST(Kronecker, IdsInRangeSkewedDegreesAndSeedMatters) {
  kronecker_params p;
  p.scale = 12;
  const auto edges = kronecker_edges(p, 0, 1);
  std::vector<std::uint64_t> degree(1U << p.scale, 0);
  for (const auto& e : edges) {
    ASSERT_LT(e.src, 1U << p.scale);
    ASSERT_LT(e.dst, 1U << p.scale);
    ASSERT_GE(e.weight, 0.0);
    ASSERT_LT(e.weight, 1.0);
    ++degree[e.src];
  }
  // R-MAT's skew: the busiest vertex has far more than the average 16 out-edges.
  EXPECT_GT(*std::max_element(degree.begin(), degree.end()), 200U);
  p.seed = 2;
  const auto other = kronecker_edges(p, 0, 1);
  std::size_t same = 0;
  for (std::size_t i = 0; i < edges.size(); ++i) same += (edges[i].src == other[i].src && edges[i].dst == other[i].dst);
  EXPECT_LT(same, edges.size() / 10);
}

TEST(Kronecker, SpecParsing) {
  const auto p = parse_generator_spec("kronecker:scale=9:edge_factor=8:seed=42");
  EXPECT_EQ(p.scale, 9U);
  EXPECT_EQ(p.edge_factor, 8U);
  EXPECT_EQ(p.seed, 42U);
  EXPECT_THROW((void)parse_generator_spec("grid:scale=3"), usage_error);
  EXPECT_THROW((void)parse_generator_spec("kronecker:scale=x"), usage_error);
  EXPECT_THROW((void)parse_generator_spec("kronecker:size=3"), usage_error);
}

}  // namespace
}  // namespace eddy
