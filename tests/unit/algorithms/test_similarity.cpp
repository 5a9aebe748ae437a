// Jaccard and Adamic-Adar similarity against hand-computed pairs and networkx-built neighbourhoods
// (golden data) on a random graph, with the score filter and top-k selection.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "eddy/algorithms/similarity.hpp"
#include "golden/graph_measures.inc"
#include "graph_fixtures.hpp"

namespace eddy {
namespace {

using algorithms::similarity_params;
using scores = std::map<std::pair<vertex_id, vertex_id>, double>;
enum class measure { jaccard, adamic_adar };

// Collective: every rank's pairs, keyed by (u, v); a pair reported twice fails.
scores similar(const std::vector<io::edge_record>& edges, bool directed, measure m,
               const similarity_params& params = {}, const std::string& partition = "chunk") {
  const communicator comm;
  const auto g = test::build(comm, edges, directed, partition);
  const auto result = m == measure::jaccard ? algorithms::jaccard(g, params) : algorithms::adamic_adar(g, params);
  scores out;
  for (const auto& p : comm.all_gather_v(std::span<const algorithms::similarity_pair>(result.pairs))) {
    EXPECT_TRUE(out.emplace(std::pair{p.u, p.v}, p.score).second) << p.u << " " << p.v << " twice";
  }
  return out;
}

void expect_same(const scores& got, const scores& want, const std::string& where) {
  EXPECT_EQ(got.size(), want.size()) << where;
  for (const auto& [pair, score] : want) {
    const auto it = got.find(pair);
    if (it == got.end()) {
      ADD_FAILURE() << where << ": missing " << pair.first << " " << pair.second;
      continue;
    }
    EXPECT_LE(std::abs(it->second - score), 1e-12 * std::max(1.0, score))
        << where << ": " << pair.first << " " << pair.second << " " << it->second << " vs " << score;
  }
}

TEST(Similarity, StarLeavesShareTheCentre) {
  const auto edges = test::edges({{0, 1}, {0, 2}, {0, 3}, {0, 4}, {4, 4}, {1, 0}});  // self-loop, repeat
  scores jac;
  scores aa;
  for (vertex_id a = 1; a <= 4; ++a) {
    for (vertex_id b = 1; b <= 4; ++b) {
      if (a == b) continue;
      jac[{a, b}] = 1.0;
      aa[{a, b}] = 1.0 / std::log(4.0);
    }
  }
  expect_same(similar(edges, false, measure::jaccard), jac, "jaccard");
  expect_same(similar(edges, true, measure::adamic_adar, {}, "hash"), aa, "adamic-adar");
}

TEST(Similarity, TriangleWithPendant) {
  const auto edges = test::edges({{1, 2}, {2, 3}, {3, 1}, {3, 4}});
  const scores jac = {{{1, 2}, 1.0 / 3}, {{2, 1}, 1.0 / 3}, {{1, 3}, 1.0 / 4}, {{3, 1}, 1.0 / 4},
                      {{2, 3}, 1.0 / 4}, {{3, 2}, 1.0 / 4}, {{1, 4}, 1.0 / 2}, {{4, 1}, 1.0 / 2},
                      {{2, 4}, 1.0 / 2}, {{4, 2}, 1.0 / 2}};
  expect_same(similar(edges, false, measure::jaccard), jac, "jaccard");
  const double via3 = 1.0 / std::log(3.0);
  const double via2 = 1.0 / std::log(2.0);
  const scores aa = {{{1, 2}, via3}, {{2, 1}, via3}, {{1, 3}, via2}, {{3, 1}, via2}, {{2, 3}, via2},
                     {{3, 2}, via2}, {{1, 4}, via3}, {{4, 1}, via3}, {{2, 4}, via3}, {{4, 2}, via3}};
  expect_same(similar(edges, false, measure::adamic_adar), aa, "adamic-adar");
  // Filter and top 1: ties go to the smaller partner id.
  const scores best = {{{1, 4}, 1.0 / 2}, {{2, 4}, 1.0 / 2}, {{4, 1}, 1.0 / 2}};
  expect_same(similar(edges, false, measure::jaccard, {0.3, 1}, "hash"), best, "jaccard >= 0.3, top 1");
}

// The golden pairs, filtered and cut to the top k per u as the header specifies.
scores golden_scores(measure m, const similarity_params& params) {
  std::map<vertex_id, std::vector<std::pair<double, vertex_id>>> by_u;
  for (const auto& p : golden::undirected_pairs) {
    const double s = m == measure::jaccard ? p.jaccard : p.adamic_adar;
    if (s >= params.min_score) by_u[p.u].emplace_back(s, p.v);
  }
  scores out;
  for (auto& [u, list] : by_u) {
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    if (params.top_k != 0 && list.size() > params.top_k) list.resize(params.top_k);
    for (const auto& [s, v] : list) out[{u, v}] = s;
  }
  return out;
}

TEST(Similarity, RandomGraphMatchesGolden) {
  for (const std::string partition : {"chunk", "hash"}) {
    expect_same(similar(golden::undirected_edges, false, measure::jaccard, {}, partition),
                golden_scores(measure::jaccard, {}), "jaccard " + partition);
    expect_same(similar(golden::undirected_edges, false, measure::adamic_adar, {}, partition),
                golden_scores(measure::adamic_adar, {}), "adamic-adar " + partition);
    const similarity_params cut{0.1, 3};
    expect_same(similar(golden::undirected_edges, false, measure::jaccard, cut, partition),
                golden_scores(measure::jaccard, cut), "jaccard >= 0.1, top 3 " + partition);
  }
}

TEST(Similarity, AdamicAdarFilter) {
  const similarity_params cut{0.6, 0};
  expect_same(similar(golden::undirected_edges, false, measure::adamic_adar, cut),
              golden_scores(measure::adamic_adar, cut), "adamic-adar >= 0.6");
}

}  // namespace
}  // namespace eddy
