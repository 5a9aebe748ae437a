#pragma once
// Message delivery for the Pregel model. Threads write into their own sender state (no locks);
// after compute the states are folded into next superstep's inbox and, for ghosts, into one
// outbox record per (ghost, superstep) when a combiner exists — sender-side combining — or one
// record per message otherwise. Buffers are kept between supersteps, so sending does not allocate
// once they have grown.
#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <span>
#include <type_traits>
#include <vector>

#include "eddy/graph/distributed_graph.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/exchange.hpp"

namespace eddy {

struct no_combiner {};

template <class M, class Combine>
class pregel_mailboxes {
  static constexpr bool combined = !std::is_same_v<Combine, no_combiner>;
  struct remote_message {
    std::uint64_t target;  // the owner's local index, or an external id when by_id is set
    std::uint64_t by_id;
    M message;
  };
  struct slot_message {
    local_id slot;
    M message;
  };

 public:
  class sender_state {
   public:
    explicit sender_state(const distributed_graph& g) : graph_(&g), by_id_(g.comm().size()) {
      if constexpr (combined) {
        const std::size_t slots = std::size_t{g.local_vertices()} + g.ghost_vertices();
        value_.resize(slots);
        has_.assign(slots, 0);
      }
    }
    void to_slot(local_id slot, const M& m) {
      if constexpr (combined) {
        if (has_[slot] != 0) {
          value_[slot] = Combine{}(value_[slot], m);
        } else {
          has_[slot] = 1;
          value_[slot] = m;
          touched_.push_back(slot);
        }
      } else {
        list_.push_back({slot, m});
      }
    }
    void to_id(vertex_id id, const M& m) { by_id_.push(graph_->owner_of(id), {id, 1, m}); }

   private:
    friend class pregel_mailboxes;
    const distributed_graph* graph_;
    std::vector<M> value_;
    std::vector<std::uint8_t> has_;
    std::vector<local_id> touched_;
    std::vector<slot_message> list_;
    outbox<remote_message> by_id_;
  };

  explicit pregel_mailboxes(const distributed_graph& g)
      : g_(g), senders_([&g] { return sender_state(g); }), out_(g.comm().size()) {
    const local_id n = g.local_vertices();
    if constexpr (combined) {
      cur_val_.resize(n);
      nxt_val_.resize(n);
      cur_has_.assign(n, 0);
      nxt_has_.assign(n, 0);
      ghost_val_.resize(g.ghost_vertices());
      ghost_has_.assign(g.ghost_vertices(), 0);
    } else {
      cur_off_.assign(std::size_t{n} + 1, 0);
      nxt_off_.assign(std::size_t{n} + 1, 0);
    }
  }

  sender_state& sender() { return senders_.local(); }

  [[nodiscard]] std::span<const M> received(local_id v) const {
    if constexpr (combined) {
      return cur_has_[v] != 0 ? std::span<const M>(&cur_val_[v], 1) : std::span<const M>();
    } else {
      return std::span<const M>(cur_msg_).subspan(cur_off_[v], cur_off_[v + 1] - cur_off_[v]);
    }
  }

  // Makes last superstep's deliveries readable and empties the next inbox.
  void begin_superstep() {
    if constexpr (combined) {
      std::swap(cur_val_, nxt_val_);
      std::swap(cur_has_, nxt_has_);
      std::fill(nxt_has_.begin(), nxt_has_.end(), 0);
    } else {
      std::swap(cur_off_, nxt_off_);
      std::swap(cur_msg_, nxt_msg_);
      pending_.clear();
    }
  }

