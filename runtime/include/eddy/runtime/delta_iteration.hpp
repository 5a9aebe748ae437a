#pragma once
// Flink's delta iteration: a keyed solution set, partitioned over the ranks, and a workset of
// elements addressed to keys. Each superstep only the keys with workset elements compute: the
// step reads the key's solution entry, may replace it (a delta, applied once the superstep's
// computing is done, so every step of a superstep sees the same solution set) and may emit
// elements of the next workset to any key. The run stops when the workset is empty on every rank,
// when the convergence criterion holds, or at max_iterations.
//
//   delta_iteration<std::uint64_t, std::uint64_t, std::uint64_t> it(comm);
//   it.load_solution(labels);  it.load_workset(candidates);
//   it.run([&](auto& ctx, std::uint64_t key, std::span<const std::uint64_t> work) {
//     const auto best = *std::min_element(work.begin(), work.end());
//     if (best < *ctx.solution()) { ctx.update(best); for (auto n : neighbours[key]) ctx.emit(n, best); }
//   }, options);
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "eddy/runtime/iteration_support.hpp"

namespace eddy {

template <class K, class S, class W>
class delta_iteration {
 public:
  class context : public iteration_view {
   public:
    context(iteration_state& state, std::uint64_t superstep, keyed_mail<K, W>& mail)
        : iteration_view(state, superstep), mail_(&mail) {}
    // This key's solution entry as the superstep began; null when it has none.
    [[nodiscard]] const S* solution() const noexcept { return solution_; }
    // Replaces (or creates) this key's solution entry at the end of the superstep.
    void update(S value) { delta_ = std::move(value); }
    // An element of the next workset, for any key.
    void emit(const K& key, W element) { mail_->send(key, std::move(element)); }

   private:
    friend class delta_iteration;
    keyed_mail<K, W>* mail_;
    const S* solution_ = nullptr;
    std::optional<S> delta_;
  };
  using step_fn = std::function<void(context&, const K& key, std::span<const W> workset)>;

  explicit delta_iteration(const communicator& comm, key_partition<K> partition = hash_partition<K>())
      : comm_(comm), mail_(comm, std::move(partition)) {}

  // Collective: the initial solution set, from every rank's share of entries.
  void load_solution(std::vector<std::pair<K, S>> entries) {
    solution_ = distribute_by_key(comm_, mail_.partition(), std::move(entries), "the initial solution set");
  }
  // The initial workset (not collective: it travels with the run's first exchange).
  void load_workset(std::vector<std::pair<K, W>> elements) {
    for (auto& [k, w] : elements) mail_.send(k, std::move(w));
  }

  [[nodiscard]] aggregator_registry& aggregators() noexcept { return shared_.aggregators; }
  [[nodiscard]] broadcast_set& broadcasts() noexcept { return shared_.broadcasts; }
  [[nodiscard]] const std::map<K, S>& solution() const noexcept { return solution_; }  // this rank's keys
  [[nodiscard]] int owner(const K& key) const { return mail_.owner(key); }
  [[nodiscard]] const key_partition<K>& partition() const noexcept { return mail_.partition(); }

  // Collective.
  run_metrics run(step_fn step, const iteration_options& options) {
    step_ = std::move(step);
    mail_.take_sent();
    mail_.deliver();
    return run_iteration(comm_, shared_, *this, options);
  }

  // Superstep driver interface. Nothing stays active between supersteps: the next workset is
  // what is in flight, so the driver stops once none is delivered anywhere.
  step_counts compute(std::uint64_t superstep) {
    context ctx(shared_, superstep, mail_);
    std::vector<std::pair<K, S>> deltas;
    agree(comm_, [&] {  // a step that throws on some ranks only must not leave the others waiting
      for (const auto& [key, work] : mail_.inbox()) {
        const auto it = solution_.find(key);
        ctx.solution_ = it == solution_.end() ? nullptr : &it->second;
        ctx.delta_.reset();
        step_(ctx, key, work);
        if (ctx.delta_) deltas.emplace_back(key, std::move(*ctx.delta_));
      }
    });
    for (auto& [key, value] : deltas) solution_.insert_or_assign(key, std::move(value));
    return {0, mail_.take_sent()};
  }
  std::uint64_t exchange() { return mail_.deliver(); }

 private:
  const communicator& comm_;
  keyed_mail<K, W> mail_;
  iteration_state shared_;
  std::map<K, S> solution_;
  step_fn step_;
};

}  // namespace eddy
