// The Boost.Graph adapter checked against Boost.Graph itself: gathered graphs must hold exactly the
// input edges, and BGL's connected_components, breadth_first_search and dijkstra_shortest_paths
// on them must agree with eddy's wcc, bfs and sssp; BGL graphs distributed into eddy must keep
// BGL's vertices, edges, degrees and distances.
#include <gtest/gtest.h>

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/random.hpp>
#include <boost/random/mersenne_twister.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <tuple>
#include <vector>

#include "../algorithms/graph_fixtures.hpp"
#include "eddy/algorithms/bfs.hpp"
#include "eddy/algorithms/sssp.hpp"
#include "eddy/algorithms/wcc.hpp"
#include "eddy/graph/bgl_adapter.hpp"
#include "eddy/runtime/error.hpp"

namespace eddy {
namespace {

using test::weighted_edge;
using edge_multiset = std::multiset<std::tuple<vertex_id, vertex_id, double>>;
constexpr double infinity = std::numeric_limits<double>::infinity();

// A graph every rank knows: vertex ids (any uint64) and edges between them.
struct edge_list {
  std::vector<vertex_id> ids;
  std::vector<weighted_edge> edges;
};

// `m` seeded random edges over `n` sparse ids, weights in [0.5, 10); isolated vertices appear
// because m is small against n. Same list on every rank.
edge_list random_edges(std::uint64_t seed, std::uint64_t n, std::uint64_t m, bool self_loops) {
  std::mt19937_64 rng(seed);
  edge_list out;
  for (std::uint64_t i = 0; i < n; ++i) out.ids.push_back(i * 7919 + (i % 3) * (1ULL << 40) + 13);
  while (out.edges.size() < m) {
    const auto a = out.ids[rng() % n];
    const auto b = out.ids[rng() % n];
    if (a == b && !self_loops) continue;
    const double w = 0.5 + static_cast<double>(rng() >> 11) * 0x1p-53 * 9.5;
    out.edges.push_back({a, b, w});
  }
  return out;
}

// Sparse ids, two isolated vertices (5 and 1 << 50), a self-loop, a parallel edge, weights.
edge_list hand_made() {
  return {{1, 3, 5, 8, 13, 21, 1ULL << 50},
          {{1, 3, 2.5}, {3, 8, 1.0}, {8, 1, 4.0}, {3, 8, 0.25}, {13, 13, 3.0}, {21, 13, 1.5}, {1, 21, 7.0}}};
}

// Collective: each rank passes its contiguous share of the edges and of the declared ids.
distributed_graph build(const communicator& comm, const edge_list& in, bool directed, const std::string& partition) {
  const auto [first, last] = test::my_share(comm, in.edges.size());
  std::vector<io::edge_record> mine;
  for (auto i = first; i < last; ++i) mine.push_back({in.edges[i].src, in.edges[i].dst, in.edges[i].weight});
  const auto [low, high] = test::my_share(comm, in.ids.size());
  vertex_declarations declared;
  declared.ids.assign(in.ids.begin() + static_cast<std::ptrdiff_t>(low), in.ids.begin() + static_cast<std::ptrdiff_t>(high));
  graph_options options;
  options.directed = directed;
  options.weighted = true;
  return build_graph(comm, mine, declared, options, make_partitioner(partition));
}

// The input edges as a BGL graph of that directedness would hold them: an undirected edge with
// its smaller end first.
edge_multiset expected_edges(const edge_list& in, bool directed) {
  edge_multiset out;
  for (const auto& e : in.edges) {
    out.insert({directed ? e.src : std::min(e.src, e.dst), directed ? e.dst : std::max(e.src, e.dst), e.weight});
  }
  return out;
}

template <class G>
edge_multiset edges_of(const G& bgl) {
  edge_multiset out;
  for (const auto e : boost::make_iterator_range(boost::edges(bgl))) {
    const auto a = bgl[boost::source(e, bgl)].id;
    const auto b = bgl[boost::target(e, bgl)].id;
    const bool directed = boost::is_directed(bgl);
    out.insert({directed ? a : std::min(a, b), directed ? b : std::max(a, b), bgl[e].weight});
  }
  return out;
}

template <class G>
std::size_t index_of(const G& bgl, vertex_id id) {
  for (std::size_t v = 0; v < boost::num_vertices(bgl); ++v) {
    if (bgl[v].id == id) return v;
  }
  ADD_FAILURE() << "no BGL vertex has id " << id;
  return 0;
}

// BGL's Dijkstra distances from `source`, +infinity where unreachable.
template <class G>
std::vector<double> dijkstra(const G& bgl, std::size_t source) {
  std::vector<double> dist(boost::num_vertices(bgl));
  boost::dijkstra_shortest_paths(bgl, source,
                                 boost::weight_map(boost::get(&bgl_edge::weight, bgl))
                                     .distance_map(dist.data())
                                     .distance_inf(infinity));
  return dist;
}

// eddy's sssp from the vertex `source` against BGL's Dijkstra on `bgl` (held by rank 0 only).
template <class G>
void expect_sssp_matches(const distributed_graph& g, const G* bgl, vertex_id source) {
  const auto eddy_dist = test::by_id(g, algorithms::sssp(g, source).values);
  if (bgl == nullptr) return;
  const auto want = dijkstra(*bgl, index_of(*bgl, source));
  ASSERT_EQ(eddy_dist.size(), want.size());
  for (std::size_t v = 0; v < want.size(); ++v) {
    const double got = eddy_dist.at((*bgl)[v].id);
    if (std::isinf(want[v])) {
      EXPECT_TRUE(std::isinf(got)) << "vertex " << (*bgl)[v].id;
    } else {
      EXPECT_LE(std::abs(got - want[v]), 1e-12 * std::max(1.0, want[v])) << "vertex " << (*bgl)[v].id;
    }
  }
}

class BglAdapter : public ::testing::TestWithParam<std::string> {};

TEST_P(BglAdapter, GatheredGraphHoldsExactlyTheInputEdges) {
  communicator comm;
  for (const auto& in : {hand_made(), random_edges(7, 300, 500, true)}) {
    for (const bool directed : {true, false}) {
      const auto g = build(comm, in, directed, GetParam());
      const int root = comm.size() - 1;
      const auto gathered_d = gather_bgl_graph<bgl_digraph>(g, root);
      const auto gathered_u = gather_bgl_graph<bgl_ugraph>(g, root);
      ASSERT_EQ(gathered_d.has_value(), comm.rank() == root);
      ASSERT_EQ(gathered_u.has_value(), comm.rank() == root);
      if (comm.rank() != root) continue;
      auto ids = in.ids;
      std::sort(ids.begin(), ids.end());
      ASSERT_EQ(boost::num_vertices(*gathered_u), ids.size());
      for (std::size_t v = 0; v < ids.size(); ++v) EXPECT_EQ((*gathered_u)[v].id, ids[v]) << "vertex " << v;
      // An undirected graph as a BGL graph keeps each edge once; directed: each arc, which a
      // BGL undirected graph holds with its direction forgotten.
      EXPECT_EQ(edges_of(*gathered_u), expected_edges(in, false));
      if (directed) {
        EXPECT_EQ(edges_of(*gathered_d), expected_edges(in, true));
      } else {
        // As a directed BGL graph: both arcs of each edge, one for a self-loop.
        auto both = expected_edges(in, true);
        for (const auto& e : in.edges) {
          if (e.src != e.dst) both.insert({e.dst, e.src, e.weight});
        }
        EXPECT_EQ(edges_of(*gathered_d), both);
      }
    }
  }
}

TEST_P(BglAdapter, ConnectedComponentsMatchWcc) {
  communicator comm;
  for (const bool directed : {true, false}) {
    const auto in = random_edges(11, 400, 300, false);
    const auto g = build(comm, in, directed, GetParam());
    const auto labels = test::by_id(g, algorithms::wcc(g).values);
    const auto bgl = gather_bgl_graph<bgl_ugraph>(g);
    if (!bgl) continue;
    std::vector<int> component(boost::num_vertices(*bgl));
    const int count = boost::connected_components(*bgl, component.data());
    // Same partition: the label ↔ component correspondence is a bijection.
    std::map<vertex_id, int> component_of_label;
    std::map<int, vertex_id> label_of_component;
    for (std::size_t v = 0; v < component.size(); ++v) {
      const auto label = labels.at((*bgl)[v].id);
      EXPECT_EQ(component_of_label.emplace(label, component[v]).first->second, component[v]) << (*bgl)[v].id;
      EXPECT_EQ(label_of_component.emplace(component[v], label).first->second, label) << (*bgl)[v].id;
    }
    EXPECT_EQ(component_of_label.size(), static_cast<std::size_t>(count));
    EXPECT_GT(count, 10);  // isolated vertices make many components
  }
}

TEST_P(BglAdapter, BreadthFirstSearchMatchesBfs) {
  communicator comm;
  for (const bool directed : {true, false}) {
    const auto in = random_edges(13, 300, 600, true);
    const auto g = build(comm, in, directed, GetParam());
    const vertex_id source = in.edges.front().src;
    const auto depths = test::by_id(g, algorithms::bfs(g, source).values);
    const auto bgl = gather_bgl_graph<bgl_digraph>(g);
    if (!bgl) continue;
    std::vector<std::int64_t> want(boost::num_vertices(*bgl), algorithms::unreachable_depth);
    const auto s = index_of(*bgl, source);
    want[s] = 0;
    boost::breadth_first_search(
        *bgl, s, boost::visitor(boost::make_bfs_visitor(boost::record_distances(want.data(), boost::on_tree_edge()))));
    std::size_t reached = 0;
    for (std::size_t v = 0; v < want.size(); ++v) {
      EXPECT_EQ(depths.at((*bgl)[v].id), want[v]) << "vertex " << (*bgl)[v].id;
      reached += want[v] != algorithms::unreachable_depth;
    }
    EXPECT_GT(reached, 100U);
    EXPECT_LT(reached, want.size());
  }
}

TEST_P(BglAdapter, DijkstraMatchesSssp) {
  communicator comm;
  for (const auto& in : {hand_made(), random_edges(17, 300, 900, true)}) {
    for (const bool directed : {true, false}) {
      const auto g = build(comm, in, directed, GetParam());
      const auto bgl = gather_bgl_graph<bgl_digraph>(g);
      expect_sssp_matches(g, bgl ? &*bgl : nullptr, in.edges.front().src);
    }
  }
}

TEST_P(BglAdapter, DistributedBglGraphKeepsVerticesEdgesDegreesAndDistances) {
  communicator comm;
  // Built on rank 0 only: BGL's random graph (self-loops and parallel edges allowed), sparse
  // ids that do not follow the BGL index, random weights, and three isolated vertices.
  std::optional<bgl_digraph> bgl;
  if (comm.rank() == 0) {
    bgl.emplace();
    boost::random::mt19937 gen(23);
    boost::generate_random_graph(*bgl, 200, 500, gen, true, true);
    for (int i = 0; i < 3; ++i) boost::add_vertex(*bgl);
    std::mt19937_64 rng(29);
    for (std::size_t v = 0; v < boost::num_vertices(*bgl); ++v) (*bgl)[v].id = (1ULL << 45) - 31 * v;
    for (const auto e : boost::make_iterator_range(boost::edges(*bgl))) {
      (*bgl)[e].weight = 1.0 + static_cast<double>(rng() % 1000) / 8.0;
    }
  }
  graph_options options;
  options.weighted = true;
  const auto g = distribute_bgl_graph(comm, bgl ? &*bgl : nullptr, options, make_partitioner(GetParam()));
  std::vector<std::uint64_t> out_degree, in_degree;
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    out_degree.push_back(g.out_degree(v));
    in_degree.push_back(g.in_degree(v));
  }
  const auto outs = test::by_id(g, out_degree);
  const auto ins = test::by_id(g, in_degree);
  const auto back = gather_bgl_graph<bgl_digraph>(g, 0);
  const vertex_id source = (1ULL << 45);
  expect_sssp_matches(g, bgl ? &*bgl : nullptr, source);
  if (!bgl) return;
  EXPECT_EQ(g.global_vertices(), boost::num_vertices(*bgl));
  EXPECT_EQ(g.global_edges(), boost::num_edges(*bgl));
  std::size_t isolated = 0;
  for (std::size_t v = 0; v < boost::num_vertices(*bgl); ++v) {
    EXPECT_EQ(outs.at((*bgl)[v].id), boost::out_degree(v, *bgl)) << "vertex " << (*bgl)[v].id;
    EXPECT_EQ(ins.at((*bgl)[v].id), boost::in_degree(v, *bgl)) << "vertex " << (*bgl)[v].id;
    isolated += boost::out_degree(v, *bgl) + boost::in_degree(v, *bgl) == 0;
  }
  EXPECT_GE(isolated, 3U);
  EXPECT_EQ(edges_of(*back), edges_of(*bgl));  // the round trip keeps every edge and weight
}

TEST_P(BglAdapter, DistributedUndirectedBglGraphKeepsIsolatedVertices) {
  communicator comm;
  std::optional<bgl_ugraph> bgl;
  if (comm.rank() == 0) {
    bgl.emplace(6);
    for (std::size_t v = 0; v < 6; ++v) (*bgl)[v].id = 100 - v;  // 98 and 95 stay isolated
    boost::add_edge(0, 1, bgl_edge{2.0}, *bgl);
    boost::add_edge(1, 3, bgl_edge{0.5}, *bgl);
    boost::add_edge(3, 0, bgl_edge{4.0}, *bgl);
    boost::add_edge(4, 3, bgl_edge{1.0}, *bgl);
  }
  graph_options options;
  options.directed = false;
  options.weighted = true;
  const auto g = distribute_bgl_graph(comm, bgl ? &*bgl : nullptr, options, make_partitioner(GetParam()));
  std::vector<std::uint64_t> degree;
  for (local_id v = 0; v < g.local_vertices(); ++v) degree.push_back(g.out_degree(v));
  const auto degrees = test::by_id(g, degree);
  expect_sssp_matches(g, bgl ? &*bgl : nullptr, 100);
  if (!bgl) return;
  EXPECT_EQ(g.global_vertices(), 6U);
  EXPECT_EQ(g.global_edges(), 4U);
  for (std::size_t v = 0; v < 6; ++v) EXPECT_EQ(degrees.at((*bgl)[v].id), boost::out_degree(v, *bgl));
}

TEST_P(BglAdapter, DistributeRefusesDuplicateIdsAndWrongDirectedness) {
  communicator comm;
  std::optional<bgl_digraph> bgl;
  if (comm.rank() == 0) {
    bgl.emplace(3);
    (*bgl)[0].id = 4;
    (*bgl)[1].id = 9;
    (*bgl)[2].id = 4;
    boost::add_edge(0, 1, *bgl);
  }
  const bgl_digraph* on_root = bgl ? &*bgl : nullptr;
  EXPECT_THROW((void)distribute_bgl_graph(comm, on_root, graph_options{}, make_partitioner(GetParam())), error);
  graph_options undirected;
  undirected.directed = false;
  EXPECT_THROW((void)distribute_bgl_graph(comm, on_root, undirected, make_partitioner(GetParam())), usage_error);
}

TEST_P(BglAdapter, GatherRefusesAGraphOverTheLimit) {
  communicator comm;
  const auto g = build(comm, hand_made(), true, GetParam());
  EXPECT_THROW((void)gather_bgl_graph<bgl_digraph>(g, 0, 6), usage_error);  // 7 edges
  EXPECT_NO_THROW((void)gather_bgl_graph<bgl_digraph>(g, 0, 7));
}

TEST_P(BglAdapter, LocalPartitionHoldsTheOwnedVerticesEdges) {
  communicator comm;
  for (const bool directed : {true, false}) {
    // No self-loops: BGL's undirected out_degree counts them twice, eddy's once.
    const auto in = random_edges(31, 200, 400, false);
    const auto g = build(comm, in, directed, GetParam());
    const auto externals = comm.all_gather_v<vertex_id>(g.external_ids());  // indexed by global id
    // Each owned vertex has all its edges: its out-arcs, and as an undirected BGL graph of a
    // directed eddy graph its in-arcs too, so that every arc counts at both ends.
    const auto check = [&](const auto& part, bool count_in_arcs) {
      ASSERT_EQ(part.owned, g.local_vertices());
      ASSERT_EQ(boost::num_vertices(part.graph), std::size_t{g.local_vertices()} + g.ghost_vertices());
      std::uint64_t owned_degrees = 0;
      for (local_id v = 0; v < boost::num_vertices(part.graph); ++v) {
        EXPECT_EQ(part.graph[v].id, externals[g.global_of(v)]) << "slot " << v;
        if (v >= part.owned) continue;
        const auto degree = g.out_degree(v) + (count_in_arcs ? g.in_degree(v) : 0);
        EXPECT_EQ(boost::out_degree(v, part.graph), degree) << "slot " << v;
        owned_degrees += boost::out_degree(v, part.graph);
      }
      EXPECT_EQ(comm.all_reduce(owned_degrees, reduce_op::sum), g.global_arcs() * (count_in_arcs ? 2 : 1));
    };
    const auto part = local_bgl_graph<bgl_digraph>(g);
    check(part, false);
    const auto undirected = local_bgl_graph<bgl_ugraph>(g);
    check(undirected, directed);
    if (directed) {
      for (local_id v = 0; v < g.local_vertices(); ++v) EXPECT_EQ(boost::in_degree(v, part.graph), g.in_degree(v));
    }
    // On one rank the local partition is the whole graph, so its components are the graph's.
    const auto labels = algorithms::wcc(g).values;
    if (comm.size() != 1) continue;
    std::vector<int> component(boost::num_vertices(undirected.graph));
    boost::connected_components(undirected.graph, component.data());
    for (local_id a = 0; a < g.local_vertices(); ++a) {
      for (local_id b = a + 1; b < g.local_vertices(); b += 7) {
        EXPECT_EQ(labels[a] == labels[b], component[a] == component[b]) << a << " " << b;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Partitioners, BglAdapter, ::testing::Values("chunk", "hash"));

}  // namespace
}  // namespace eddy
