// The steps of graph loading, each against a plain reference: endpoint counting (table and sorted
// modes), the packing of arcs by destination and row bucket, row building with and without
// duplicates, and the generator's two outputs.
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>
#include <tuple>

#include "adjacency_rows.hpp"
#include "arc_set.hpp"
#include "degree_order.hpp"
#include "eddy/graph/generators.hpp"
#include "eddy/graph/graph_builder.hpp"
#include "endpoint_index.hpp"
#include "vertex_order.hpp"

namespace eddy {
namespace {

// The distinct ids in ascending order with their counts, as `expected` has them.
void expect_counts(const detail::endpoint_index& ends, const std::map<vertex_id, std::uint64_t>& expected) {
  ASSERT_EQ(ends.ids().size(), expected.size());
  std::size_t k = 0;
  for (const auto& [id, count] : expected) {
    EXPECT_EQ(ends.ids()[k], id);
    EXPECT_EQ(ends.counts()[k], count);
    ++k;
  }
}

// Counts and translations agree with a std::map, for ids spanning a small range (table mode)
// and ids spread over 64 bits (sorted mode).
TEST(EndpointIndex, BothModesCountAndTranslateLikeAMap) {
  std::mt19937_64 random(7);
  for (const std::uint64_t spread : {std::uint64_t{3000}, ~std::uint64_t{0}}) {
    SCOPED_TRACE(spread);
    std::vector<vertex_id> src(5000), dst(5000);
    for (auto* column : {&src, &dst}) {
      for (auto& id : *column) id = 1000 + random() % spread;
    }
    std::map<vertex_id, std::uint64_t> expected;
    for (const auto* column : {&src, &dst}) {
      for (const auto id : *column) ++expected[id];
    }
    detail::endpoint_index ends(src, dst);
    expect_counts(ends, expected);
    // Translate to each id's rank among the distinct ids, times 3 (so values are not positions).
    std::vector<std::uint64_t> values(ends.ids().size());
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = 3 * i;
    ends.assign(values);
    auto translated = src;
    ends.translate(translated);
    for (std::size_t i = 0; i < src.size(); ++i) {
      const auto position = std::lower_bound(ends.ids().begin(), ends.ids().end(), src[i]) - ends.ids().begin();
      EXPECT_EQ(translated[i], 3 * static_cast<std::uint64_t>(position));
    }
  }
}

// The table mode finds its id range as it counts: ids arriving ascending, descending, at the top
// of the 64-bit range or spread too widely for a table are all counted exactly.
TEST(EndpointIndex, CountsWhateverOrderTheIdsComeIn) {
  constexpr std::uint64_t top = ~std::uint64_t{0};
  std::vector<std::vector<vertex_id>> cases(5);
  for (std::uint64_t i = 0; i < 20000; ++i) {
    cases[0].push_back(5 + i / 3);
    cases[1].push_back(90000 - i / 2);
    cases[2].push_back(top - (i * 7919) % 30000);
    cases[3].push_back(i % 2 == 0 ? i : top - i);
    cases[4].push_back((i * 7919) % 30000 + (i % 5 == 0 ? 1000000 : 0));
  }
  for (const auto& ids : cases) {
    std::map<vertex_id, std::uint64_t> expected;
    for (const auto id : ids) expected[id] += 2;
    const detail::endpoint_index ends(ids, ids);
    expect_counts(ends, expected);
  }
}

// Descending degree, ties in index order, also for degrees beyond the vertex count (sorted apart).
TEST(VertexOrder, ByDescendingDegreeIsAStableSort) {
  std::mt19937_64 random(5);
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{5000}}) {
    std::vector<std::uint64_t> degree(n);
    for (auto& d : degree) d = random() % 3 == 0 ? random() % (4 * n + 1) : random() % 5;
    std::vector<local_id> expected(n);
    std::iota(expected.begin(), expected.end(), local_id{0});
    std::stable_sort(expected.begin(), expected.end(), [&](local_id a, local_id b) { return degree[a] > degree[b]; });
    const auto order = detail::by_descending_degree(degree);
    EXPECT_EQ(order, expected) << n << " vertices";
    const auto position = detail::inverse(order);
    for (std::size_t k = 0; k < n; ++k) EXPECT_EQ(position[order[k]], k);
  }
}

