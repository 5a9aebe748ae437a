// Local, average and global clustering coefficients against hand-computed values and networkx
// (nx.clustering, nx.average_clustering, nx.transitivity) on random graphs.
#include <gtest/gtest.h>

#include <cmath>

#include "eddy/algorithms/clustering.hpp"
#include "golden/graph_measures.inc"
#include "graph_fixtures.hpp"

namespace eddy {
namespace {

using algorithms::clustering_variant;

struct measured {
  std::map<vertex_id, double> local;
  double average;
  double global;
};

measured measure(const std::vector<io::edge_record>& edges, bool directed, clustering_variant variant,
                 const std::string& partition = "chunk") {
  const communicator comm;
  const auto g = test::build(comm, edges, directed, partition);
  return {test::by_id(g, algorithms::clustering(g, variant).values), algorithms::average_clustering(g, variant),
          algorithms::global_clustering(g)};
}

void expect_close(double got, double want, const std::string& what) {
  EXPECT_LE(std::abs(got - want), 1e-12 * std::max(1.0, std::abs(want))) << what << ": " << got << " vs " << want;
}

TEST(Clustering, CompleteGraphIsOne) {
  for (const auto variant : {clustering_variant::undirected, clustering_variant::directed}) {
    const auto m = measure(test::clique(1, 5), false, variant);
    for (const auto& [v, c] : m.local) EXPECT_EQ(c, 1.0) << v;
    EXPECT_EQ(m.average, 1.0);
    EXPECT_EQ(m.global, 1.0);
  }
}

TEST(Clustering, StarIsZero) {
  const auto m = measure(test::edges({{0, 1}, {0, 2}, {0, 3}, {0, 4}}), false, clustering_variant::undirected);
  for (const auto& [v, c] : m.local) EXPECT_EQ(c, 0.0) << v;
  EXPECT_EQ(m.average, 0.0);
  EXPECT_EQ(m.global, 0.0);
}

TEST(Clustering, TriangleWithPendant) {
  // Repeats and self-loops do not count.
  const auto m = measure(test::edges({{1, 2}, {2, 3}, {3, 1}, {3, 4}, {1, 2}, {4, 4}}), false,
                         clustering_variant::undirected, "hash");
  EXPECT_EQ(m.local.at(1), 1.0);
  EXPECT_EQ(m.local.at(2), 1.0);
  expect_close(m.local.at(3), 1.0 / 3.0, "vertex 3");
  EXPECT_EQ(m.local.at(4), 0.0);
  expect_close(m.average, 7.0 / 12.0, "average");
  expect_close(m.global, 3.0 / 5.0, "transitivity");  // 1 triangle, 5 connected triples
}

TEST(Clustering, TwoCliquesSharingAVertex) {
  auto edges = test::clique(1, 4);
  const auto second = test::clique(4, 4);
  edges.insert(edges.end(), second.begin(), second.end());
  const auto m = measure(edges, false, clustering_variant::undirected);
  expect_close(m.local.at(4), 6.0 / 15.0, "shared vertex");  // 6 of its C(6, 2) neighbour pairs
  for (const vertex_id v : {1, 2, 3, 5, 6, 7}) EXPECT_EQ(m.local.at(v), 1.0) << v;
  expect_close(m.global, 24.0 / 33.0, "transitivity");  // 8 triangles x 3 corners over 6 x 3 + 15 triples
}

TEST(Clustering, DirectedFagiolo) {
  // Values from nx.clustering on the DiGraph; the repeat and the self-loop change nothing.
  const auto m = measure(test::edges({{1, 2}, {2, 3}, {3, 1}, {1, 4}, {4, 1}, {4, 2}, {4, 2}, {3, 3}}), true,
                         clustering_variant::directed);
  expect_close(m.local.at(1), 0.3, "vertex 1");
  expect_close(m.local.at(2), 0.5, "vertex 2");
  expect_close(m.local.at(3), 0.5, "vertex 3");
  expect_close(m.local.at(4), 0.5, "vertex 4");
  expect_close(m.average, 0.45, "average");
  const auto cycle = measure(test::edges({{1, 2}, {2, 3}, {3, 1}}), true, clustering_variant::directed, "hash");
  for (const auto& [v, c] : cycle.local) EXPECT_EQ(c, 0.5) << v;
  const auto mutual = measure(test::edges({{1, 2}, {2, 1}, {2, 3}, {3, 1}}), true, clustering_variant::directed);
  expect_close(mutual.local.at(1), 0.5, "vertex 1");
  expect_close(mutual.local.at(3), 1.0, "vertex 3");
}

void expect_local(const measured& m, const std::vector<golden::vertex_measures>& want, bool directed_variant,
                  const std::string& where) {
  ASSERT_EQ(m.local.size(), want.size());
  for (const auto& w : want) {
    expect_close(m.local.at(w.id), directed_variant ? w.directed_clustering : w.clustering,
                 where + ", vertex " + std::to_string(w.id));
  }
}

TEST(Clustering, RandomGraphsMatchNetworkx) {
  for (const std::string partition : {"chunk", "hash"}) {
    const auto und = measure(golden::undirected_edges, false, clustering_variant::undirected, partition);
    expect_local(und, golden::undirected_vertices, false, "undirected " + partition);
    expect_close(und.average, golden::undirected_average_clustering, "undirected average");
    expect_close(und.global, golden::undirected_transitivity, "undirected transitivity");

    const auto dir = measure(golden::directed_edges, true, clustering_variant::directed, partition);
    expect_local(dir, golden::directed_vertices, true, "directed " + partition);
    expect_close(dir.average, golden::directed_average_clustering, "directed average");
    expect_close(dir.global, golden::directed_transitivity, "directed graph transitivity");

    const auto ignoring = measure(golden::directed_edges, true, clustering_variant::undirected, partition);
    expect_local(ignoring, golden::directed_vertices, false, "directed graph, undirected variant " + partition);
  }
}

}  // namespace
}  // namespace eddy
