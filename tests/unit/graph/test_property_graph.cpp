// The Graph API's construction, degrees, neighbourhood reductions and metrics against networkx
// (golden/property_graph_golden.py).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "eddy/graph/graph_metrics.hpp"
#include "eddy/graph/neighborhood.hpp"
#include "property_graph_fixtures.hpp"

namespace eddy {
namespace {
using namespace property_graph_tests;

TEST(PropertyGraph, BuildsFromEdgesAndCollections) {
  communicator comm;
  const auto g = golden_graph(comm);
  EXPECT_EQ(g.number_of_vertices(), std::size(golden_vertices));
  EXPECT_EQ(g.number_of_edges(), std::size(golden_edges));
  EXPECT_TRUE(g.validate());
  EXPECT_EQ(gather(g), golden_whole());
  for (std::size_t i = 1; i < g.vertices().size(); ++i) EXPECT_LT(g.vertices()[i - 1].id, g.vertices()[i].id);

  const auto from_edges = value_graph::from_edges(comm, slice(comm, golden_edge_list()), [](vertex_id id) { return id * 2; });
  const auto linked = ids_of(gather(from_edges).vertices);
  std::set<vertex_id> ends;
  for (const auto& e : golden_whole().edges) ends.insert({e.source, e.target});
  EXPECT_EQ(linked, ends);  // the isolated vertices are not endpoints
  for (const auto& v : gather(from_edges).vertices) EXPECT_EQ(v.value, v.id * 2);
}

TEST(PropertyGraph, ValidateFindsEdgesToMissingVertices) {
  communicator comm;
  auto vs = golden_vertex_list();
  vs.erase(vs.begin());  // golden_vertices[0] is an endpoint
  const auto g = value_graph::from_collections(comm, slice(comm, vs), slice(comm, golden_edge_list()));
  EXPECT_FALSE(g.validate());
  EXPECT_THROW((void)g.to_distributed_graph({}, make_chunk_partitioner()), collective_error);
  EXPECT_TRUE(g.filter_edges([](const erec&) { return false; }).validate());
}

TEST(PropertyGraph, RefusesAVertexIdGivenTwice) {
  communicator comm;
  std::vector<vrec> vs;
  if (comm.rank() == comm.size() - 1) vs = {{5, 1}, {5, 2}};
  EXPECT_THROW((void)value_graph::from_collections(comm, vs, {}), collective_error);
}

TEST(PropertyGraph, DegreesMatchNetworkx) {
  communicator comm;
  const auto g = golden_graph(comm);
  const auto in = gathered(comm, std::span<const vrec>(g.in_degrees()));
  const auto out = gathered(comm, std::span<const vrec>(g.out_degrees()));
  const auto total = gathered(comm, std::span<const vrec>(g.degrees()));
  std::map<vertex_id, std::array<std::uint64_t, 3>> got;
  for (const auto& d : in) got[d.id][0] = d.value;
  for (const auto& d : out) got[d.id][1] = d.value;
  for (const auto& d : total) got[d.id][2] = d.value;
  ASSERT_EQ(got.size(), std::size(golden_neighbourhoods));
  for (const auto& row : golden_neighbourhoods) {
    const auto id = static_cast<vertex_id>(row[0]);
    EXPECT_EQ(got[id], (std::array<std::uint64_t, 3>{static_cast<std::uint64_t>(row[1]), static_cast<std::uint64_t>(row[2]),
                                                     static_cast<std::uint64_t>(row[3])}))
        << id;
  }
}

// Column of golden_neighbourhoods for direction d: sums from 4, minima from 7.
std::map<vertex_id, std::int64_t> golden_column(int first, edge_direction d) {
  std::map<vertex_id, std::int64_t> out;
  const int col = first + (d == edge_direction::out ? 0 : d == edge_direction::in ? 1 : 2);
  for (const auto& row : golden_neighbourhoods) {
    if (row[col] >= 0) out[static_cast<vertex_id>(row[0])] = row[col];
  }
  return out;
}
std::map<vertex_id, std::int64_t> as_map(const communicator& comm, const std::vector<vrec>& mine) {
  std::map<vertex_id, std::int64_t> out;
  for (const auto& r : gathered(comm, std::span<const vrec>(mine))) {
    EXPECT_TRUE(out.emplace(r.id, static_cast<std::int64_t>(r.value)).second) << r.id;
  }
  return out;
}

class Neighbourhoods : public ::testing::TestWithParam<edge_direction> {};

TEST_P(Neighbourhoods, ReductionsMatchNetworkx) {
  communicator comm;
  const auto g = golden_graph(comm);
  const auto d = GetParam();
  const auto plus = [](std::uint64_t a, std::uint64_t b) { return a + b; };
  const auto least = [](std::uint64_t a, std::uint64_t b) { return std::min(a, b); };
  EXPECT_EQ(as_map(comm, reduce_on_neighbors(g, d, plus)), golden_column(4, d));
  EXPECT_EQ(as_map(comm, reduce_on_edges(g, d, least)), golden_column(7, d));

  // The group forms see every vertex, empty neighbourhoods included.
  const auto sums = group_reduce_on_neighbors<vrec>(g, d, [](const vrec& v, auto near, std::vector<vrec>& emit) {
    std::uint64_t sum = 0;
    for (const auto& n : near) sum += n.other.value;
    if (!near.empty()) emit.push_back({v.id, sum});
  });
  EXPECT_EQ(as_map(comm, sums), golden_column(4, d));
  const auto mins = group_reduce_on_edges<vrec>(g, d, [](const vrec& v, std::span<const erec> es, std::vector<vrec>& emit) {
    emit.push_back({v.id, es.empty() ? 0 : std::min_element(es.begin(), es.end(), [](auto& a, auto& b) { return a.value < b.value; })->value});
  });
  auto want = golden_column(7, d);
  for (const auto& row : golden_neighbourhoods) want.emplace(static_cast<vertex_id>(row[0]), 0);
  EXPECT_EQ(as_map(comm, mins), want);
}

INSTANTIATE_TEST_SUITE_P(Directions, Neighbourhoods,
                         ::testing::Values(edge_direction::out, edge_direction::in, edge_direction::all));

TEST(PropertyGraph, MetricsMatchNetworkx) {
  communicator comm;
  const auto g = golden_graph(comm);
  const auto v = vertex_metrics(g);
  const double got[] = {static_cast<double>(v.vertices), static_cast<double>(v.edges), v.average_degree, v.density,
                        static_cast<double>(v.max_in_degree), static_cast<double>(v.max_out_degree),
                        static_cast<double>(v.max_degree), static_cast<double>(v.triplets),
                        static_cast<double>(v.max_triplets)};
  for (std::size_t i = 0; i < std::size(got); ++i) EXPECT_NEAR(got[i], golden_vertex_metrics[i], 1e-12) << i;
  const auto e = edge_metrics(g);
  EXPECT_EQ((std::array{e.triangle_triplets, e.rectangle_triplets, e.max_triangle_triplets, e.max_rectangle_triplets}),
            (std::array{golden_edge_metrics[0], golden_edge_metrics[1], golden_edge_metrics[2], golden_edge_metrics[3]}));
  const auto empty = value_graph::from_collections(comm, {}, {});
  EXPECT_TRUE(std::isnan(vertex_metrics(empty).average_degree));
}

}  // namespace
}  // namespace eddy
