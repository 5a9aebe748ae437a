// The steps of graph loading, each against a plain reference: endpoint counting (table and sorted
// modes), the radix sort of arc records, row building with and without duplicates, and the
// generator's two outputs.
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

#include "adjacency_rows.hpp"
#include "arc_set.hpp"
#include "eddy/graph/generators.hpp"
#include "eddy/graph/graph_builder.hpp"
#include "endpoint_index.hpp"
#include "record_radix_sort.hpp"

namespace eddy {
namespace {

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
    ASSERT_EQ(ends.ids().size(), expected.size());
    std::size_t k = 0;
    for (const auto& [id, count] : expected) {
      EXPECT_EQ(ends.ids()[k], id);
      EXPECT_EQ(ends.counts()[k], count);
      ++k;
    }
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

// Large enough for several blocks of records, sorted by four threads.
TEST(RecordRadixSort, SortsByRowThenFarEnd) {
  using record = detail::arc_record<std::uint64_t, false>;
  const std::size_t n = 700000;
  for (const int threads : {1, 4}) {
    auto data = random_arcs<std::uint64_t, false>(n, std::uint64_t{1} << 40, 70000, 1);
    std::vector<std::byte> scratch(data.size());
    const std::byte* sorted = nullptr;
    tbb::task_arena(threads).execute(
        [&] { sorted = detail::sort_arcs_by_row_and_far<record>(data.data(), scratch.data(), n, 40, 17); });
    std::vector<std::pair<std::uint32_t, std::uint64_t>> got(n), expected(n);
    const auto original = random_arcs<std::uint64_t, false>(n, std::uint64_t{1} << 40, 70000, 1);
    for (std::size_t i = 0; i < n; ++i) {
      record r;
      std::memcpy(&r, sorted + i * sizeof r, sizeof r);
      got[i] = {r.row, r.far};
      std::memcpy(&r, original.data() + i * sizeof r, sizeof r);
      expected[i] = {r.row, r.far};
    }
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(got, expected) << threads << " threads";
  }
}

// Packing by destination keeps each destination's arcs in edge order, whatever the threads.
TEST(ArcShuffle, PacksEveryArcForItsOwnerInEdgeOrder) {
  using record = detail::arc_record<std::uint32_t, true>;
  std::mt19937_64 random(3);
  io::edge_columns edges;
  edges.weighted = true;
  const std::vector<global_id> offsets = {0, 1000, 1000, 2500, 4000};  // rank 1 owns nothing
  for (int i = 0; i < 300000; ++i) edges.push_back({random() % 4000, random() % 4000, static_cast<double>(i)});
  for (const auto kind : {detail::arc_kind::out, detail::arc_kind::in, detail::arc_kind::both}) {
    std::vector<std::vector<std::tuple<std::uint32_t, std::uint32_t, double>>> expected(4);
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
    for (const int threads : {1, 4}) {
      detail::packed_arcs<record> packed;
      tbb::task_arena(threads).execute([&] { packed = detail::pack_arcs<record>(edges, kind, offsets); });
      for (std::size_t r = 0; r < 4; ++r) {
        std::vector<std::tuple<std::uint32_t, std::uint32_t, double>> got;
        for (auto i = packed.begin[r]; i < packed.begin[r + 1]; ++i) {
          got.push_back({packed.records[i].row, packed.records[i].far, packed.records[i].weight});
        }
        EXPECT_EQ(got, expected[r]) << "rank " << r << ", " << threads << " threads";
      }
    }
  }
}

// Rows as (far, weight) lists from a reference, duplicates collapsed to their smallest weight.
template <class Far, bool Weighted>
void check_rows(bool drop_duplicates) {
  const std::uint32_t n_local = 300;
  const std::uint64_t n_global = 5000;
  const global_id first = 1000;
  auto bytes = random_arcs<Far, Weighted>(20000, 400, n_local, 9);
  std::vector<std::vector<std::pair<Far, double>>> expected(n_local);
  std::uint64_t loops = 0;
  for (std::size_t i = 0; i < bytes.size() / sizeof(detail::arc_record<Far, Weighted>); ++i) {
    detail::arc_record<Far, Weighted> r;
    std::memcpy(&r, bytes.data() + i * sizeof r, sizeof r);
    double w = 1.0;
    if constexpr (Weighted) w = r.weight;
    expected[r.row].push_back({static_cast<Far>(r.far + 800), w});  // far ends around the owned range
  }
  // The same shift applied to the records themselves.
  for (std::size_t i = 0; i < bytes.size() / sizeof(detail::arc_record<Far, Weighted>); ++i) {
    detail::arc_record<Far, Weighted> r;
    std::memcpy(&r, bytes.data() + i * sizeof r, sizeof r);
    r.far += 800;
    std::memcpy(bytes.data() + i * sizeof r, &r, sizeof r);
  }
  for (std::uint32_t v = 0; v < n_local; ++v) {
    auto& row = expected[v];
    std::sort(row.begin(), row.end());
    if (drop_duplicates) {
      row.erase(std::unique(row.begin(), row.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
                row.end());
    }
    for (const auto& [far, w] : row) loops += far == first + v ? 1 : 0;
  }
  const auto rows = detail::build_rows(detail::received_arcs<detail::arc_record<Far, Weighted>>(std::move(bytes)),
                                       n_local, first, n_global, drop_duplicates);
  EXPECT_EQ(rows.self_loops, loops);
  for (std::uint32_t v = 0; v < n_local; ++v) {
    std::vector<std::pair<Far, double>> got;
    for (auto i = rows.offsets[v]; i < rows.offsets[v + 1]; ++i)
      got.push_back({rows.far[i], Weighted ? rows.weights[i] : 1.0});
    ASSERT_EQ(got, expected[v]) << "row " << v;
  }
}

TEST(AdjacencyRows, SortedRowsWithAndWithoutDuplicates) {
  for (const bool drop : {false, true}) {
    SCOPED_TRACE(drop);
    check_rows<std::uint32_t, false>(drop);
    check_rows<std::uint32_t, true>(drop);
    check_rows<std::uint64_t, false>(drop);
    check_rows<std::uint64_t, true>(drop);
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
      EXPECT_EQ(g.global_edges(), std::uint64_t{16} << p.scale);
    }
  }
}

}  // namespace
}  // namespace eddy
