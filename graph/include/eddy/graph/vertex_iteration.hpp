#pragma once
// The engine under the scatter-gather and gather-sum-apply models: each superstep the vertices
// whose value changed in the previous one (all of them in the first) send messages along their
// edges; after the exchange every vertex that received messages runs an update, which marks the
// vertex changed by setting a new value. The run ends when no vertex changed, at max_iterations, or
// when the convergence criterion holds. Messages of any type travel through the serialization
// layer; with a combiner a vertex receives one message, combined at the sender and the receiver.
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "eddy/graph/distributed_graph.hpp"
#include "eddy/graph/edge_direction.hpp"
#include "eddy/runtime/iteration_support.hpp"

namespace eddy {

struct vertex_iteration_options : iteration_options {
  edge_direction direction = edge_direction::out;
  bool degrees = false;       // out_degree()/in_degree() readable by the functions
  bool vertex_count = false;  // num_vertices() readable by the functions
};

// What every user function sees of a vertex.
template <class V>
class vertex_view : public iteration_view {
 public:
  vertex_view(iteration_state& state, std::uint64_t superstep, const distributed_graph& g,
              const vertex_iteration_options& o, local_id v, const V& value)
      : iteration_view(state, superstep), g_(&g), o_(&o), v_(v), value_(&value) {}
  [[nodiscard]] vertex_id id() const { return g_->external_id(v_); }
  [[nodiscard]] const V& value() const noexcept { return *value_; }
  [[nodiscard]] std::uint64_t out_degree() const { return g_->out_degree(enabled(o_->degrees, "degrees")); }
  [[nodiscard]] std::uint64_t in_degree() const { return g_->in_degree(enabled(o_->degrees, "degrees")); }
  [[nodiscard]] std::uint64_t num_vertices() const {
    (void)enabled(o_->vertex_count, "vertex_count");
    return g_->global_vertices();
  }

 protected:
  [[nodiscard]] local_id enabled(bool on, const char* option) const {
    if (!on) throw error(std::string("set the '") + option + "' option to read it in a vertex function");
    return v_;
  }
  const distributed_graph* g_;
  const vertex_iteration_options* o_;
  local_id v_;
  const V* value_;
};

// A vertex being updated: set_value() replaces its value and marks it changed.
template <class V>
class updating_view : public vertex_view<V> {
 public:
  using vertex_view<V>::vertex_view;
  void set_value(V value) { next_ = std::move(value); }

 private:
  template <class, class>
  friend class vertex_iteration;
  std::optional<V> next_;
};

// Per-vertex message boxes over the graph's slots: local slots are delivered in place, ghost
// slots travel to their owners as (owner's local index, message) records.
template <class M>
class vertex_messenger {
 public:
  using combine_fn = std::function<M(const M&, const M&)>;
  vertex_messenger(const distributed_graph& g, combine_fn combine)
      : g_(g), combine_(std::move(combine)), out_(static_cast<std::size_t>(g.comm().size())) {
    if (combine_) {
      const std::size_t slots = std::size_t{g.local_vertices()} + g.ghost_vertices();
      slot_value_.resize(slots);
      has_.assign(slots, 0);
    }
  }

  void send(local_id slot, M message) {
    ++sent_;
    if (!combine_) {
      pending_.push_back({slot, std::move(message)});
    } else if (has_[slot] != 0) {
      slot_value_[slot] = combine_(slot_value_[slot], message);
    } else {
      has_[slot] = 1;
      slot_value_[slot] = std::move(message);
      touched_.push_back(slot);
    }
  }

  // Collective: moves this superstep's sends to their owners; returns the messages produced
  // (after sender-side combining).
  std::uint64_t deliver() {
    for (const local_id slot : touched_) {
      pending_.push_back({slot, std::move(slot_value_[slot])});
      has_[slot] = 0;
    }
    touched_.clear();
    const std::uint64_t produced = pending_.size();
    const local_id n = g_.local_vertices();
    std::vector<keyed<local_id, M>> here;
    for (auto& [slot, m] : pending_) {
      if (slot < n) {
        here.push_back({slot, std::move(m)});
      } else {
        const int owner = g_.owner_of_slot(slot);
        out_[static_cast<std::size_t>(owner)].push_back({g_.remote_index(slot, owner), std::move(m)});
      }
    }
    pending_.clear();
    for (auto& r : exchange_records(g_.comm(), out_)) here.push_back(std::move(r));
    // Counting sort by vertex: each receiver's messages become one span, in arrival order.
    offsets_.assign(std::size_t{n} + 1, 0);
    for (const auto& r : here) ++offsets_[r.key + 1];
    for (std::size_t v = 1; v < offsets_.size(); ++v) offsets_[v] += offsets_[v - 1];
    std::vector<std::size_t> fill(offsets_.begin(), offsets_.end() - 1);
    received_.resize(here.size());
    for (auto& r : here) received_[fill[r.key]++] = std::move(r.value);
    if (combine_) fold_received();
    return produced;
  }

  // Messages sent since the last call, before combining.
  std::uint64_t take_sent() noexcept { return std::exchange(sent_, 0); }

