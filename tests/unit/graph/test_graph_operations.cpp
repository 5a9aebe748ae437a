// The Graph API's transformations and set operations against a serial model of Gelly's semantics
// written here with standard containers, on the networkx-generated graph of the fixtures.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "property_graph_fixtures.hpp"

namespace eddy {
namespace {
using namespace property_graph_tests;

// Two overlapping graphs: A holds the first 110 edges, B the edges from 80 on, with other
// vertex values; each has the vertices its edges touch plus one isolated vertex of its own.
struct two_graphs {
  whole a;
  whole b;
};
two_graphs split() {
  const auto edges = golden_edge_list();
  const auto values = golden_vertex_list();
  two_graphs t;
  t.a.edges.assign(edges.begin(), edges.begin() + 110);
  t.b.edges.assign(edges.begin() + 80, edges.end());
  for (auto* w : {&t.a, &t.b}) {
    std::set<vertex_id> ends;
    for (const auto& e : w->edges) ends.insert({e.source, e.target});
    for (const auto& v : values) {
      if (ends.contains(v.id)) w->vertices.push_back({v.id, w == &t.a ? v.value : v.value + 100});
    }
  }
  t.a.vertices.push_back({values[40].id, 1});
  t.b.vertices.push_back({values[41].id, 2});
  t.a = normalised(t.a);
  t.b = normalised(t.b);
  return t;
}
value_graph build(const communicator& comm, const whole& w) {
  return value_graph::from_collections(comm, slice(comm, w.vertices), slice(comm, w.edges));
}

TEST(GraphOperations, MapAndFilter) {
  communicator comm;
  const auto g = golden_graph(comm);
  auto want = golden_whole();
  for (auto& v : want.vertices) v.value = v.id + v.value;
  for (auto& e : want.edges) e.value = e.source * 2 + e.value;
  EXPECT_EQ(gather(g.map_vertices([](const vrec& v) { return v.id + v.value; })
                       .map_edges([](const erec& e) { return e.source * 2 + e.value; })),
            normalised(want));

  const auto keep_vertex = [](const vrec& v) { return v.id % 3 != 0; };
  const auto keep_edge = [](const erec& e) { return e.value > 5; };
  whole filtered;
  std::copy_if(golden_whole().vertices.begin(), golden_whole().vertices.end(), std::back_inserter(filtered.vertices),
               keep_vertex);
  filtered.edges = between(golden_whole().edges, ids_of(filtered.vertices));
  ASSERT_LT(filtered.edges.size(), golden_whole().edges.size());
  EXPECT_EQ(gather(g.filter_vertices(keep_vertex)), filtered);

  whole light = golden_whole();
  std::erase_if(light.edges, [&](const erec& e) { return !keep_edge(e); });
  EXPECT_EQ(gather(g.filter_edges(keep_edge)), light);

  std::erase_if(filtered.edges, [&](const erec& e) { return !keep_edge(e); });
  EXPECT_EQ(gather(g.subgraph(keep_vertex, keep_edge)), filtered);
}

TEST(GraphOperations, ReverseUndirectedSimplify) {
  communicator comm;
  const auto g = golden_graph(comm);
  whole reversed = golden_whole();
  whole both = golden_whole();
  for (auto& e : reversed.edges) std::swap(e.source, e.target);
  both.edges.insert(both.edges.end(), reversed.edges.begin(), reversed.edges.end());
  EXPECT_EQ(gather(g.reverse()), normalised(reversed));
  EXPECT_EQ(gather(g.undirected()), normalised(both));

  std::map<std::pair<vertex_id, vertex_id>, std::uint64_t> smallest;
  for (const auto& e : golden_whole().edges) {
    if (e.source == e.target) continue;
    const auto [it, fresh] = smallest.emplace(std::pair{e.source, e.target}, e.value);
    if (!fresh) it->second = std::min(it->second, e.value);
  }
  whole simple{golden_whole().vertices, {}};
  for (const auto& [st, value] : smallest) simple.edges.push_back({st.first, st.second, value});
  ASSERT_LT(simple.edges.size() + 10, golden_whole().edges.size());  // the input has loops and parallels
  EXPECT_EQ(gather(g.simplify()), normalised(simple));
}

TEST(GraphOperations, UnionDifferenceIntersect) {
  communicator comm;
  const auto t = split();
  const auto a = build(comm, t.a);
  const auto b = build(comm, t.b);

  whole united{t.a.vertices, t.a.edges};
  const auto in_a = ids_of(t.a.vertices);
  for (const auto& v : t.b.vertices) {
    if (!in_a.contains(v.id)) united.vertices.push_back(v);  // A's value wins
  }
  united.edges.insert(united.edges.end(), t.b.edges.begin(), t.b.edges.end());
  EXPECT_EQ(gather(a.union_with(b)), normalised(united));

  whole rest;
  const auto in_b = ids_of(t.b.vertices);
  for (const auto& v : t.a.vertices) {
    if (!in_b.contains(v.id)) rest.vertices.push_back(v);
  }
  std::set<std::pair<vertex_id, vertex_id>> b_pairs;
  for (const auto& e : t.b.edges) b_pairs.emplace(e.source, e.target);
  for (const auto& e : between(t.a.edges, ids_of(rest.vertices))) {
    if (!b_pairs.contains({e.source, e.target})) rest.edges.push_back(e);
  }
  ASSERT_FALSE(rest.vertices.empty());
  EXPECT_EQ(gather(a.difference(b)), normalised(rest));

  // Equal edges pair off one to one: with k copies in A and m in B, min(k, m) pairs.
  std::map<std::tuple<vertex_id, vertex_id, std::uint64_t>, std::pair<std::size_t, std::size_t>> copies;
  for (const auto& e : t.a.edges) ++copies[{e.source, e.target, e.value}].first;
  for (const auto& e : t.b.edges) ++copies[{e.source, e.target, e.value}].second;
  for (const bool distinct : {true, false}) {
    std::vector<erec> want;
    std::set<vertex_id> ends;
    for (const auto& [key, n] : copies) {
      const auto pairs = std::min(n.first, n.second);
      const auto [s, d, value] = key;
      if (pairs > 0) ends.insert({s, d});
      want.insert(want.end(), pairs == 0 ? 0 : distinct ? 1 : 2 * pairs, erec{s, d, value});
    }
    const auto got = a.intersect(b, distinct);
    auto edges = gathered(comm, got.edges());
    std::sort(edges.begin(), edges.end(), edge_order);
    EXPECT_EQ(edges, want) << distinct;
    std::set<vertex_id> ids;
    for (const auto& v : gathered(comm, got.vertices())) ids.insert(v.id);
    EXPECT_EQ(ids, ends);
  }
}

TEST(GraphOperations, Joins) {
  communicator comm;
  const auto g = golden_graph(comm);
  // Keys of even ids, and one key that matches nothing.
  std::vector<vrec> table{{7, 1}};
  for (const auto& v : golden_whole().vertices) {
    if (v.id % 2 == 0) table.push_back({v.id, v.id / 2});
  }
  const auto add = [](std::uint64_t value, std::uint64_t t) { return value * 1000 + t; };
  whole want = golden_whole();
  for (auto& v : want.vertices) {
    if (v.id % 2 == 0) v.value = add(v.value, v.id / 2);
  }
  EXPECT_EQ(gather(g.join_with_vertices(slice(comm, table), add)), want);

  want = golden_whole();
  for (auto& e : want.edges) {
    if (e.source % 2 == 0) e.value = add(e.value, e.source / 2);
  }
  EXPECT_EQ(gather(g.join_with_edges_on_source(slice(comm, table), add)), normalised(want));
  want = golden_whole();
  for (auto& e : want.edges) {
    if (e.target % 2 == 0) e.value = add(e.value, e.target / 2);
  }
  EXPECT_EQ(gather(g.join_with_edges_on_target(slice(comm, table), add)), normalised(want));

  // Every pair (s, t) with s < t gets s + t; parallel copies all change.
  std::set<std::pair<vertex_id, vertex_id>> chosen;
  for (const auto& e : golden_whole().edges) {
    if (e.source < e.target) chosen.emplace(e.source, e.target);
  }
  std::vector<erec> edge_table;
  edge_table.reserve(chosen.size());
  for (const auto& [s, d] : chosen) edge_table.push_back({s, d, s + d});
  want = golden_whole();
  for (auto& e : want.edges) {
    if (e.source < e.target) e.value = add(e.value, e.source + e.target);
  }
  EXPECT_EQ(gather(g.join_with_edges(slice(comm, edge_table), add)), normalised(want));

  std::vector<vrec> twice{{golden_whole().vertices[0].id, 1}, {golden_whole().vertices[0].id, 2}};
  EXPECT_THROW((void)g.join_with_vertices(comm.rank() == 0 ? twice : std::vector<vrec>{}, add), collective_error);
}

TEST(GraphOperations, AddAndRemove) {
  communicator comm;
  const auto g = golden_graph(comm);
  const auto& all = golden_whole();
  const vertex_id fresh = 1;
  const vertex_id existing = all.vertices[3].id;
  whole want = all;
  want.vertices.push_back({fresh, 9});  // the existing id keeps its value
  const auto added = g.add_vertices(slice(comm, std::vector<vrec>{{fresh, 9}, {existing, 12345}}));
  EXPECT_EQ(gather(added), normalised(want));

  // An edge to a vertex that does not exist is ignored.
  const std::vector<erec> more{{fresh, existing, 4}, {existing, fresh, 5}, {existing, 2, 6}};
  want.edges.push_back(more[0]);
  want.edges.push_back(more[1]);
  const auto linked = added.add_edges(slice(comm, more));
  EXPECT_EQ(gather(linked), normalised(want));
  EXPECT_TRUE(linked.validate());

  // Removing vertices removes their edges; removing an edge removes its parallel copies.
  std::vector<vertex_id> gone{all.vertices[0].id, all.vertices[5].id};
  whole fewer = all;
  std::erase_if(fewer.vertices, [&](const vrec& v) { return v.id == gone[0] || v.id == gone[1]; });
  fewer.edges = between(fewer.edges, ids_of(fewer.vertices));
  EXPECT_EQ(gather(g.remove_vertices(slice(comm, gone))), fewer);

  const auto cut = all.edges[10];
  const auto copies = std::count_if(all.edges.begin(), all.edges.end(), [&](const erec& e) {
    return e.source == cut.source && e.target == cut.target;
  });
  whole uncut = all;
  std::erase_if(uncut.edges, [&](const erec& e) { return e.source == cut.source && e.target == cut.target; });
  const auto removed = g.remove_edges(slice(comm, std::vector<std::pair<vertex_id, vertex_id>>{{cut.source, cut.target}}));
  EXPECT_EQ(gather(removed), uncut);
  EXPECT_EQ(removed.number_of_edges() + static_cast<std::uint64_t>(copies), g.number_of_edges());
}

TEST(GraphOperations, ToDistributedGraph) {
  communicator comm;
  const auto g = golden_graph(comm);
  graph_options options;
  options.weighted = true;
  const auto [csr, values] = g.to_distributed_graph(options, make_hash_partitioner());
  EXPECT_EQ(csr.global_vertices(), std::size(golden_vertices));
  EXPECT_EQ(csr.global_edges(), std::size(golden_edges));
  std::map<vertex_id, std::uint64_t> value_of;
  std::map<vertex_id, std::pair<std::uint64_t, double>> out_of;  // degree, weight sum
  for (const auto& v : golden_whole().vertices) value_of[v.id] = v.value;
  for (const auto& e : golden_whole().edges) {
    ++out_of[e.source].first;
    out_of[e.source].second += static_cast<double>(e.value);
  }
  ASSERT_EQ(values.size(), csr.local_vertices());
  for (local_id v = 0; v < csr.local_vertices(); ++v) {
    const auto id = csr.external_id(v);
    EXPECT_EQ(values[v], value_of.at(id)) << id;
    EXPECT_EQ(csr.out_degree(v), out_of[id].first) << id;
    double sum = 0;
    for (const double w : csr.out_weights(v)) sum += w;
    EXPECT_EQ(sum, out_of[id].second) << id;
  }
}

}  // namespace
}  // namespace eddy
