// Incremental WCC, BFS and SSSP against the static algorithms run from scratch on a snapshot of
// the changed graph, vertex by vertex by external id, after every batch of an update stream:
// random mixes of adds (some with new vertices), removes of present and absent edges and weight
// changes, plus batches aimed at the structure (isolating a neighbour of the focus vertex, which
// splits its component or cuts a subtree, cutting the focus itself, and undoing both).
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <map>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "eddy/algorithms/bfs.hpp"
#include "eddy/algorithms/incremental.hpp"
#include "eddy/algorithms/sssp.hpp"
#include "eddy/algorithms/wcc.hpp"
#include "eddy/graph/graph_builder.hpp"
#include "../rank_share.hpp"

namespace eddy {
namespace {

using edge_key = std::pair<vertex_id, vertex_id>;

vertex_id id_of(std::uint64_t k) { return 10 + 7 * k; }  // sparse ids: slots and ids differ

// The edge set as the stream makes it, the same on every rank; it only serves to pick updates
// (the oracle is the snapshot), so it need not follow the graph's rules exactly.
class stream_model {
 public:
  stream_model(bool directed, bool weighted, std::uint64_t seed) : directed_(directed), weighted_(weighted), rng_(seed) {}

  std::vector<io::edge_record> initial(std::uint64_t vertices, std::size_t edges) {
    vertices_ = vertices;
    std::vector<io::edge_record> all;
    while (all.size() < edges) {
      const vertex_id a = id_of(below(vertices));
      const vertex_id b = id_of(below(vertices));
      if (a == b || present(a, b)) continue;
      const double w = weight();
      edges_[key(a, b)] = w;
      all.push_back({a, b, w});
    }
    return all;
  }

  std::uint64_t below(std::uint64_t n) { return rng_() % n; }
  // Uniform in [0, 1) from 53 random bits, one in ten exactly 0 (ties between paths).
  double weight() {
    if (!weighted_) return 1.0;
    if (below(10) == 0) return 0.0;
    return static_cast<double>(rng_() >> 11U) * 0x1p-53;
  }
  [[nodiscard]] bool present(vertex_id a, vertex_id b) const { return edges_.contains(key(a, b)); }
  vertex_id known_vertex() { return id_of(below(vertices_)); }
  vertex_id new_vertex() { return id_of(vertices_++); }
  edge_key present_edge() {
    auto it = edges_.begin();
    std::advance(it, static_cast<std::ptrdiff_t>(below(edges_.size())));
    return it->first;
  }
  // Edges touching v (any direction), with their weights.
  [[nodiscard]] std::vector<std::pair<edge_key, double>> incident(vertex_id v) const {
    std::vector<std::pair<edge_key, double>> found;
    for (const auto& [k, w] : edges_) {
      if (k.first == v || k.second == v) found.emplace_back(k, w);
    }
    return found;
  }
  [[nodiscard]] std::vector<vertex_id> out_neighbours(vertex_id v) const {
    std::vector<vertex_id> found;
    for (const auto& [k, w] : edges_) {
      if (k.first == v) found.push_back(k.second);
      if (!directed_ && k.second == v) found.push_back(k.first);
    }
    return found;
  }
  [[nodiscard]] std::size_t edges() const { return edges_.size(); }

  void add(std::vector<io::edge_update>& batch, vertex_id a, vertex_id b, double w) {
    batch.push_back({a, b, w, 0, io::update_kind::add, false});
    edges_.emplace(key(a, b), w);
  }
  void remove(std::vector<io::edge_update>& batch, vertex_id a, vertex_id b) {
    batch.push_back({a, b, 1.0, 0, io::update_kind::remove, false});
    edges_.erase(key(a, b));
  }
  void reweight(std::vector<io::edge_update>& batch, vertex_id a, vertex_id b, double w) {
    batch.push_back({a, b, w, 0, io::update_kind::reweight, false});
    if (const auto it = edges_.find(key(a, b)); it != edges_.end()) it->second = w;
  }

 private:
  [[nodiscard]] edge_key key(vertex_id a, vertex_id b) const {
    return directed_ || a <= b ? edge_key{a, b} : edge_key{b, a};
  }
  bool directed_;
  bool weighted_;
  std::mt19937_64 rng_;
  std::uint64_t vertices_ = 0;
  std::map<edge_key, double> edges_;
};

enum class batch_kind { mix, cut_neighbour, restore_neighbour, cut_focus, restore_focus, connect_focus };

// The stream every scenario follows: structural batches between random ones.
constexpr batch_kind plan[] = {
    batch_kind::mix,         batch_kind::cut_neighbour, batch_kind::mix,           batch_kind::restore_neighbour,
    batch_kind::cut_focus,   batch_kind::mix,           batch_kind::restore_focus, batch_kind::connect_focus,
    batch_kind::mix,         batch_kind::cut_neighbour, batch_kind::mix,           batch_kind::restore_neighbour,
    batch_kind::cut_focus,   batch_kind::restore_focus, batch_kind::mix,           batch_kind::cut_neighbour,
    batch_kind::mix,         batch_kind::restore_neighbour, batch_kind::mix,       batch_kind::mix,
    batch_kind::cut_focus,   batch_kind::mix,
};

class stream_writer {
 public:
  stream_writer(stream_model& m, vertex_id focus, bool weighted) : m_(m), focus_(focus), weighted_(weighted) {}

