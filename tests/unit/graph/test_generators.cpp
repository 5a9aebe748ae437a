#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <span>

#include "eddy/graph/generators.hpp"
#include "eddy/graph/graph_loader.hpp"
#include "eddy/runtime/communicator.hpp"
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
  const auto r = parse_generator_spec("kronecker:scale=5:a=0.4:b=0.3:c=0.2:noise=0.5");
  EXPECT_EQ(r.a, 0.4);
  EXPECT_EQ(r.b, 0.3);
  EXPECT_EQ(r.c, 0.2);
  EXPECT_EQ(r.noise, 0.5);
  EXPECT_THROW((void)parse_generator_spec("kronecker:scale=5:a=0.9:b=0.2"), usage_error);  // d < 0
  EXPECT_THROW((void)parse_generator_spec("kronecker:scale=5:noise=3"), usage_error);
  EXPECT_THROW((void)parse_generator_spec("kronecker:scale=5:simplify=maybe"), usage_error);
  EXPECT_EQ(parse_generator_spec("kronecker:seed=18446744073709551615").seed, 18446744073709551615ULL);
  EXPECT_THROW((void)parse_generator_spec("kronecker:seed=18446744073709551616"), usage_error);
}

using edge_list = std::vector<std::pair<std::uint64_t, std::uint64_t>>;

edge_list edges_of_part(const graph_generator& g, int part, int parts, bool both_directions = false) {
  const auto c = generator_columns(g, part, parts, false, both_directions);
  edge_list out;
  for (std::size_t i = 0; i < c.src.size(); ++i) out.emplace_back(c.src[i], c.dst[i]);
  return out;
}

// The generator's edges made in `parts` parts, joined in part order.
edge_list edges_of(const graph_generator& g, int parts, bool both_directions = false) {
  edge_list out;
  for (int part = 0; part < parts; ++part) {
    const auto piece = edges_of_part(g, part, parts, both_directions);
    out.insert(out.end(), piece.begin(), piece.end());
  }
  return out;
}

edge_list edges_of(const std::string& spec) { return edges_of(parse_graph_generator(spec), 1); }

std::vector<std::uint64_t> degrees(const edge_list& edges, std::uint64_t n) {
  std::vector<std::uint64_t> d(n, 0);
  for (const auto& [u, v] : edges) {
    EXPECT_LT(u, n);
    EXPECT_LT(v, n);
    if (u >= n || v >= n) continue;
    ++d[u];
    ++d[v];
  }
  return d;
}

// Undirected edges as unordered pairs, which must be distinct and not loops.
std::set<std::pair<std::uint64_t, std::uint64_t>> simple_pairs(const edge_list& edges) {
  std::set<std::pair<std::uint64_t, std::uint64_t>> pairs;
  for (const auto& [u, v] : edges) {
    EXPECT_NE(u, v);
    EXPECT_TRUE(pairs.emplace(std::min(u, v), std::max(u, v)).second) << "repeated edge " << u << "-" << v;
  }
  return pairs;
}

TEST(Generators, GridEdgeCountsWithAndWithoutWrap) {
  // 3x4 grid: 4 lines of 2 edges along the first dimension, 3 lines of 3 along the second.
  const auto plain = edges_of("grid:dims=3x4");
  EXPECT_EQ(plain.size(), 4U * 2 + 3U * 3);
  EXPECT_EQ(simple_pairs(plain).size(), plain.size());
  const auto d = degrees(plain, 12);
  EXPECT_EQ(std::count(d.begin(), d.end(), 2U), 4);  // the corners
  EXPECT_EQ(*std::max_element(d.begin(), d.end()), 4U);
  // Wrapping the first dimension closes each of its 4 lines; the torus is 4-regular.
  EXPECT_EQ(edges_of("grid:dims=3x4:wrap=1x0").size(), 4U * 3 + 3U * 3);
  const auto torus = edges_of("grid:dims=3x4:wrap=1");
  EXPECT_EQ(torus.size(), 24U);
  EXPECT_EQ(simple_pairs(torus).size(), 24U);
  for (const auto x : degrees(torus, 12)) EXPECT_EQ(x, 4U);
  // Ids are mixed-radix, the first dimension fastest: neighbours differ by 1 or by 3 (or wrap).
  for (const auto& [u, v] : plain) EXPECT_TRUE(v - u == 1 || v - u == 3) << u << " " << v;
  // A dimension of 2 has no separate wrap-around edge (it would repeat the one edge).
  EXPECT_EQ(edges_of("grid:dims=2x2:wrap=1x1").size(), 4U);
  EXPECT_EQ(generator_vertex_count(parse_graph_generator("grid:dims=3x4x5")), 60U);
}

