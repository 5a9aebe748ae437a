#pragma once
// Flink's bulk iteration over partitioned keyed state: each superstep a step function maps every
// (key, value) of the whole state, with the messages sent to that key in the previous superstep,
// to the key's next value, and may send messages to any key. The next state replaces the old one
// at once, so a step never sees a value of the superstep it is computing. The run stops at
// max_iterations or when the convergence criterion over the aggregators holds.
//
//   bulk_iteration<std::uint64_t, double> it(comm);
//   it.load(my_entries);                        // any rank may hold any keys; they go to owners
//   it.broadcasts().set("scale", 2.0);
//   it.run([](auto& ctx, std::uint64_t k, double v, auto msgs) { return v * ctx.template broadcast<double>("scale"); },
//          options);
#include <functional>
#include <map>
#include <span>
#include <utility>
#include <vector>

#include "eddy/runtime/iteration_support.hpp"

namespace eddy {

template <class K, class V, class M = V>
class bulk_iteration {
 public:
  class context : public iteration_view {
   public:
    context(iteration_state& state, std::uint64_t superstep, keyed_mail<K, M>& mail)
        : iteration_view(state, superstep), mail_(&mail) {}
    // Delivered to `key`'s step in the next superstep; a key not in the state is an error.
    void send(const K& key, M message) { mail_->send(key, std::move(message)); }

   private:
    keyed_mail<K, M>* mail_;
  };
  using step_fn = std::function<V(context&, const K& key, const V& value, std::span<const M> messages)>;

  explicit bulk_iteration(const communicator& comm, key_partition<K> partition = hash_partition<K>())
      : comm_(comm), mail_(comm, std::move(partition)) {}

  // Collective: the initial state, from every rank's share of entries.
  void load(std::vector<std::pair<K, V>> entries) {
    state_ = distribute_by_key(comm_, mail_.partition(), std::move(entries), "the initial state");
  }

  [[nodiscard]] aggregator_registry& aggregators() noexcept { return shared_.aggregators; }
  [[nodiscard]] broadcast_set& broadcasts() noexcept { return shared_.broadcasts; }
  [[nodiscard]] const std::map<K, V>& state() const noexcept { return state_; }  // this rank's keys
  [[nodiscard]] int owner(const K& key) const { return mail_.owner(key); }
  // For co-partitioning static tables with the state (group_by_key).
  [[nodiscard]] const key_partition<K>& partition() const noexcept { return mail_.partition(); }

  // Collective.
  run_metrics run(step_fn step, const iteration_options& options) {
    step_ = std::move(step);
    mail_.inbox().clear();
    return run_iteration(comm_, shared_, *this, options);
  }

  // Superstep driver interface.
  step_counts compute(std::uint64_t superstep) {
    static const std::vector<M> none;
    context ctx(shared_, superstep, mail_);
    std::map<K, V> next;
    auto& inbox = mail_.inbox();
    agree(comm_, [&] {  // a step that throws on some ranks only must not leave the others waiting
      for (const auto& [key, value] : state_) {
        const auto it = inbox.find(key);
        const auto& messages = it == inbox.end() ? none : it->second;
        next.emplace_hint(next.end(), key, step_(ctx, key, value, messages));
      }
    });
    // Every key stays in the state, so a bulk iteration is active until a limit stops it.
    const step_counts counts{state_.size(), mail_.take_sent()};
    state_ = std::move(next);
    return counts;
  }
  std::uint64_t exchange() {
    const std::uint64_t delivered = mail_.deliver();
    agree(comm_, [&] {
      for (const auto& [key, messages] : mail_.inbox()) {
        if (!state_.contains(key)) throw error("a bulk iteration sent a message to a key not in its state");
      }
    });
    return delivered;
  }

 private:
  const communicator& comm_;
  keyed_mail<K, M> mail_;
  iteration_state shared_;
  std::map<K, V> state_;
  step_fn step_;
};

}  // namespace eddy