  // Folds every thread's sends into the next inbox and the outbox; returns messages produced.
  std::uint64_t end_compute() {
    const local_id n = g_.local_vertices();
    const int me = g_.comm().rank();
    std::uint64_t produced = 0;
    out_.clear();
    for (auto& s : senders_) {
      if constexpr (combined) {
        for (const local_id slot : s.touched_) {
          if (slot < n) {
            combine_into(nxt_val_[slot], nxt_has_[slot], s.value_[slot]);
          } else {
            combine_into(ghost_val_[slot - n], ghost_has_[slot - n], s.value_[slot]);
          }
          s.has_[slot] = 0;
        }
        s.touched_.clear();
      } else {
        for (const auto& [slot, m] : s.list_) {
          if (slot < n) {
            pending_.push_back({slot, m});
          } else {
            const int owner = g_.owner_of_slot(slot);
            out_.push(owner, {g_.remote_index(slot, owner), 0, m});
          }
        }
        produced += s.list_.size();
        s.list_.clear();
      }
      for (int r = 0; r < out_.ranks(); ++r) {
        auto& ids = s.by_id_.to(r);
        out_.to(r).insert(out_.to(r).end(), ids.begin(), ids.end());
        produced += ids.size();
        ids.clear();
      }
    }
    if constexpr (combined) {
      for (local_id v = 0; v < n; ++v) produced += nxt_has_[v];
      for (int r = 0; r < g_.comm().size(); ++r) {
        if (r == me) continue;
        for (local_id slot = g_.ghost_begin(r); slot < g_.ghost_begin(r + 1); ++slot) {
          auto& has = ghost_has_[slot - n];
          if (has == 0) continue;
          out_.push(r, {g_.remote_index(slot, r), 0, ghost_val_[slot - n]});
          has = 0;
          ++produced;
        }
      }
    }
    return produced;
  }

  // Collective: moves the outbox to its owners; returns messages now waiting here.
  std::uint64_t deliver() {
    exchange(g_.comm(), out_, in_);
    vertex_id unknown = 0;
    bool missing = false;
    for (const auto& r : in_.items) {
      local_id v = static_cast<local_id>(r.target);
      if (r.by_id != 0) {
        const auto found = g_.find_local(r.target);
        if (!found) {
          missing = true;
          unknown = r.target;
          continue;
        }
        v = *found;
      }
      if constexpr (combined) {
        combine_into(nxt_val_[v], nxt_has_[v], r.message);
      } else {
        pending_.push_back({v, r.message});
      }
    }
    agree(g_.comm(), [&] {
      if (missing) throw error("message sent to vertex " + std::to_string(unknown) + ", which is not in the graph");
    });
    if constexpr (combined) {
      std::uint64_t waiting = 0;
      for (const auto h : nxt_has_) waiting += h;
      return waiting;
    } else {
      // Counting sort by target: each vertex's messages become one contiguous span.
      std::fill(nxt_off_.begin(), nxt_off_.end(), 0);
      for (const auto& p : pending_) ++nxt_off_[p.slot + 1];
      for (std::size_t v = 1; v < nxt_off_.size(); ++v) nxt_off_[v] += nxt_off_[v - 1];
      nxt_msg_.resize(pending_.size());
      std::vector<std::uint64_t> fill(nxt_off_.begin(), nxt_off_.end() - 1);
      for (const auto& p : pending_) nxt_msg_[fill[p.slot]++] = p.message;
      return pending_.size();
    }
  }

 private:
  static void combine_into(M& into, std::uint8_t& has, const M& m) {
    if (has != 0) {
      into = Combine{}(into, m);
    } else {
      into = m;
      has = 1;
    }
  }
  const distributed_graph& g_;
  tbb::enumerable_thread_specific<sender_state> senders_;
  outbox<remote_message> out_;
  inbox<remote_message> in_;
  // combined mode
  std::vector<M> cur_val_, nxt_val_, ghost_val_;
  std::vector<std::uint8_t> cur_has_, nxt_has_, ghost_has_;
  // list mode
  std::vector<std::uint64_t> cur_off_, nxt_off_;
  std::vector<M> cur_msg_, nxt_msg_;
  std::vector<slot_message> pending_;
};

}  // namespace eddy
