#pragma once
// Frontier steps over the edges of a distributed graph, in the two directions of Ligra and Gemini:
//   push (sparse): every active vertex relaxes its out-edges; an improved owned neighbour joins
//     the next frontier at once, an improved ghost is queued and its value sent to the owner once,
//     after the local pass (sender-side combining: one value per ghost and step);
//   pull (dense): every owned vertex that still wants an update scans its in-edges for active
//     neighbours, whose flags (ghosts included) were synchronised first — one byte per mirror.
// choose() picks the direction from the global work of the frontier: pull once the frontier's
// out-edges exceed a twentieth of all arcs, as Gemini does.
#include <tbb/parallel_for.h>

#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

#include "eddy/graph/frontier.hpp"
#include "eddy/graph/ghost_sync.hpp"

namespace eddy {

enum class direction { push, pull };

class edge_map {
 public:
  edge_map(const distributed_graph& g, const ghost_sync& mirrors)
      : g_(g), mirrors_(mirrors), queued_flag_(g.ghost_vertices(), 0), queued_(g.ghost_vertices()),
        shared_(current_threads() > 1) {}

  // Collective: the direction for a step over `active`, and the frontier's global size.
  struct plan {
    direction way = direction::push;
    std::uint64_t vertices = 0;  // global frontier size
    std::uint64_t edges = 0;     // global out-edges of the frontier
  };
  [[nodiscard]] plan choose(const frontier& active) const {
    std::uint64_t sums[2] = {active.size(), active.out_edges(g_)};
    g_.comm().all_reduce_in_place(std::span<std::uint64_t>(sums), reduce_op::sum);
    const bool dense = sums[1] > g_.global_arcs() / 20;
    return {dense ? direction::pull : direction::push, sums[0], sums[1]};
  }

  // relax(u, v, w) -> bool: thread-safe update of v's state along u->v of weight w (1 when
  // unweighted), true when it improved. ghost_value(slot) -> T: what to send for an improved
  // ghost. receive(v, T) -> bool, run on v's owner: true when v improved. Improved owned vertices
  // join `next`. Returns the number of values sent.
  template <class T, class Relax, class GhostValue, class Receive>
  std::uint64_t push(const frontier& active, frontier& next, Relax relax, GhostValue ghost_value, Receive receive) {
    const auto join = [&](local_id v) { next.add(v); };
    relax_out(active.members(), relax, join);
    return send_queued<T>(ghost_value, receive, join);
  }

  // The local half of a push, which may run several times before one send_queued: relaxes the
  // out-edges of `members`; improved(v) runs (thread-safely) for every improvement of an owned
  // vertex, and improved ghosts are queued once until the next send. Returns the edges relaxed.
  template <class Relax, class Improved>
  std::uint64_t relax_out(std::span<const local_id> members, Relax relax, Improved improved) {
    const local_id n = g_.local_vertices();
    std::atomic<std::uint64_t> relaxed{0};
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, members.size(), 64), [&](const auto& r) {
      std::uint64_t edges = 0;
      for (std::size_t i = r.begin(); i != r.end(); ++i) {
        const local_id u = members[i];
        const auto targets = g_.out_neighbors(u);
        const auto weights = g_.out_weights(u);
        edges += targets.size();
        for (std::size_t k = 0; k < targets.size(); ++k) {
          const local_id v = targets[k];
          if (!relax(u, v, weights.empty() ? 1.0 : weights[k])) continue;
          if (v < n) {
            improved(v);
          } else if (store_if_better(queued_flag_[v - n], std::uint8_t{1}, shared_,
                                     [](std::uint8_t, std::uint8_t old) { return old == 0; })) {
            queued_[shared_ ? queued_count_.fetch_add(1, std::memory_order_relaxed) : queued_count_.load()] = v;
            if (!shared_) queued_count_.store(queued_count_.load() + 1, std::memory_order_relaxed);
          }
        }
      }
      relaxed.fetch_add(edges, std::memory_order_relaxed);
    });
    return relaxed.load();
  }

  // Collective, the remote half of a push: sends each queued ghost's value to its owner, where
  // receive(v, T) -> bool decides whether v improved, and improved(v) runs if so. Returns the
  // number of values sent.
  template <class T, class GhostValue, class Receive, class Improved>
  std::uint64_t send_queued(GhostValue ghost_value, Receive receive, Improved improved) {
    const local_id n = g_.local_vertices();
    const std::span<const local_id> queued(queued_.data(), queued_count_.load());
    std::vector<T> values(queued.size());
    for (std::size_t i = 0; i < queued.size(); ++i) {
      values[i] = ghost_value(queued[i]);
      queued_flag_[queued[i] - n] = 0;
    }
    queued_count_ = 0;
    mirrors_.send_to_owners(queued, std::span<const T>(values), [&](local_id v, const T& value) {
      if (receive(v, value)) improved(v);
    });
    return queued.size();
  }

  // wants(v) -> bool: whether owned v should scan its in-edges. visit(v, u, w) -> bool, called for
  // active in-neighbours u of v (ghosts included) with the arc's weight: false stops v's scan.
  // Each v is handled by one thread. Returns the number of flags sent.
  template <class Wants, class Visit>
  std::uint64_t pull(frontier& active, Wants wants, Visit visit) {
    mirrors_.sync(active.flags());
    active.ghost_flags_written();
    const local_id n = g_.local_vertices();
    tbb::parallel_for(tbb::blocked_range<local_id>(0, n, 256), [&](const tbb::blocked_range<local_id>& r) {
      for (local_id v = r.begin(); v != r.end(); ++v) {
        if (!wants(v)) continue;
        const auto sources = g_.in_neighbors(v);
        const auto weights = g_.in_weights(v);
        for (std::size_t k = 0; k < sources.size(); ++k) {
          if (active.contains(sources[k]) && !visit(v, sources[k], weights.empty() ? 1.0 : weights[k])) break;
        }
      }
    });
    return mirrors_.mirrored();
  }

 private:
  const distributed_graph& g_;
  const ghost_sync& mirrors_;
  std::vector<std::uint8_t> queued_flag_;  // per ghost: already queued in this push
  std::vector<local_id> queued_;
  std::atomic<std::size_t> queued_count_{0};
  bool shared_;  // several threads push at once
};

}  // namespace eddy
