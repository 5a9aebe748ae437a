#pragma once
// How incremental algorithms talk between ranks: values for ghosts are combined per ghost and
// sent to the ghosts' owners, and work runs in rounds (drain local work, exchange, deliver) until
// no rank has anything to send.
#include <cstdint>
#include <vector>

#include "eddy/graph/dynamic_graph.hpp"
#include "eddy/runtime/exchange.hpp"

namespace eddy::algorithms {

// Values addressed to ghosts during one round, at most one per ghost: a later offer replaces the
// held one only when it is better (distances, labels), or adds to it (PageRank's signed
// residuals), so each rank sends one message per ghost per round whatever the number of arcs
// that reach it.
template <class T>
class ghost_messages {
 public:
  // Called at the start of an update: the graph may have gained ghosts.
  void grow(local_id ghosts) {
    value_.resize(ghosts);
    held_.resize(ghosts, 0);
  }
  template <class Better>
  void offer(local_id ghost_slot, const T& value, Better better) {
    hold(ghost_slot, value, [&](T& held) {
      if (better(value, held)) held = value;
    });
  }
  void add(local_id ghost_slot, const T& value) {
    hold(ghost_slot, value, [&](T& held) { held += value; });
  }
  [[nodiscard]] std::size_t size() const noexcept { return listed_.size(); }
  // Moves the held values into `out`, addressed to the ghosts' slots on their owners.
  void flush(const dynamic_graph& g, outbox<addressed<T>>& out) {
    for (const local_id k : listed_) {
      const local_id slot = ghost_bit | k;
      out.push(g.ghost_owner(slot), {g.ghost_remote(slot), value_[k]});
      held_[k] = 0;
    }
    listed_.clear();
  }

 private:
  template <class Combine>
  void hold(local_id ghost_slot, const T& value, Combine combine) {
    const local_id k = ghost_index(ghost_slot);
    if (held_[k] == 0) {
      held_[k] = 1;
      value_[k] = value;
      listed_.push_back(k);
    } else {
      combine(value_[k]);
    }
  }

  std::vector<T> value_;
  std::vector<std::uint8_t> held_;
  std::vector<local_id> listed_;
};

// Collective: rounds of drain(out) — local work to completion, filling `out` with what other
// ranks must hear — and exchanges delivering each message with receive(owned slot, value), until
// a round in which no rank has anything to send. Every rank runs the same rounds; returns the
// number of exchanges.
template <class T, class Drain, class Receive>
std::uint64_t exchange_until_quiet(const communicator& comm, Drain&& drain, Receive&& receive) {
  outbox<addressed<T>> out(comm.size());
  inbox<addressed<T>> in;
  for (std::uint64_t rounds = 0;; ++rounds) {
    out.clear();
    drain(out);
    if (comm.all_reduce(static_cast<std::uint64_t>(out.size()), reduce_op::sum) == 0) return rounds;
    exchange(comm, out, in);
    for (const auto& m : in.items) receive(m.index, m.value);
  }
}

// Collective: one exchange of what `out` holds, skipped when no rank holds anything; returns the
// number of exchanges (0 or 1).
template <class T, class Receive>
std::uint64_t exchange_once(const communicator& comm, const outbox<addressed<T>>& out, Receive&& receive) {
  if (comm.all_reduce(static_cast<std::uint64_t>(out.size()), reduce_op::sum) == 0) return 0;
  inbox<addressed<T>> in;
  exchange(comm, out, in);
  for (const auto& m : in.items) receive(m.index, m.value);
  return 1;
}

// A set of owned vertices named once each, cleared in time proportional to its size rather than
// to the graph's: what one update touched, or what it must start from.
class vertex_marks {
 public:
  void grow(local_id vertices) { marked_.resize(vertices, 0); }
  // Whether v was newly marked.
  bool mark(local_id v) {
    if (marked_[v] != 0) return false;
    marked_[v] = 1;
    list_.push_back(v);
    return true;
  }
  [[nodiscard]] bool marked(local_id v) const noexcept { return marked_[v] != 0; }
  [[nodiscard]] const std::vector<local_id>& list() const noexcept { return list_; }
  void clear() noexcept {
    for (const local_id v : list_) marked_[v] = 0;
    list_.clear();
  }

 private:
  std::vector<std::uint8_t> marked_;
  std::vector<local_id> list_;
};

}  // namespace eddy::algorithms
