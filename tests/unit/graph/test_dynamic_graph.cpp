// The dynamic graph against a model: a std::map of the edge set, changed one update at a time in
// stream order. After every batch the arcs all ranks hold, the degrees and the counts must be
// exactly the model's.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

#include "eddy/graph/dynamic_graph.hpp"
#include "eddy/graph/graph_builder.hpp"
#include "../rank_share.hpp"

namespace eddy {
namespace {

using edge_key = std::pair<vertex_id, vertex_id>;

struct model {
  bool directed;
  bool weighted;
  std::map<edge_key, double> edges;
  std::map<vertex_id, int> vertices;  // id -> seen
  update_counts counts;

  edge_key key(vertex_id a, vertex_id b) const { return directed || a <= b ? edge_key{a, b} : edge_key{b, a}; }
  void apply(const io::edge_update& u) {
    ++counts.updates;
    const auto k = key(u.src, u.dst);
    const auto it = edges.find(k);
    switch (u.kind) {
      case io::update_kind::add:
        if (it != edges.end()) {
          ++counts.ignored;
          return;
        }
        for (const auto id : {u.src, u.dst}) counts.new_vertices += vertices.emplace(id, 1).second ? 1 : 0;
        edges[k] = weighted ? u.weight : 1.0;
        ++counts.adds;
        return;
      case io::update_kind::remove:
        if (it == edges.end()) {
          ++counts.ignored;
          return;
        }
        edges.erase(it);
        ++counts.removes;
        return;
      case io::update_kind::reweight:
        if (it == edges.end()) {
          ++counts.ignored;
          return;
        }
        it->second = weighted ? u.weight : 1.0;
        ++counts.reweights;
        return;
    }
  }
};

struct arc {
  vertex_id from, to;
  double weight;
  auto operator<=>(const arc&) const = default;
};

// Every arc of every rank's out-rows (in-rows when `in`), as external ids.
std::vector<arc> all_arcs(const dynamic_graph& g, bool in) {
  std::vector<arc> mine;
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    std::size_t counted = 0;
    const auto visit = [&](local_id far, double w) {
      ++counted;
      if (in) {
        mine.push_back({g.external_id(far), g.external_id(v), w});
      } else {
        mine.push_back({g.external_id(v), g.external_id(far), w});
      }
    };
    if (in) {
      g.for_each_in(v, visit);
    } else {
      g.for_each_out(v, visit);
    }
    EXPECT_EQ(counted, in ? g.in_degree(v) : g.out_degree(v));
  }
  auto all = g.comm().all_gather_v<arc>(mine);
  std::sort(all.begin(), all.end());
  return all;
}

std::vector<arc> model_arcs(const model& m) {
  std::vector<arc> arcs;
  for (const auto& [k, w] : m.edges) {
    arcs.push_back({k.first, k.second, w});
    if (!m.directed && k.first != k.second) arcs.push_back({k.second, k.first, w});
  }
  std::sort(arcs.begin(), arcs.end());
  return arcs;
}

// A random batch: adds of new and existing pairs, removes of present and absent ones, weight
// changes; ids from a small range (so edges repeat and vertices appear over time).
std::vector<io::edge_update> random_batch(std::mt19937_64& rng, const model& m, std::size_t size, vertex_id range) {
  std::vector<io::edge_update> batch;
  std::uniform_int_distribution<vertex_id> id(0, range - 1);
  std::uniform_real_distribution<double> weight(0.0, 1.0);
  for (std::size_t i = 0; i < size; ++i) {
    io::edge_update u;
    const auto roll = rng() % 10;
    if (roll < 3 && !m.edges.empty()) {  // remove or reweight a present edge (maybe reversed)
      auto it = m.edges.begin();
      std::advance(it, static_cast<std::ptrdiff_t>(rng() % m.edges.size()));
      u.src = it->first.first;
      u.dst = it->first.second;
      if (!m.directed && rng() % 2 == 0) std::swap(u.src, u.dst);
      u.kind = roll < 2 ? io::update_kind::remove : io::update_kind::reweight;
    } else {
      u.src = id(rng);
      u.dst = id(rng);
      u.kind = roll < 4 ? io::update_kind::remove : io::update_kind::add;
    }
    u.weight = weight(rng);
    batch.push_back(u);
  }
  return batch;
}

void check_stream(dynamic_graph& g, model& m, std::uint64_t seed, vertex_id range, bool compact_often) {
  if (compact_often) g.set_compaction(0.0, 16);
  std::mt19937_64 rng(seed);
  for (int b = 0; b < 25; ++b) {
    const auto batch = random_batch(rng, m, 40 + static_cast<std::size_t>(b) * 7, range);
    const auto before = m.counts;
    for (const auto& u : batch) m.apply(u);
    const auto changes = g.apply(test::rank_share(g.comm(), batch));
    ASSERT_EQ(changes.counts.updates, m.counts.updates - before.updates) << "batch " << b;
    EXPECT_EQ(changes.counts.adds, m.counts.adds - before.adds) << "batch " << b;
    EXPECT_EQ(changes.counts.removes, m.counts.removes - before.removes) << "batch " << b;
    EXPECT_EQ(changes.counts.reweights, m.counts.reweights - before.reweights) << "batch " << b;
    EXPECT_EQ(changes.counts.ignored, m.counts.ignored - before.ignored) << "batch " << b;
    ASSERT_TRUE(all_arcs(g, false) == model_arcs(m)) << "out-rows after batch " << b;
    if (m.directed) {
      ASSERT_TRUE(all_arcs(g, true) == model_arcs(m)) << "in-rows after batch " << b;
    }
    EXPECT_EQ(g.global_edges(), m.edges.size());
  }
  if (compact_often) {
    EXPECT_GT(g.comm().all_reduce(g.compactions(), reduce_op::sum), 0U);
  }
}

class DynamicGraph : public ::testing::TestWithParam<std::tuple<bool, bool, bool>> {};

TEST_P(DynamicGraph, AppliesBatchesLikeAnEdgeSet) {
  const auto [directed, weighted, compact_often] = GetParam();
  const communicator comm;
  graph_options options;
  options.directed = directed;
  options.weighted = weighted;
  dynamic_graph g(comm, options, make_hash_partitioner());
  model m{directed, weighted, {}, {}, {}};
  check_stream(g, m, 7 + (directed ? 1 : 0) + (weighted ? 2 : 0), 60, compact_often);
  EXPECT_EQ(g.global_vertices(), m.vertices.size());
}

// Starting from a loaded graph with repeated edges: they collapse to one (the smallest weight).
TEST_P(DynamicGraph, StartsFromALoadedGraph) {
  const auto [directed, weighted, compact_often] = GetParam();
  const communicator comm;
  graph_options options;
  options.directed = directed;
  options.weighted = weighted;
  model m{directed, weighted, {}, {}, {}};
  std::vector<io::edge_record> all;
  all.reserve(300);
  std::mt19937_64 rng(3);
  for (int i = 0; i < 300; ++i) all.push_back({rng() % 50, rng() % 50, static_cast<double>(rng() % 1000) / 1000.0});
  for (const auto& e : all) {
    const auto k = m.key(e.src, e.dst);
    const auto it = m.edges.find(k);
    if (it == m.edges.end() || e.weight < it->second) m.edges[k] = weighted ? e.weight : 1.0;
    m.vertices.emplace(e.src, 1);
    m.vertices.emplace(e.dst, 1);
  }
  std::vector<io::edge_record> mine;
  for (std::size_t i = static_cast<std::size_t>(comm.rank()); i < all.size(); i += static_cast<std::size_t>(comm.size())) {
    mine.push_back(all[i]);
  }
  const std::string partition = directed ? "chunk" : "hash";
  dynamic_graph g(build_graph(comm, mine, std::nullopt, options, make_partitioner(partition)));
  ASSERT_TRUE(all_arcs(g, false) == model_arcs(m));
  EXPECT_EQ(g.global_edges(), m.edges.size());
  EXPECT_EQ(g.global_vertices(), m.vertices.size());
  check_stream(g, m, 11, 70, compact_often);
}

// The snapshot is the same graph as a static one: same arcs, same vertices (isolated included).
TEST(DynamicGraphSnapshot, HoldsTheCurrentGraph) {
  const communicator comm;
  graph_options options;
  options.directed = false;
  dynamic_graph g(comm, options, make_hash_partitioner());
  std::vector<io::edge_update> batch;
  for (vertex_id i = 0; i < 40; ++i) batch.push_back({i, (i * 7 + 3) % 40, 1.0, 0, io::update_kind::add, false});
  (void)g.apply(test::rank_share(comm, batch));
  std::vector<io::edge_update> removal;
  for (vertex_id i = 0; i < 40; i += 5) removal.push_back({(i * 7 + 3) % 40, i, 1.0, 0, io::update_kind::remove, false});
  (void)g.apply(test::rank_share(comm, removal));
  const auto s = g.snapshot();
  EXPECT_EQ(s.global_vertices(), g.global_vertices());
  EXPECT_EQ(s.global_edges(), g.global_edges());
  EXPECT_EQ(s.global_arcs(), g.global_arcs());
}

// Updates that name a vertex the same batch creates, on whichever rank owns it: later updates of
// the batch see the edge the add made.
TEST(DynamicGraphBatch, UpdatesAfterAnAddOfNewVerticesSeeTheEdge) {
  const communicator comm;
  graph_options options;
  options.weighted = true;
  dynamic_graph g(comm, options, make_hash_partitioner());
  model m{true, true, {}, {}, {}};
  const std::vector<io::edge_update> batch = {
      {100, 200, 1.0, 0, io::update_kind::add, false},     {100, 200, 1.0, 0, io::update_kind::remove, false},
      {100, 200, 2.0, 0, io::update_kind::add, false},     {300, 100, 1.0, 0, io::update_kind::add, false},
      {300, 100, 0.5, 0, io::update_kind::reweight, false}, {400, 500, 1.0, 0, io::update_kind::remove, false},
      {500, 500, 1.0, 0, io::update_kind::add, false},     {500, 500, 1.0, 0, io::update_kind::add, false}};
  for (const auto& u : batch) m.apply(u);
  const auto changes = g.apply(batch);  // every rank passes the whole batch: each update arrives p times
  EXPECT_EQ(changes.counts.updates, batch.size() * static_cast<std::size_t>(comm.size()));
  if (comm.size() == 1) {
    EXPECT_EQ(changes.counts.adds, m.counts.adds);
    EXPECT_EQ(changes.counts.removes, m.counts.removes);
    EXPECT_EQ(changes.counts.reweights, m.counts.reweights);
    EXPECT_EQ(changes.counts.ignored, m.counts.ignored);
  }
  ASSERT_TRUE(all_arcs(g, false) == model_arcs(m));
  ASSERT_TRUE(all_arcs(g, true) == model_arcs(m));
}

INSTANTIATE_TEST_SUITE_P(Shapes, DynamicGraph,
                         ::testing::Combine(::testing::Bool(), ::testing::Bool(), ::testing::Bool()));

}  // namespace
}  // namespace eddy
