#pragma once
// What a Pregel vertex program sees of the world: its vertex, its edges, and ways to send.
#include <concepts>
#include <span>

#include "eddy/graph/distributed_graph.hpp"
#include "eddy/graph/pregel_mailboxes.hpp"

namespace eddy {

template <class P>
concept has_combiner = requires(const typename P::message_type& m) {
  { P::combine(m, m) } -> std::convertible_to<typename P::message_type>;
};

template <class P>
struct program_combiner {
  typename P::message_type operator()(const typename P::message_type& a, const typename P::message_type& b) const {
    return P::combine(a, b);
  }
};

template <class P>
using mailboxes_for = pregel_mailboxes<typename P::message_type,
                                       std::conditional_t<has_combiner<P>, program_combiner<P>, no_combiner>>;

// An opaque handle of an edge's far end: valid for sending during the current run.
struct vertex_handle {
  local_id slot;
};

struct edge_view {
  vertex_handle target;
  double weight;
};

// Edges of one vertex as (target, weight) pairs; weight is 1 for unweighted graphs.
class edge_range {
 public:
  edge_range(std::span<const local_id> targets, std::span<const double> weights) : t_(targets), w_(weights) {}
  class iterator {
   public:
    iterator(const edge_range* r, std::size_t i) : r_(r), i_(i) {}
    edge_view operator*() const { return {{r_->t_[i_]}, r_->w_.empty() ? 1.0 : r_->w_[i_]}; }
    iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const iterator& o) const { return i_ == o.i_; }

   private:
    const edge_range* r_;
    std::size_t i_;
  };
  [[nodiscard]] iterator begin() const { return {this, 0}; }
  [[nodiscard]] iterator end() const { return {this, t_.size()}; }
  [[nodiscard]] std::size_t size() const { return t_.size(); }

 private:
  std::span<const local_id> t_;
  std::span<const double> w_;
};

template <class Program>
class vertex_context {
 public:
  using value_type = typename Program::value_type;
  using message_type = typename Program::message_type;
  using sender_type = typename mailboxes_for<Program>::sender_state;

  vertex_context(const distributed_graph& g, sender_type& sender, local_id v, std::uint64_t superstep, value_type& value)
      : g_(g), sender_(sender), v_(v), superstep_(superstep), value_(value) {}

  [[nodiscard]] vertex_id id() const { return g_.external_id(v_); }
  [[nodiscard]] std::uint64_t superstep() const noexcept { return superstep_; }
  [[nodiscard]] std::uint64_t num_vertices() const noexcept { return g_.global_vertices(); }
  [[nodiscard]] bool directed() const noexcept { return g_.directed(); }
  [[nodiscard]] value_type& value() noexcept { return value_; }

  [[nodiscard]] std::uint64_t out_degree() const { return g_.out_degree(v_); }
  [[nodiscard]] std::uint64_t in_degree() const { return g_.in_degree(v_); }
  [[nodiscard]] edge_range out_edges() const { return {g_.out_neighbors(v_), g_.out_weights(v_)}; }
  [[nodiscard]] edge_range in_edges() const { return {g_.in_neighbors(v_), g_.in_weights(v_)}; }

  void send(vertex_handle target, const message_type& m) { sender_.to_slot(target.slot, m); }
  void send_to_out_neighbors(const message_type& m) {
    for (const local_id t : g_.out_neighbors(v_)) sender_.to_slot(t, m);
  }
  void send_to_in_neighbors(const message_type& m) {
    for (const local_id t : g_.in_neighbors(v_)) sender_.to_slot(t, m);
  }
  // Out- and in-neighbours; on an undirected graph each neighbour once per stored edge.
  void send_to_all_neighbors(const message_type& m) {
    send_to_out_neighbors(m);
    if (g_.directed()) send_to_in_neighbors(m);
  }
  // Any vertex by its external id; an id not in the graph ends the run with an error.
  void send_to(vertex_id target, const message_type& m) { sender_.to_id(target, m); }

  void vote_to_halt() noexcept { halted_ = true; }
  [[nodiscard]] bool halted() const noexcept { return halted_; }

 private:
  const distributed_graph& g_;
  sender_type& sender_;
  local_id v_;
  std::uint64_t superstep_;
  value_type& value_;
  bool halted_ = false;
};

}  // namespace eddy