  [[nodiscard]] std::span<const M> received(local_id v) const {
    return std::span<const M>(received_).subspan(offsets_[v], offsets_[v + 1] - offsets_[v]);
  }

 private:
  // Receiver-side combining: what several ranks sent one vertex becomes one message.
  void fold_received() {
    std::vector<M> folded;
    std::vector<std::size_t> offsets(offsets_.size(), 0);
    for (std::size_t v = 0; v + 1 < offsets_.size(); ++v) {
      if (offsets_[v] != offsets_[v + 1]) {
        M m = std::move(received_[offsets_[v]]);
        for (std::size_t i = offsets_[v] + 1; i < offsets_[v + 1]; ++i) m = combine_(m, received_[i]);
        folded.push_back(std::move(m));
      }
      offsets[v + 1] = folded.size();
    }
    received_ = std::move(folded);
    offsets_ = std::move(offsets);
  }

  const distributed_graph& g_;
  combine_fn combine_;
  std::vector<M> slot_value_;
  std::vector<std::uint8_t> has_;
  std::vector<local_id> touched_;
  std::vector<keyed<local_id, M>> pending_;
  std::vector<std::vector<keyed<local_id, M>>> out_;
  std::vector<M> received_;
  std::vector<std::size_t> offsets_;
  std::uint64_t sent_ = 0;
};

// The changed-vertices loop shared by the graph models; `send` runs on changed vertices with the
// messenger, `update` on vertices that received messages.
template <class V, class M>
class vertex_iteration {
 public:
  using send_fn = std::function<void(const vertex_view<V>&, local_id v, vertex_messenger<M>&)>;
  using update_fn = std::function<void(updating_view<V>&, std::span<const M>)>;

  vertex_iteration(const distributed_graph& g, const std::function<V(vertex_id)>& initial,
                   typename vertex_messenger<M>::combine_fn combine)
      : g_(g), mail_(g, std::move(combine)), changed_(g.local_vertices(), 1) {
    values_.reserve(g.local_vertices());
    for (local_id v = 0; v < g.local_vertices(); ++v) values_.push_back(initial(g.external_id(v)));
  }

  [[nodiscard]] aggregator_registry& aggregators() noexcept { return shared_.aggregators; }
  [[nodiscard]] broadcast_set& broadcasts() noexcept { return shared_.broadcasts; }
  [[nodiscard]] const std::vector<V>& values() const noexcept { return values_; }  // in local order
  [[nodiscard]] const distributed_graph& graph() const noexcept { return g_; }

  // Collective.
  run_metrics run(send_fn send, update_fn update, const vertex_iteration_options& options) {
    send_ = std::move(send);
    update_ = std::move(update);
    options_ = options;
    std::fill(changed_.begin(), changed_.end(), 1);
    return run_iteration(g_.comm(), shared_, *this, options_);
  }

  // Superstep driver interface. The update runs in exchange(), so one superstep is one whole
  // round and its changed vertices are what is "in flight" for the driver.
  step_counts compute(std::uint64_t superstep) {
    superstep_ = superstep;
    // A user function that throws on some ranks only must not leave the others in the exchange.
    agree(g_.comm(), [&] {
      for (local_id v = 0; v < g_.local_vertices(); ++v) {
        if (changed_[v] == 0) continue;
        send_(vertex_view<V>(shared_, superstep, g_, options_, v, values_[v]), v, mail_);
      }
    });
    return {0, mail_.take_sent()};
  }
  std::uint64_t exchange() {
    (void)mail_.deliver();
    std::uint64_t changed = 0;
    agree(g_.comm(), [&] {
      for (local_id v = 0; v < g_.local_vertices(); ++v) {
        changed_[v] = 0;
        const auto messages = mail_.received(v);
        if (messages.empty()) continue;
        updating_view<V> ctx(shared_, superstep_, g_, options_, v, values_[v]);
        update_(ctx, messages);
        if (!ctx.next_) continue;
        values_[v] = std::move(*ctx.next_);
        changed_[v] = 1;
        ++changed;
      }
    });
    return changed;
  }

  // Calls f(slot, weight) for the edges of v in direction d; an undirected graph's edges once.
  template <class F>
  void for_each_edge(local_id v, edge_direction d, F&& f) const {
    const auto walk = [&](std::span<const local_id> targets, std::span<const double> weights) {
      for (std::size_t i = 0; i < targets.size(); ++i) f(targets[i], weights.empty() ? 1.0 : weights[i]);
    };
    if (d != edge_direction::in || !g_.directed()) walk(g_.out_neighbors(v), g_.out_weights(v));
    if (d != edge_direction::out && g_.directed()) walk(g_.in_neighbors(v), g_.in_weights(v));
  }

 private:
  const distributed_graph& g_;
  iteration_state shared_;
  vertex_messenger<M> mail_;
  std::vector<V> values_;
  std::vector<std::uint8_t> changed_;
  vertex_iteration_options options_;
  send_fn send_;
  update_fn update_;
  std::uint64_t superstep_ = 0;
};

}  // namespace eddy
