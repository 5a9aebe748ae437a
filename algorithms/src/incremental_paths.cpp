// Distances from one source kept current under edge insertions, deletions and weight changes:
// BFS (hops along out-edges, int64, unreachable_depth when unreachable; bfs.hpp) and SSSP (sum of
// non-negative weights along the lightest path, double, +infinity when unreachable; sssp.hpp).
// On undirected graphs every edge is an arc both ways. A source not (yet) in the graph leaves
// every vertex unreachable; once it appears its distance is 0.
//
// Every reached vertex remembers a parent (the external id of the in-neighbour its distance came
// through), so that a distance is always the length of a path that exists. Shortening a path only
// needs relaxing from the arc's source. Losing or lengthening a parent arc invalidates the
// distances below it: that vertex and, transitively, every vertex whose parent chain runs through
// it become unreachable; the distances they can still have come in from their in-neighbours
// outside the reset part, which push again, and everything is relaxed until nothing improves.
// BFS is the same computation with every arc one hop long.
#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <utility>
#include <vector>

#include "eddy/algorithms/bfs.hpp"
#include "eddy/algorithms/incremental.hpp"
#include "incremental_rounds.hpp"

namespace eddy::algorithms {
namespace {

// How long an arc is.
struct hop_metric {
  using distance = std::int64_t;
  static constexpr distance infinite = unreachable_depth;
  static constexpr bool weighted = false;  // a reweight changes no hop count
  static constexpr distance length(double /*weight*/) noexcept { return 1; }
};
struct weight_metric {
  using distance = double;
  static constexpr distance infinite = std::numeric_limits<double>::infinity();
  static constexpr bool weighted = true;
  static constexpr distance length(double weight) noexcept { return weight; }
};

template <class D>
struct path_offer {
  D distance;
  vertex_id parent;
};

template <class Metric>
class incremental_paths final : public incremental_algorithm<typename Metric::distance> {
  using D = typename Metric::distance;
  static constexpr D infinite = Metric::infinite;

 public:
  incremental_paths(const dynamic_graph& g, vertex_id source) : g_(g), source_(source) {
    grow();
    place_source();
    relax();
    touched_.clear();
  }

  incremental_stats update(const graph_changes& changes) override {
    grow();
    incremental_stats stats;
    place_source();
    // Arcs into owned vertices: in-rows, which are the out-rows when undirected.
    for (const auto& c : g_.directed() ? changes.in : changes.out) {
      if (lengthened(c) && is_child(c.row, g_.external_id(c.far))) reset(c.row);
    }
    stats.supersteps += reset_subtrees();
    stats.supersteps += reseed_from_outside();
    for (const auto& c : changes.out) {
      if (shortened(c) && dist_[c.row] != infinite) seeds_.mark(c.row);
    }
    stats.supersteps += relax();
    stats.touched = g_.comm().all_reduce(static_cast<std::uint64_t>(touched_.list().size()), reduce_op::sum);
    touched_.clear();
    reset_.clear();
    return stats;
  }

  [[nodiscard]] std::vector<D> values() const override { return dist_; }

 private:
  static bool lengthened(const arc_change& c) noexcept {
    if (c.kind == io::update_kind::remove) return true;
    return Metric::weighted && c.kind == io::update_kind::reweight && c.new_weight > c.old_weight;
  }
  static bool shortened(const arc_change& c) noexcept {
    if (c.kind == io::update_kind::add) return true;
    return Metric::weighted && c.kind == io::update_kind::reweight && c.new_weight < c.old_weight;
  }

  void grow() {
    const local_id n = g_.local_vertices();
    dist_.resize(n, infinite);
    parent_.resize(n, 0);
    touched_.grow(n);
    reset_.grow(n);
    seeds_.grow(n);
    to_ghosts_.grow(g_.ghost_vertices());
    asks_.grow(g_.ghost_vertices());
  }

  // The source has no parent and is never reset; it is placed when its owner first has it.
  void place_source() {
    const auto s = g_.find_local(source_);
    if (!s || dist_[*s] == 0) return;
    dist_[*s] = 0;
    touched_.mark(*s);
    seeds_.mark(*s);
  }

  // Whether v's distance came through the vertex with external id `parent`.
  [[nodiscard]] bool is_child(local_id v, vertex_id parent) const noexcept {
    return dist_[v] != infinite && parent_[v] == parent && g_.external_id(v) != source_;
  }

  void reset(local_id v) {
    dist_[v] = infinite;
    reset_.mark(v);
    touched_.mark(v);
    orphans_.push_back(v);
  }

