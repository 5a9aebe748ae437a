#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../shared_path.hpp"
#include "eddy/graph/update_generator.hpp"
#include "eddy/runtime/error.hpp"

namespace eddy {
namespace {

using test::shared_path;

update_stream_params small_stream(std::uint64_t updates) {
  update_stream_params p;
  p.graph.scale = 8;
  p.graph.edge_factor = 4;
  p.graph.seed = 7;
  p.updates = updates;
  p.delete_fraction = 0.3;
  p.weighted = true;
  return p;
}

// Adds among updates [0, end), counted one by one.
std::uint64_t adds_before(const update_generator& g, std::uint64_t end) {
  std::uint64_t adds = 0;
  for (std::uint64_t i = 0; i < end; ++i) adds += g.is_delete(i) ? 0U : 1U;
  return adds;
}

bool same(const io::edge_update& x, const io::edge_update& y) {
  return x.src == y.src && x.dst == y.dst && x.weight == y.weight && x.kind == y.kind && x.time == y.time &&
         x.has_time == y.has_time;
}

TEST(KroneckerEdgeSource, IsKroneckerEdgesByNumber) {
  kronecker_params p;
  p.scale = 9;
  p.edge_factor = 3;
  const auto edges = kronecker_edges(p, 0, 1);
  ASSERT_EQ(edges.size(), kronecker_edge_count(p));
  const kronecker_edge_source source(p);
  for (std::uint64_t e = 0; e < edges.size(); ++e) {
    const auto weighted = source(e, true);
    const auto plain = source(e, false);
    ASSERT_EQ(weighted.src, edges[e].src);
    ASSERT_EQ(weighted.dst, edges[e].dst);
    ASSERT_EQ(weighted.weight, edges[e].weight);
    ASSERT_EQ(plain.src, edges[e].src);
    ASSERT_EQ(plain.dst, edges[e].dst);
    ASSERT_EQ(plain.weight, 1.0);
  }
}

TEST(UpdateGenerator, AddsContinueTheGraphAndDeletesNameAnExistingEdgeNumber) {
  const auto p = small_stream(30000);
  const update_generator g(p);
  const std::uint64_t base = kronecker_edge_count(p.graph);
  const kronecker_edge_source source(p.graph);
  const auto all = g.updates(0, p.updates, 0);
  ASSERT_EQ(all.size(), p.updates);
  std::uint64_t adds = 0, deletes = 0, deletes_of_added = 0;
  for (std::uint64_t i = 0; i < all.size(); ++i) {
    const auto& u = all[i];
    const std::uint64_t m = g.edge_number(i, adds);
    const auto e = source(m, u.kind == io::update_kind::add);
    ASSERT_EQ(u.src, e.src);
    ASSERT_EQ(u.dst, e.dst);
    ASSERT_EQ(u.time, static_cast<std::int64_t>(i));
    ASSERT_FALSE(u.has_time);
    if (u.kind == io::update_kind::add) {
      ASSERT_EQ(m, base + adds);
      ASSERT_EQ(u.weight, e.weight);
      ++adds;
    } else {
      ASSERT_EQ(u.kind, io::update_kind::remove);
      ASSERT_LT(m, base + adds);
      deletes_of_added += m >= base ? 1U : 0U;
      ++deletes;
    }
  }
  EXPECT_EQ(adds, g.count_adds(0, p.updates));
  // 30% deletes: 9000 expected, standard deviation about 80.
  EXPECT_NEAR(static_cast<double>(deletes), 9000.0, 400.0);
  // Uniform over the edges existing at the time: added edges grow from 0 to ~21000 against 1024
  // base edges, so most deletes name added ones.
  EXPECT_GT(deletes_of_added, deletes * 3 / 4);
}

TEST(UpdateGenerator, SlicesFromCountersEqualTheWholeStream) {
  const auto p = small_stream(200000);  // several blocks per slice
  const update_generator g(p);
  const auto whole = g.updates(0, p.updates, 0);
  for (int parts : {2, 3, 7}) {
    for (int part = 0; part < parts; ++part) {
      const auto [begin, end] = even_share(p.updates, part, parts);
      const auto slice = g.updates(begin, end, adds_before(g, begin));
      ASSERT_EQ(slice.size(), end - begin);
      EXPECT_EQ(g.count_adds(begin, end), adds_before(g, end) - adds_before(g, begin));
      for (std::uint64_t i = 0; i < slice.size(); ++i) ASSERT_TRUE(same(slice[i], whole[begin + i])) << begin + i;
    }
  }
}

TEST(UpdateGenerator, FractionsAtTheEdgesAndSeeds) {
  auto p = small_stream(1000);
  p.delete_fraction = 0.0;
  EXPECT_EQ(update_generator(p).count_adds(0, 1000), 1000U);
  p.delete_fraction = 1.0;
  EXPECT_EQ(update_generator(p).count_adds(0, 1000), 0U);
  p.delete_fraction = 0.5;
  const auto first = update_generator(p).updates(0, 1000, 0);
  p.graph.seed = 8;
  const auto second = update_generator(p).updates(0, 1000, 0);
  std::size_t equal = 0;
  for (std::size_t i = 0; i < first.size(); ++i) equal += same(first[i], second[i]) ? 1U : 0U;
  EXPECT_LT(equal, first.size() / 10);
}

TEST(UpdateGenerator, RefusesParametersThatMakeNoStream) {
  auto p = small_stream(10);
  p.delete_fraction = 1.5;
  EXPECT_THROW(update_generator{p}, usage_error);
  p.delete_fraction = -0.1;
  EXPECT_THROW(update_generator{p}, usage_error);
  p = small_stream(10);
  p.graph.scale = 0;
  EXPECT_THROW(update_generator{p}, usage_error);
  p.graph.scale = 41;
  EXPECT_THROW(update_generator{p}, usage_error);
  p = small_stream(10);
  p.graph.edge_factor = 0;
  EXPECT_THROW(update_generator{p}, usage_error);
}

std::vector<std::vector<std::string>> read_fields(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> lines;
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    lines.emplace_back();
    for (std::string field; fields >> field;) lines.back().push_back(field);
  }
  return lines;
}

// The files written by every rank together hold, field by field, what the generators give.
TEST(UpdateGenerator, WrittenFilesHoldTheGeneratedEdgesAndUpdates) {
  const communicator comm;
  auto p = small_stream(70000);
  p.times = true;
  const shared_path base(comm, "generated-base.el");
  const shared_path stream(comm, "generated-stream.txt");
  write_kronecker_edge_list(comm, p.graph, true, base.str());
  const std::uint64_t adds = write_update_stream(comm, p, stream.str());
  if (comm.rank() != 0) return;

  const auto edges = kronecker_edges(p.graph, 0, 1);
  const auto base_lines = read_fields(base.str());
  ASSERT_EQ(base_lines.size(), edges.size());
  for (std::size_t i = 0; i < edges.size(); ++i) {
    ASSERT_EQ(base_lines[i].size(), 3U);
    ASSERT_EQ(std::stoull(base_lines[i][0]), edges[i].src);
    ASSERT_EQ(std::stoull(base_lines[i][1]), edges[i].dst);
    ASSERT_EQ(std::stod(base_lines[i][2]), edges[i].weight);  // shortest text reads back exactly
  }

  const auto updates = update_generator(p).updates(0, p.updates, 0);
  const auto stream_lines = read_fields(stream.str());
  ASSERT_EQ(stream_lines.size(), updates.size());
  std::uint64_t added = 0;
  for (std::size_t i = 0; i < updates.size(); ++i) {
    const auto& f = stream_lines[i];
    const bool add = updates[i].kind == io::update_kind::add;
    ASSERT_EQ(f.size(), add ? 5U : 4U) << i;
    ASSERT_EQ(f[0], add ? "a" : "d");
    ASSERT_EQ(std::stoull(f[1]), updates[i].src);
    ASSERT_EQ(std::stoull(f[2]), updates[i].dst);
    if (add) {
      ASSERT_EQ(std::stod(f[3]), updates[i].weight);
    }
    ASSERT_EQ(std::stoull(f.back()), i);
    added += add ? 1U : 0U;
  }
  EXPECT_EQ(adds, added);
}

}  // namespace
}  // namespace eddy