TEST(Generators, HypercubeIsRegular) {
  for (unsigned d : {1U, 3U, 6U}) {
    const auto g = parse_graph_generator("hypercube:d=" + std::to_string(d));
    ASSERT_EQ(generator_vertex_count(g), std::uint64_t{1} << d);
    const auto edges = edges_of(g, 1);
    EXPECT_EQ(edges.size(), d << (d - 1));
    EXPECT_EQ(simple_pairs(edges).size(), edges.size());
    for (const auto x : degrees(edges, std::uint64_t{1} << d)) EXPECT_EQ(x, d);
    for (const auto& [u, v] : edges) EXPECT_EQ(__builtin_popcountll(u ^ v), 1) << u << " " << v;
  }
}

TEST(Generators, CirculantArcsFollowTheOffsets) {
  const auto g = parse_graph_generator("circulant:n=10:offsets=5,1..2");
  EXPECT_TRUE(generator_directed(g));
  const auto arcs = edges_of(g, 1);
  ASSERT_EQ(arcs.size(), 30U);
  std::map<std::uint64_t, std::multiset<std::uint64_t>> offsets;
  for (const auto& [u, v] : arcs) offsets[u].insert((v + 10 - u) % 10);
  ASSERT_EQ(offsets.size(), 10U);
  for (const auto& [u, seen] : offsets) EXPECT_EQ(seen, (std::multiset<std::uint64_t>{1, 2, 5})) << u;
  EXPECT_THROW((void)parse_graph_generator("circulant:n=10:offsets=1..3,3"), usage_error);  // overlap
  EXPECT_THROW((void)parse_graph_generator("circulant:n=10:offsets=10"), usage_error);
  EXPECT_THROW((void)parse_graph_generator("circulant:n=10:offsets=0..2"), usage_error);
}

TEST(Generators, EchoIsCirculantAroundHalf) {
  for (const auto& [n, degree] : {std::pair{10U, 3U}, std::pair{11U, 4U}, std::pair{8U, 1U}}) {
    const auto arcs = edges_of("echo:n=" + std::to_string(n) + ":degree=" + std::to_string(degree));
    ASSERT_EQ(arcs.size(), std::size_t{n} * degree);
    std::multiset<std::pair<std::uint64_t, std::uint64_t>> set(arcs.begin(), arcs.end()), reversed;
    for (const auto& [u, v] : arcs) {
      reversed.emplace(v, u);
      // Offsets centred at n/2: distance along the ring at least (n - degree + 1)/2.
      const std::uint64_t ring = std::min((v + n - u) % n, (u + n - v) % n);
      EXPECT_GE(ring, (n - degree + 1) / 2);
    }
    EXPECT_EQ(set, reversed) << "echo arcs come in pairs";
    std::vector<std::uint64_t> out(n, 0);
    for (const auto& arc : arcs) ++out[arc.first];
    for (const auto x : out) EXPECT_EQ(x, degree);
  }
  EXPECT_THROW((void)parse_graph_generator("echo:n=10:degree=4"), usage_error);
  EXPECT_THROW((void)parse_graph_generator("echo:n=9:degree=3"), usage_error);
  EXPECT_THROW((void)parse_graph_generator("echo:n=10:degree=10"), usage_error);
}