template <class Far, bool Weighted>
std::vector<std::byte> random_arcs(std::size_t n, std::uint64_t far_range, std::uint32_t rows, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<std::byte> bytes(n * sizeof(detail::arc_record<Far, Weighted>));
  for (std::size_t i = 0; i < n; ++i) {
    detail::arc_record<Far, Weighted> r{};
    r.far = static_cast<Far>(random() % far_range);
    r.row = static_cast<std::uint32_t>(random() % rows);
    if constexpr (Weighted) r.weight = static_cast<double>(random() % 5);  // repeats, to test ties
    std::memcpy(bytes.data() + i * sizeof r, &r, sizeof r);
  }
  return bytes;
}

// Packing by destination keeps each destination's arcs grouped by row bucket and, within a
// bucket, in edge order, whatever the threads; the packing rank's own arcs are kept apart.
TEST(ArcShuffle, PacksEveryArcForItsOwnerByBucketInEdgeOrder) {
  using record = detail::arc_record<std::uint32_t, true>;
  using arc = std::tuple<std::uint32_t, std::uint32_t, double>;
  std::mt19937_64 random(3);
  io::edge_columns edges;
  edges.weighted = true;
  const std::vector<global_id> offsets = {0, 1000, 1000, 2500, 4000};  // rank 1 owns nothing
  const std::size_t self = 2;
  for (int i = 0; i < 300000; ++i) edges.push_back({random() % 4000, random() % 4000, static_cast<double>(i)});
  for (const auto kind : {detail::arc_kind::out, detail::arc_kind::in, detail::arc_kind::both}) {
    std::vector<std::vector<arc>> expected(4);
    const auto owner = [&](global_id g) {
      return static_cast<std::size_t>(std::upper_bound(offsets.begin() + 1, offsets.end() - 1, g) - offsets.begin() -
                                      1);
    };
    const auto add = [&](global_id row, global_id far, double w) {
      const auto r = owner(row);
      expected[r].push_back({static_cast<std::uint32_t>(row - offsets[r]), static_cast<std::uint32_t>(far), w});
    };
    for (std::size_t i = 0; i < edges.size(); ++i) {
      if (kind != detail::arc_kind::in) add(edges.src[i], edges.dst[i], edges.weight[i]);
      if (kind == detail::arc_kind::in || (kind == detail::arc_kind::both && edges.src[i] != edges.dst[i])) {
        add(edges.dst[i], edges.src[i], edges.weight[i]);
      }
    }
    std::size_t arcs = 0;
    for (std::size_t r = 0; r < 4; ++r) {
      arcs += expected[r].size();
      const unsigned shift = detail::bucket_shift(offsets[r + 1] - offsets[r], 4);
      std::stable_sort(expected[r].begin(), expected[r].end(),
                       [&](const arc& a, const arc& b) { return (std::get<0>(a) >> shift) < (std::get<0>(b) >> shift); });
    }
    for (const int threads : {1, 4}) {
      detail::packed_arcs<record> packed;
      tbb::task_arena(threads).execute([&] { packed = detail::pack_arcs<record>(edges, kind, offsets, self); });
      EXPECT_EQ(packed.to_others().size() + packed.count[self], arcs);
      for (std::size_t r = 0; r < 4; ++r) {
        std::vector<arc> got;
        for (const auto& x : packed.to(r)) got.push_back({x.row, x.far, x.weight});
        EXPECT_EQ(got, expected[r]) << "rank " << r << ", " << threads << " threads";
      }
    }
  }
}

