// Weakly connected components kept current under edge insertions and deletions. Semantics are
// those of wcc.hpp: edge direction ignored, every vertex labelled with the smallest external id
// of its component; a new vertex starts labelled with its own id.
//
// Insertions only merge components, so the smaller label of the two endpoints flows across the
// new edge and on through the merged component. A deletion may split a component, and a label
// cannot be raised locally: the components that lost an edge start again from scratch (every
// vertex carrying their label takes its own id back) and re-propagate their minimum, while
// components no deletion touched keep their labels and are not visited.
#include <algorithm>
#include <vector>

#include "eddy/algorithms/incremental.hpp"
#include "incremental_rounds.hpp"

namespace eddy::algorithms {
namespace {

class incremental_wcc final : public incremental_algorithm<vertex_id> {
 public:
  explicit incremental_wcc(const dynamic_graph& g) : g_(g) {
    grow();
    for (local_id v = 0; v < g_.local_vertices(); ++v) enqueue(v);
    propagate();
    touched_.clear();
  }

  incremental_stats update(const graph_changes& changes) override {
    grow();
    incremental_stats stats;
    restart_split_candidates(changes);
    // Seeding both endpoints of every added arc is what also covers vertices next to a restarted
    // component: an old edge joins two vertices of the same old component, which was restarted
    // as a whole, so a vertex outside it and next to it is next to it through an edge added now.
    for (const auto* list : {&changes.out, &changes.in}) {
      for (const auto& c : *list) {
        if (c.kind == io::update_kind::add) enqueue(c.row);
      }
    }
    stats.supersteps = propagate();
    stats.touched = g_.comm().all_reduce(static_cast<std::uint64_t>(touched_.list().size()), reduce_op::sum);
    touched_.clear();
    return stats;
  }

  [[nodiscard]] std::vector<vertex_id> values() const override { return label_; }

 private:
  // New vertices are labelled with their own id; new ghosts need room in the combiner.
  void grow() {
    const local_id n = g_.local_vertices();
    for (auto v = static_cast<local_id>(label_.size()); v < n; ++v) label_.push_back(g_.external_id(v));
    queued_.resize(n, 0);
    touched_.grow(n);
    to_ghosts_.grow(g_.ghost_vertices());
  }

  void enqueue(local_id v) {
    if (queued_[v] != 0) return;
    queued_[v] = 1;
    work_.push_back(v);
  }

  bool lower(local_id v, vertex_id label) {
    if (label >= label_[v]) return false;
    label_[v] = label;
    touched_.mark(v);
    enqueue(v);
    return true;
  }

  // Collective: the labels of components that lost an edge (both endpoints' owners see the
  // change, so each contributes its end's label) are made known everywhere, and every vertex
  // carrying one returns to its own id and is queued to spread it.
  void restart_split_candidates(const graph_changes& changes) {
    std::vector<vertex_id> lost;
    for (const auto* list : {&changes.out, &changes.in}) {
      for (const auto& c : *list) {
        if (c.kind == io::update_kind::remove) lost.push_back(label_[c.row]);
      }
    }
    std::ranges::sort(lost);
    lost.erase(std::unique(lost.begin(), lost.end()), lost.end());
    auto all = g_.comm().all_gather_v<vertex_id>(lost);
    if (all.empty()) return;
    std::ranges::sort(all);
    for (local_id v = 0; v < g_.local_vertices(); ++v) {
      if (!std::ranges::binary_search(all, label_[v])) continue;
      label_[v] = g_.external_id(v);
      touched_.mark(v);
      enqueue(v);
    }
  }

  // Collective: queued vertices push their labels to every neighbour, in and out, until no
  // label falls anywhere; returns the exchanges used.
  std::uint64_t propagate() {
    const auto smaller = [](vertex_id a, vertex_id b) { return a < b; };
    const auto drain = [&](outbox<addressed<vertex_id>>& out) {
      while (!work_.empty()) {
        const local_id x = work_.back();
        work_.pop_back();
        queued_[x] = 0;
        const vertex_id label = label_[x];
        const auto push = [&](local_id y, double) {
          if (is_ghost(y)) {
            to_ghosts_.offer(y, label, smaller);
          } else {
            lower(y, label);
          }
        };
        g_.for_each_out(x, push);
        if (g_.directed()) g_.for_each_in(x, push);
      }
      to_ghosts_.flush(g_, out);
    };
    return exchange_until_quiet<vertex_id>(g_.comm(), drain, [&](local_id v, vertex_id label) { lower(v, label); });
  }

  const dynamic_graph& g_;
  std::vector<vertex_id> label_;      // per owned vertex
  std::vector<std::uint8_t> queued_;  // per owned vertex: waiting in work_
  std::vector<local_id> work_;
  vertex_marks touched_;  // reset or lowered during the current update
  ghost_messages<vertex_id> to_ghosts_;
};

}  // namespace

std::unique_ptr<incremental_algorithm<vertex_id>> make_incremental_wcc(const dynamic_graph& g) {
  return std::make_unique<incremental_wcc>(g);
}

}  // namespace eddy::algorithms