TEST(Generators, CompleteCyclePathStarSingletonEmpty) {
  const auto complete = edges_of("complete:n=7");
  EXPECT_EQ(simple_pairs(complete).size(), 21U);
  for (const auto x : degrees(complete, 7)) EXPECT_EQ(x, 6U);
  EXPECT_TRUE(edges_of("complete:n=1").empty());

  const auto cycle = edges_of("cycle:n=6");
  EXPECT_EQ(simple_pairs(cycle).size(), 6U);
  for (const auto x : degrees(cycle, 6)) EXPECT_EQ(x, 2U);
  EXPECT_EQ(edges_of("cycle:n=2").size(), 1U);

  const auto path = edges_of("path:n=6");
  EXPECT_EQ(simple_pairs(path).size(), 5U);
  EXPECT_EQ(degrees(path, 6), (std::vector<std::uint64_t>{1, 2, 2, 2, 2, 1}));

  const auto star = edges_of("star:n=6");
  EXPECT_EQ(simple_pairs(star).size(), 5U);
  EXPECT_EQ(degrees(star, 6), (std::vector<std::uint64_t>{5, 1, 1, 1, 1, 1}));

  const auto pairs = edges_of("singleton-edge:pairs=4");
  EXPECT_EQ(pairs, (edge_list{{0, 1}, {2, 3}, {4, 5}, {6, 7}}));
  EXPECT_EQ(generator_vertex_count(parse_graph_generator("singleton-edge:pairs=4")), 8U);

  const auto empty = parse_graph_generator("empty:n=10");
  EXPECT_EQ(generator_vertex_count(empty), 10U);
  EXPECT_EQ(generator_edge_count(empty), 0U);
  EXPECT_TRUE(edges_of(empty, 3).empty());
}

TEST(Generators, BothDirectionsAddEachReverse) {
  const auto g = parse_graph_generator("path:n=4");
  EXPECT_FALSE(generator_directed(g));
  EXPECT_EQ(edges_of(g, 1, true), (edge_list{{0, 1}, {1, 0}, {1, 2}, {2, 1}, {2, 3}, {3, 2}}));
}

TEST(Generators, SpecErrorsNameTheProblem) {
  const auto message = [](const std::string& spec) {
    try {
      (void)parse_graph_generator(spec);
    } catch (const usage_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("grid:size=3").find("'size'"), std::string::npos);
  EXPECT_NE(message("grid:dims=3xq").find("'q'"), std::string::npos);
  EXPECT_NE(message("grid:dims=3x4:wrap=1x0x1").find("'wrap'"), std::string::npos);
  EXPECT_NE(message("complete").find("'n'"), std::string::npos);
  EXPECT_NE(message("star:n=-3").find("'-3'"), std::string::npos);
  EXPECT_NE(message("path:n=4:n=5").find("twice"), std::string::npos);
  EXPECT_NE(message("lattice:n=4").find("'lattice'"), std::string::npos);
  EXPECT_NE(message("hypercube:d=0").find("'d'"), std::string::npos);
}

const std::vector<std::string> every_spec = {
    "kronecker:scale=9:edge_factor=4:noise=0.2", "grid:dims=5x3x4:wrap=1x0x1", "hypercube:d=7",
    "circulant:n=50:offsets=1..3,20", "echo:n=41:degree=6", "complete:n=30", "cycle:n=101", "path:n=99",
    "star:n=77", "empty:n=10", "singleton-edge:pairs=33"};

TEST(Generators, SameEdgesWhateverTheNumberOfParts) {
  for (const auto& spec : every_spec) {
    const auto g = parse_graph_generator(spec);
    const auto whole = edges_of(g, 1);
    EXPECT_EQ(whole.size(), generator_edge_count(g)) << spec;
    for (int parts : {2, 3, 7}) EXPECT_EQ(edges_of(g, parts), whole) << spec << " in " << parts << " parts";
  }
}

TEST(Generators, SameEdgesWhateverTheNumberOfRanks) {
  const communicator comm;
  for (const auto& spec : every_spec) {
    const auto g = parse_graph_generator(spec);
    std::vector<std::uint64_t> mine;
    for (const auto& [u, v] : edges_of_part(g, comm.rank(), comm.size())) mine.insert(mine.end(), {u, v});
    const auto flat = comm.all_gather_v(std::span<const std::uint64_t>(mine));
    edge_list all;
    for (std::size_t i = 0; i + 1 < flat.size(); i += 2) all.emplace_back(flat[i], flat[i + 1]);
    auto whole = edges_of(g, 1);
    std::sort(all.begin(), all.end());
    std::sort(whole.begin(), whole.end());
    EXPECT_EQ(all, whole) << spec << " at " << comm.size() << " ranks";
  }
}

TEST(Kronecker, ConstantsAndNoiseChangeTheEdges) {
  const auto base = edges_of("kronecker:scale=10:edge_factor=4");
  EXPECT_NE(edges_of("kronecker:scale=10:edge_factor=4:a=0.25:b=0.25:c=0.25"), base);
  const auto noisy = edges_of("kronecker:scale=10:edge_factor=4:noise=0.1");
  EXPECT_NE(noisy, base);
  EXPECT_EQ(edges_of("kronecker:scale=10:edge_factor=4:noise=0.1"), noisy);
  EXPECT_NE(edges_of("kronecker:scale=10:edge_factor=4:noise=0.1:seed=2"), noisy);
  // Noise keeps the skew: the busiest vertex still has far more than the average 8 edge ends.
  const auto d = degrees(noisy, 1024);
  EXPECT_GT(*std::max_element(d.begin(), d.end()), 60U);
}

TEST(Kronecker, NoiseStaysWithinItsBounds) {
  kronecker_params p;
  p.scale = 12;
  const std::array<double, 4> exact = {p.a, p.b, p.c, 1.0 - p.a - p.b - p.c};
  EXPECT_EQ(kronecker_level_constants(p, 5, 3), exact);
  p.noise = 0.4;
  // Each constant is scaled by a factor in [0.8, 1.2], then all four by one common factor in
  // [1/1.2, 1/0.8], so each moves by at most 1.2/0.8 = 1.5 either way.
  bool moved = false;
  for (std::uint64_t e = 0; e < 200; ++e) {
    for (unsigned level = 0; level < p.scale; ++level) {
      const auto k = kronecker_level_constants(p, e, level);
      EXPECT_NEAR(k[0] + k[1] + k[2] + k[3], 1.0, 1e-12);
      for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_GE(k[i], exact[i] / 1.5 - 1e-12);
        EXPECT_LE(k[i], exact[i] * 1.5 + 1e-12);
        moved = moved || std::abs(k[i] - exact[i]) > 1e-3;
      }
    }
  }
  EXPECT_TRUE(moved);
}