  std::vector<io::edge_update> next(batch_kind kind) {
    std::vector<io::edge_update> batch;
    switch (kind) {
      case batch_kind::mix:
        mix(batch, 24);
        break;
      case batch_kind::cut_neighbour: {
        const auto near = m_.out_neighbours(focus_);
        cut(batch, near.empty() ? m_.known_vertex() : near[m_.below(near.size())], cut_neighbour_);
        mix(batch, 4);
        break;
      }
      case batch_kind::restore_neighbour:
        restore(batch, cut_neighbour_);
        break;
      case batch_kind::cut_focus:
        cut(batch, focus_, cut_focus_);
        break;
      case batch_kind::restore_focus:
        restore(batch, cut_focus_);
        mix(batch, 4);
        break;
      case batch_kind::connect_focus:
        for (int i = 0; i < 3; ++i) {
          m_.add(batch, focus_, m_.known_vertex(), m_.weight());
          m_.add(batch, m_.known_vertex(), focus_, m_.weight());
        }
        break;
    }
    return batch;
  }

 private:
  void cut(std::vector<io::edge_update>& batch, vertex_id v, std::vector<std::pair<edge_key, double>>& saved) {
    saved = m_.incident(v);
    for (const auto& [k, w] : saved) m_.remove(batch, k.first, k.second);
  }
  // Re-adds what a cut removed, half of it with new weights.
  void restore(std::vector<io::edge_update>& batch, std::vector<std::pair<edge_key, double>>& saved) {
    for (const auto& [k, w] : saved) m_.add(batch, k.first, k.second, m_.below(2) == 0 ? w : m_.weight());
    saved.clear();
  }
  void mix(std::vector<io::edge_update>& batch, int size) {
    for (int i = 0; i < size; ++i) {
      const auto roll = m_.below(100);
      if (roll < 35 && m_.edges() > 0) {
        const auto [a, b] = m_.present_edge();
        m_.remove(batch, a, b);
      } else if (roll < 43) {  // most likely absent
        m_.remove(batch, m_.known_vertex(), m_.known_vertex());
      } else if (roll < 73) {
        const vertex_id a = m_.known_vertex();
        const vertex_id b = m_.known_vertex();
        if (a != b) m_.add(batch, a, b, m_.weight());
      } else if (roll < 80) {
        const vertex_id fresh = m_.new_vertex();
        const vertex_id old = m_.known_vertex();
        if (m_.below(2) == 0) {
          m_.add(batch, fresh, old, m_.weight());
        } else {
          m_.add(batch, old, fresh, m_.weight());
        }
      } else if (roll < 90 && weighted_ && m_.edges() > 0) {
        const auto [a, b] = m_.present_edge();
        m_.reweight(batch, a, b, m_.weight());
      } else if (roll < 95) {  // an edge that comes and goes within the batch
        const vertex_id a = m_.known_vertex();
        const vertex_id b = m_.known_vertex();
        if (a != b && !m_.present(a, b)) {
          m_.add(batch, a, b, m_.weight());
          m_.remove(batch, a, b);
        }
      } else if (m_.edges() > 0) {  // an edge that goes and comes back, maybe with another weight
        const auto [a, b] = m_.present_edge();
        m_.remove(batch, a, b);
        m_.add(batch, a, b, m_.weight());
      }
    }
  }