  // Collective: resets spread to the children of reset vertices, round by round across ranks.
  // Messages to one ghost are not combined: each names a different would-be parent.
  std::uint64_t reset_subtrees() {
    const auto drain = [&](outbox<addressed<vertex_id>>& out) {
      while (!orphans_.empty()) {
        const local_id u = orphans_.back();
        orphans_.pop_back();
        const vertex_id id = g_.external_id(u);
        g_.for_each_out(u, [&](local_id w, double) {
          if (is_ghost(w)) {
            out.push(g_.ghost_owner(w), {g_.ghost_remote(w), id});
          } else if (is_child(w, id)) {
            reset(w);
          }
        });
      }
    };
    return exchange_until_quiet<vertex_id>(g_.comm(), drain, [&](local_id w, vertex_id id) {
      if (is_child(w, id)) reset(w);
    });
  }

  // Collective: every reached in-neighbour of a reset vertex pushes its distance again; the
  // owners of ghost in-neighbours are asked to (once per ghost).
  std::uint64_t reseed_from_outside() {
    for (const local_id v : reset_.list()) {
      g_.for_each_in(v, [&](local_id u, double) {
        if (is_ghost(u)) {
          asks_.offer(u, 1, [](std::uint8_t, std::uint8_t) { return false; });
        } else if (dist_[u] != infinite) {
          seeds_.mark(u);
        }
      });
    }
    outbox<addressed<std::uint8_t>> out(g_.comm().size());
    asks_.flush(g_, out);
    return exchange_once<std::uint8_t>(g_.comm(), out, [&](local_id u, std::uint8_t) {
      if (dist_[u] != infinite) seeds_.mark(u);
    });
  }

  bool improve(local_id v, D distance, vertex_id parent) {
    if (!(distance < dist_[v])) return false;
    dist_[v] = distance;
    parent_[v] = parent;
    touched_.mark(v);
    nearest_.emplace(distance, v);
    return true;
  }

  // Collective: seeded vertices push along their out-arcs until no distance falls anywhere.
  // Within a round a rank settles its own vertices nearest first (Dijkstra over what it knows),
  // so a vertex is rarely relaxed twice; rounds carry improvements across ranks.
  std::uint64_t relax() {
    const auto closer = [](const path_offer<D>& a, const path_offer<D>& b) { return a.distance < b.distance; };
    const auto drain = [&](outbox<addressed<path_offer<D>>>& out) {
      for (const local_id v : seeds_.list()) nearest_.emplace(dist_[v], v);
      seeds_.clear();
      while (!nearest_.empty()) {
        // Not a structured binding: the lambda below captures `d`, which clang 14 does not allow of one.
        const D d = nearest_.top().first;
        const local_id u = nearest_.top().second;
        nearest_.pop();
        if (d != dist_[u]) continue;  // superseded by a later improvement
        const vertex_id id = g_.external_id(u);
        g_.for_each_out(u, [&](local_id w, double weight) {
          const D through = d + Metric::length(weight);
          if (is_ghost(w)) {
            to_ghosts_.offer(w, {through, id}, closer);
          } else {
            improve(w, through, id);
          }
        });
      }
      to_ghosts_.flush(g_, out);
    };
    return exchange_until_quiet<path_offer<D>>(g_.comm(), drain, [&](local_id v, const path_offer<D>& offer) {
      improve(v, offer.distance, offer.parent);
    });
  }

  const dynamic_graph& g_;
  vertex_id source_;
  std::vector<D> dist_;            // per owned vertex
  std::vector<vertex_id> parent_;  // per owned vertex; meaningful when reached and not the source
  std::priority_queue<std::pair<D, local_id>, std::vector<std::pair<D, local_id>>, std::greater<>> nearest_;
  std::vector<local_id> orphans_;  // reset, children not yet told
  vertex_marks touched_;           // reset or improved during the current update
  vertex_marks reset_;             // reset during the current update
  vertex_marks seeds_;             // reached vertices that must push their distance again
  ghost_messages<path_offer<D>> to_ghosts_;
  ghost_messages<std::uint8_t> asks_;  // ghost in-neighbours of reset vertices
};

}  // namespace

std::unique_ptr<incremental_algorithm<std::int64_t>> make_incremental_bfs(const dynamic_graph& g, vertex_id source) {
  return std::make_unique<incremental_paths<hop_metric>>(g, source);
}

std::unique_ptr<incremental_algorithm<double>> make_incremental_sssp(const dynamic_graph& g, vertex_id source) {
  return std::make_unique<incremental_paths<weight_metric>>(g, source);
}

}  // namespace eddy::algorithms