// Rows as (far, weight) lists from a reference, duplicates collapsed to their smallest weight;
// the rows' own order is unspecified, so both sides are compared sorted.
template <class Far, bool Weighted>
void check_rows(bool drop_duplicates, unsigned shift) {
  using record = detail::arc_record<Far, Weighted>;
  const std::uint32_t n_local = 300;
  const global_id first = 1000;
  auto bytes = random_arcs<Far, Weighted>(20000, 400, n_local, 9);
  std::vector<record> records(bytes.size() / sizeof(record));
  std::memcpy(records.data(), bytes.data(), bytes.size());
  // Far ends around the owned range; the records ordered by bucket, as they travel.
  for (auto& r : records) r.far += 800;
  std::stable_sort(records.begin(), records.end(),
                   [&](const record& a, const record& b) { return (a.row >> shift) < (b.row >> shift); });
  std::memcpy(bytes.data(), records.data(), bytes.size());
  std::vector<std::vector<std::pair<Far, double>>> expected(n_local);
  for (const auto& r : records) {
    double w = 1.0;
    if constexpr (Weighted) w = r.weight;
    expected[r.row].push_back({static_cast<Far>(r.far), w});
  }
  std::uint64_t loops = 0;
  for (std::uint32_t v = 0; v < n_local; ++v) {
    auto& row = expected[v];
    std::sort(row.begin(), row.end());
    if (drop_duplicates) {
      row.erase(std::unique(row.begin(), row.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
                row.end());
    }
    for (const auto& [far, w] : row) loops += far == first + v ? 1 : 0;
  }
  const auto rows = detail::build_rows(detail::received_arcs<record>(std::move(bytes)), n_local, first, shift,
                                       drop_duplicates);
  EXPECT_EQ(rows.self_loops, loops);
  for (std::uint32_t v = 0; v < n_local; ++v) {
    std::vector<std::pair<Far, double>> got;
    for (auto i = rows.offsets[v]; i < rows.offsets[v + 1]; ++i)
      got.push_back({rows.far[i], Weighted ? rows.weights[i] : 1.0});
    std::sort(got.begin(), got.end());
    ASSERT_EQ(got, expected[v]) << "row " << v;
  }
}

TEST(AdjacencyRows, RowsWithAndWithoutDuplicates) {
  for (const bool drop : {false, true}) {
    for (const unsigned shift : {0U, 4U, 9U}) {
      SCOPED_TRACE(::testing::Message() << "drop " << drop << ", shift " << shift);
      check_rows<std::uint32_t, false>(drop, shift);
      check_rows<std::uint32_t, true>(drop, shift);
      check_rows<std::uint64_t, false>(drop, shift);
      check_rows<std::uint64_t, true>(drop, shift);
    }
  }
}

TEST(Kronecker, ColumnsHoldTheSameEdgesWithWeightsOnlyWhenAsked) {
  kronecker_params p;
  p.scale = 11;
  const auto records = kronecker_edges(p, 1, 3);
  const auto weighted = kronecker_columns(p, 1, 3, true);
  const auto plain = kronecker_columns(p, 1, 3, false);
  ASSERT_EQ(weighted.size(), records.size());
  ASSERT_EQ(plain.size(), records.size());
  EXPECT_TRUE(plain.weight.empty());
  for (std::size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(weighted.src[i], records[i].src);
    EXPECT_EQ(plain.dst[i], records[i].dst);
    EXPECT_EQ(weighted.weight[i], records[i].weight);
  }
}

// The whole builder on a generated graph: the stored arcs are exactly the generated edges
// (both directions when undirected), whatever the number of ranks and the partitioning.
TEST(GraphBuilderKronecker, StoresExactlyTheGeneratedEdges) {
  const communicator comm;
  kronecker_params p;
  p.scale = 12;
  test::arc_set out, in, both;
  for (const auto& e : kronecker_edges(p, 0, 1)) {
    out.insert({e.src, e.dst, 1.0});
    in.insert({e.dst, e.src, 1.0});
    both.insert({e.src, e.dst, 1.0});
    if (e.src != e.dst) both.insert({e.dst, e.src, 1.0});
  }
  for (const char* partition : {"chunk", "hash"}) {
    for (const bool directed : {true, false}) {
      graph_options options;
      options.directed = directed;
      const auto g = build_graph(comm, kronecker_columns(p, comm.rank(), comm.size(), false), std::nullopt, options,
                                 make_partitioner(partition));
      EXPECT_EQ(test::arcs_of(g, false), directed ? out : both);
      EXPECT_EQ(test::arcs_of(g, true), directed ? in : both);
      // A directed edge is one endpoint at each end, as the degrees ordering the vertices count.
      if (directed) {
        EXPECT_TRUE(test::owned_by_descending_degree(g));
      }
      EXPECT_TRUE(test::finds_owned_by_external_id(g));
      EXPECT_EQ(g.global_edges(), std::uint64_t{16} << p.scale);
    }
  }
}

}  // namespace
}  // namespace eddy
