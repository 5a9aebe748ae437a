// Incremental PageRank and degrees against from-scratch computations on a snapshot of the changed
// graph after every batch: PageRank within L1 1e-6 of the static PageRank run to tolerance 1e-12
// (itself checked against igraph in the reference tests), degrees exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "eddy/algorithms/incremental.hpp"
#include "eddy/algorithms/pagerank.hpp"
#include "eddy/graph/graph_builder.hpp"
#include "../rank_share.hpp"

namespace eddy {
namespace {

template <class T>
struct id_value {
  vertex_id id;
  T value;
};

// Every rank's (id, value) pairs, sorted by id.
template <class T>
std::vector<id_value<T>> gathered(const communicator& comm, std::span<const vertex_id> ids, const std::vector<T>& values) {
  std::vector<id_value<T>> mine;
  for (std::size_t i = 0; i < values.size(); ++i) mine.push_back({ids[i], values[i]});
  auto all = comm.all_gather_v<id_value<T>>(mine);
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return all;
}

double l1_distance(const std::vector<id_value<double>>& a, const std::vector<id_value<double>>& b) {
  EXPECT_EQ(a.size(), b.size());
  double sum = 0.0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    sum += std::abs(a[i].value - b[i].value);
  }
  return sum;
}

std::vector<id_value<double>> exact_pagerank(const distributed_graph& s) {
  algorithms::pagerank_params params;
  params.tolerance = 1e-12;
  params.iterations = 100000;
  const auto r = algorithms::pagerank(s, params);
  return gathered(s.comm(), s.external_ids(), r.values);
}

// Random batches over ids [0, range): adds (new ids appear as the range grows), removes of
// present and absent edges, with sinks made and unmade along the way.
std::vector<io::edge_update> random_batch(std::mt19937_64& rng, std::size_t size, vertex_id range,
                                          std::vector<std::pair<vertex_id, vertex_id>>& added) {
  std::vector<io::edge_update> batch;
  for (std::size_t i = 0; i < size; ++i) {
    io::edge_update u;
    if (rng() % 5 == 0 && !added.empty()) {
      const auto k = rng() % added.size();
      u.src = added[k].first;
      u.dst = added[k].second;
      added[k] = added.back();
      added.pop_back();
      u.kind = io::update_kind::remove;
    } else if (rng() % 20 == 0) {
      u.src = rng() % range;
      u.dst = rng() % range;
      u.kind = io::update_kind::remove;  // most likely absent: ignored
    } else {
      u.src = rng() % range;
      u.dst = rng() % (range + 8);  // sometimes a vertex not seen before
      u.kind = io::update_kind::add;
      added.emplace_back(u.src, u.dst);
    }
    batch.push_back(u);
  }
  if (size >= 3 && !added.empty()) {  // one edge removed, added and removed again in one batch
    const auto [src, dst] = added.back();
    added.pop_back();
    for (const auto kind : {io::update_kind::remove, io::update_kind::add, io::update_kind::remove}) {
      batch.push_back({src, dst, 1.0, 0, kind, false});
    }
  }
  return batch;
}

distributed_graph random_base(const communicator& comm, bool directed, vertex_id range, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<io::edge_record> mine;
  for (int i = 0; i < 600; ++i) {
    const io::edge_record e{rng() % range, rng() % range, 1.0};
    if (i % comm.size() == comm.rank()) mine.push_back(e);
  }
  graph_options options;
  options.directed = directed;
  return build_graph(comm, mine, std::nullopt, options, make_partitioner("chunk"));
}

class IncrementalPageRank : public ::testing::TestWithParam<std::tuple<bool, bool>> {};

TEST_P(IncrementalPageRank, StaysWithinToleranceOfARecomputation) {
  const auto [directed, warm_start] = GetParam();
  const communicator comm;
  const vertex_id range = 150;
  auto base = random_base(comm, directed, range, directed ? 5 : 6);
  std::vector<double> ranks;
  if (warm_start) {
    algorithms::pagerank_params params;
    params.tolerance = 1e-10;
    params.iterations = 1000;
    ranks = algorithms::pagerank(base, params).values;
  }
  dynamic_graph g(std::move(base));
  g.set_compaction(0.05, 32);  // compactions happen during the stream, and must not disturb it
  auto pagerank = algorithms::make_incremental_pagerank(g, 0.85, 1e-7, ranks);
  auto degree = algorithms::make_incremental_degree(g);
  std::mt19937_64 rng(42);
  std::vector<std::pair<vertex_id, vertex_id>> added;
  double worst = 0.0;
  for (int b = 0; b < 20; ++b) {
    const auto batch = random_batch(rng, 1 + static_cast<std::size_t>(b) * 3, range + static_cast<vertex_id>(b), added);
    const auto changes = g.apply(test::rank_share(comm, batch));
    (void)pagerank->update(changes);
    (void)degree->update(changes);
    const auto snapshot = g.snapshot();
    const double l1 = l1_distance(gathered(comm, g.external_ids(), pagerank->values()), exact_pagerank(snapshot));
    worst = std::max(worst, l1);
    ASSERT_LE(l1, 1e-6) << "batch " << b;

    std::vector<std::int64_t> degrees(snapshot.local_vertices());
    for (local_id v = 0; v < snapshot.local_vertices(); ++v) degrees[v] = static_cast<std::int64_t>(snapshot.out_degree(v));
    const auto expected = gathered(comm, snapshot.external_ids(), degrees);
    const auto got = gathered(comm, g.external_ids(), degree->values());
    ASSERT_EQ(got.size(), expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      ASSERT_EQ(got[i].id, expected[i].id);
      ASSERT_EQ(got[i].value, expected[i].value) << "degree of " << got[i].id << " after batch " << b;
    }
  }
  if (comm.rank() == 0) std::printf("largest L1 distance: %.3g\n", worst);
}

// From an empty graph: every vertex arrives through the stream.
TEST(IncrementalPageRankEmpty, BuildsTheGraphFromTheStream) {
  const communicator comm;
  graph_options options;
  dynamic_graph g(comm, options, make_hash_partitioner());
  auto pagerank = algorithms::make_incremental_pagerank(g, 0.85, 1e-7);
  std::mt19937_64 rng(9);
  std::vector<std::pair<vertex_id, vertex_id>> added;
  for (int b = 0; b < 10; ++b) {
    const auto batch = random_batch(rng, 30, 40 + static_cast<vertex_id>(b) * 4, added);
    (void)pagerank->update(g.apply(test::rank_share(comm, batch)));
    const double l1 = l1_distance(gathered(comm, g.external_ids(), pagerank->values()), exact_pagerank(g.snapshot()));
    ASSERT_LE(l1, 1e-6) << "batch " << b;
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, IncrementalPageRank, ::testing::Combine(::testing::Bool(), ::testing::Bool()));

}  // namespace
}  // namespace eddy