  stream_model& m_;
  vertex_id focus_;
  bool weighted_;
  std::vector<std::pair<edge_key, double>> cut_neighbour_;
  std::vector<std::pair<edge_key, double>> cut_focus_;
};

// Collective: (external id, value) of every vertex of every rank, sorted by id.
template <class T>
std::vector<std::pair<vertex_id, T>> by_id(const communicator& comm, std::span<const vertex_id> ids,
                                           const std::vector<T>& values) {
  struct entry {
    vertex_id id;
    T value;
  };
  EXPECT_EQ(ids.size(), values.size());
  std::vector<entry> mine;
  for (std::size_t i = 0; i < std::min(ids.size(), values.size()); ++i) mine.push_back({ids[i], values[i]});
  std::vector<std::pair<vertex_id, T>> all;
  for (const auto& e : comm.all_gather_v<entry>(mine)) all.emplace_back(e.id, e.value);
  std::ranges::sort(all);
  return all;
}

// Collective: the incremental values against the oracle's on the snapshot; the first few
// differences are reported.
template <class T>
void expect_same(const communicator& comm, const dynamic_graph& g, const std::vector<T>& incremental,
                 const distributed_graph& snapshot, const std::vector<T>& expected, const std::string& where) {
  const auto got = by_id(comm, g.external_ids(), incremental);
  const auto want = by_id(comm, snapshot.external_ids(), expected);
  ASSERT_EQ(got.size(), want.size()) << where;
  int reported = 0;
  for (std::size_t i = 0; i < got.size() && reported < 5; ++i) {
    ASSERT_EQ(got[i].first, want[i].first) << where;
    if (got[i].second == want[i].second) continue;
    ++reported;
    ADD_FAILURE() << where << ": vertex " << got[i].first << " has " << got[i].second << ", from scratch "
                  << want[i].second;
  }
}

struct scenario {
  bool directed = true;
  bool weighted = false;
  std::string partition = "chunk";
  std::uint64_t seed = 1;
  std::uint64_t vertices = 400;
  std::size_t edges = 560;
  bool source_present = true;  // else the focus (the source) appears with connect_focus
};

// Collective: the graph of `all` (every rank passes the same list and keeps its share).
dynamic_graph start(const communicator& comm, const std::vector<io::edge_record>& all, bool directed, bool weighted,
                    const std::string& partition) {
  const auto p = static_cast<std::size_t>(comm.size());
  const auto r = static_cast<std::size_t>(comm.rank());
  const std::vector<io::edge_record> mine(all.begin() + static_cast<std::ptrdiff_t>(all.size() * r / p),
                                          all.begin() + static_cast<std::ptrdiff_t>(all.size() * (r + 1) / p));
  graph_options options;
  options.directed = directed;
  options.weighted = weighted;
  return dynamic_graph(build_graph(comm, mine, std::nullopt, options, make_partitioner(partition)));
}

// Builds the scenario's graph, follows the plan, and compares after the start and every batch.
// make(g, focus) starts the incremental algorithm, oracle(snapshot, focus) computes from scratch.
template <class Make, class Oracle>
void follow_stream(const scenario& s, Make make, Oracle oracle) {
  const communicator comm;
  stream_model m(s.directed, s.weighted, s.seed);
  const auto all = m.initial(s.vertices, s.edges);
  const vertex_id focus = s.source_present ? all.front().src : 3;  // 3 is no id_of(k)
  dynamic_graph g = start(comm, all, s.directed, s.weighted, s.partition);
  if (s.seed % 2 == 0) g.set_compaction(0.0, 16);  // rows rebuilt often: results must not care
  auto algorithm = make(g, focus);
  {
    const auto snapshot = g.snapshot();
    expect_same(comm, g, algorithm->values(), snapshot, oracle(snapshot, focus), "at the start");
  }
  stream_writer writer(m, focus, s.weighted);
  std::uint64_t touched = 0;
  for (std::size_t b = 0; b < std::size(plan); ++b) {
    const auto batch = writer.next(plan[b]);
    const auto stats = algorithm->update(g.apply(test::rank_share(comm, batch)));
    touched += stats.touched;
    const auto snapshot = g.snapshot();
    expect_same(comm, g, algorithm->values(), snapshot, oracle(snapshot, focus),
                "after batch " + std::to_string(b) + " (" + std::to_string(batch.size()) + " updates)");
    // Stop at the first wrong batch, on every rank alike (the next batch is collective).
    if (comm.all_reduce(::testing::Test::HasFailure() ? 1 : 0, reduce_op::max) != 0) return;
  }
  EXPECT_GT(touched, 0U);
  // Nothing changed, nothing to do: no exchange, no vertex touched.
  const auto idle = algorithm->update(g.apply({}));
  EXPECT_EQ(idle.supersteps, 0U);
  EXPECT_EQ(idle.touched, 0U);
}

std::vector<vertex_id> static_wcc(const distributed_graph& g, vertex_id) { return algorithms::wcc(g).values; }

std::vector<std::int64_t> static_bfs(const distributed_graph& g, vertex_id source) {
  if (!g.contains(source)) return std::vector<std::int64_t>(g.local_vertices(), algorithms::unreachable_depth);
  return algorithms::bfs(g, source).values;
}

std::vector<double> static_sssp(const distributed_graph& g, vertex_id source) {
  if (!g.contains(source)) return std::vector<double>(g.local_vertices(), std::numeric_limits<double>::infinity());
  return algorithms::sssp(g, source).values;
}

const auto wcc_of = [](const dynamic_graph& g, vertex_id) { return algorithms::make_incremental_wcc(g); };
const auto bfs_of = [](const dynamic_graph& g, vertex_id source) { return algorithms::make_incremental_bfs(g, source); };
const auto sssp_of = [](const dynamic_graph& g, vertex_id source) {
  return algorithms::make_incremental_sssp(g, source);
};

// Sparse enough (mean degree 2.8) for many components, so cuts split some and adds merge others.
TEST(IncrementalWcc, FollowsAnUndirectedStream) { follow_stream({false, false, "chunk", 1}, wcc_of, static_wcc); }
TEST(IncrementalWcc, FollowsADirectedStream) { follow_stream({true, false, "hash", 2}, wcc_of, static_wcc); }
TEST(IncrementalWcc, FollowsALargerStream) {
  follow_stream({false, false, "hash", 4, 2000, 2400}, wcc_of, static_wcc);
}

TEST(IncrementalBfs, FollowsADirectedStream) { follow_stream({true, false, "chunk", 3}, bfs_of, static_bfs); }
TEST(IncrementalBfs, FollowsAnUndirectedStream) { follow_stream({false, false, "hash", 6}, bfs_of, static_bfs); }
TEST(IncrementalBfs, IgnoresWeights) { follow_stream({true, true, "chunk", 5}, bfs_of, static_bfs); }
TEST(IncrementalBfs, WaitsForItsSourceToAppear) {
  follow_stream({true, false, "chunk", 7, 400, 560, false}, bfs_of, static_bfs);
}

TEST(IncrementalSssp, FollowsADirectedStream) { follow_stream({true, true, "chunk", 8, 400, 1200}, sssp_of, static_sssp); }
TEST(IncrementalSssp, FollowsAnUndirectedStream) {
  follow_stream({false, true, "hash", 9, 400, 800}, sssp_of, static_sssp);
}
TEST(IncrementalSssp, FollowsALargerStream) {
  follow_stream({true, true, "hash", 10, 2000, 6000}, sssp_of, static_sssp);
}
TEST(IncrementalSssp, WaitsForItsSourceToAppear) {
  follow_stream({false, true, "chunk", 11, 400, 800, false}, sssp_of, static_sssp);
}

// Removing an edge of one component resets that component only, whatever the rest of the graph.
TEST(IncrementalWcc, RestartsOnlyComponentsThatLostAnEdge) {
  const communicator comm;
  std::vector<io::edge_record> all;
  for (std::uint64_t k = 0; k < 300; ++k) all.push_back({id_of(k), id_of((k + 1) % 300), 1.0});  // a cycle
  for (std::uint64_t k = 1000; k < 1009; ++k) all.push_back({id_of(k), id_of(k + 1), 1.0});     // a path of 10
  dynamic_graph g = start(comm, all, false, false, "chunk");
  auto wcc = algorithms::make_incremental_wcc(g);
  std::vector<io::edge_update> cut = {{id_of(1004), id_of(1005), 1.0, 0, io::update_kind::remove, false}};
  const auto stats = wcc->update(g.apply(test::rank_share(comm, cut)));
  EXPECT_EQ(stats.touched, 10U);
  const auto snapshot = g.snapshot();
  expect_same(comm, g, wcc->values(), snapshot, static_wcc(snapshot, 0), "after the cut");
}

// Cutting a chain below the source resets the chain's far part and nothing else; putting the arc
// back improves exactly those vertices again.
TEST(IncrementalBfs, ResetsOnlyTheCutSubtree) {
  const communicator comm;
  std::vector<io::edge_record> all;
  for (const std::uint64_t first : {1, 51}) {  // two chains of 50 below the source id_of(0)
    all.push_back({id_of(0), id_of(first), 1.0});
    for (std::uint64_t k = first; k < first + 49; ++k) all.push_back({id_of(k), id_of(k + 1), 1.0});
  }
  dynamic_graph g = start(comm, all, true, false, "chunk");
  auto bfs = algorithms::make_incremental_bfs(g, id_of(0));
  for (const auto kind : {io::update_kind::remove, io::update_kind::add}) {
    std::vector<io::edge_update> batch = {{id_of(10), id_of(11), 1.0, 0, kind, false}};
    const auto stats = bfs->update(g.apply(test::rank_share(comm, batch)));
    EXPECT_EQ(stats.touched, 40U);  // id_of(11) .. id_of(50)
    const auto snapshot = g.snapshot();
    expect_same(comm, g, bfs->values(), snapshot, static_bfs(snapshot, id_of(0)), "after the change");
  }
}

}  // namespace
}  // namespace eddy