// The number of edges that remain of a Kronecker spec once loops and repeats are gone.
std::uint64_t simple_edge_count(const std::string& spec, bool directed) {
  std::set<std::pair<std::uint64_t, std::uint64_t>> kept;
  for (const auto& [u, v] : edges_of(spec)) {
    if (u != v) kept.emplace(directed ? u : std::min(u, v), directed ? v : std::max(u, v));
  }
  return kept.size();
}

TEST(Kronecker, SimplifyLeavesNoLoopsOrRepeats) {
  const communicator comm;
  const std::string spec = "kronecker:scale=8:edge_factor=8";
  for (const bool directed : {true, false}) {
    load_request request;
    request.path = "gen:" + spec + ":simplify=1";
    request.directed = directed;
    const auto g = load_graph(comm, request).graph;
    for (local_id v = 0; v < g.local_vertices(); ++v) {
      const auto row = g.out_neighbors(v);
      std::set<local_id> seen;
      for (const auto w : row) {
        EXPECT_NE(w, v) << "self-loop";
        EXPECT_TRUE(seen.insert(w).second) << "repeated edge";
      }
    }
    EXPECT_EQ(g.global_edges(), simple_edge_count(spec, directed));
    EXPECT_LT(g.global_edges(), kronecker_edge_count(parse_generator_spec(spec)));
  }
}

TEST(GeneratedGraphs, IsolatedVerticesAndDirectionsReachTheGraph) {
  const communicator comm;
  load_request request;
  request.path = "gen:empty:n=10";
  const auto empty = load_graph(comm, request).graph;
  EXPECT_EQ(empty.global_vertices(), 10U);
  EXPECT_EQ(empty.global_edges(), 0U);

  request.path = "gen:star:n=5";
  const auto star = load_graph(comm, request).graph;
  EXPECT_FALSE(star.directed());
  EXPECT_EQ(star.global_vertices(), 5U);
  EXPECT_EQ(star.global_edges(), 4U);
  request.directed = true;
  const auto arcs = load_graph(comm, request).graph;
  EXPECT_EQ(arcs.global_edges(), 8U);

  request.directed.reset();
  request.path = "gen:circulant:n=6:offsets=1";
  EXPECT_TRUE(load_graph(comm, request).graph.directed());
  request.path = "gen:grid:dims=3x0";
  try {
    (void)load_graph(comm, request);
    ADD_FAILURE() << "a grid dimension of 0 was accepted";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), exit_code::usage);
    EXPECT_NE(std::string(e.what()).find("'dims'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace eddy
