#pragma once
// The vertex-centric (Pregel) model on the runtime's superstep driver. A program supplies
//   using value_type = ...; using message_type = ...;              (trivially copyable)
//   void compute(vertex_context<Program>& v, std::span<const message_type> messages);
// and optionally
//   static message_type combine(const message_type&, const message_type&);  (sender-side combiner)
//   void setup(aggregator_registry&);                                         (register aggregators)
// With a combiner a vertex receives at most one (combined) message per superstep.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <span>
#include <type_traits>
#include <vector>

#include "eddy/graph/distributed_graph.hpp"
#include "eddy/graph/pregel_context.hpp"
#include "eddy/runtime/superstep_driver.hpp"

namespace eddy {

struct pregel_options {
  std::uint64_t max_supersteps = std::numeric_limits<std::uint64_t>::max();
  std::function<bool(std::uint64_t superstep, const aggregator_registry&)> converged;
  std::function<void(const superstep_metrics&)> on_superstep;
};

template <class Program>
class pregel {
 public:
  using value_type = typename Program::value_type;
  using message_type = typename Program::message_type;
  static_assert(std::is_trivially_copyable_v<message_type>, "messages travel as bytes");

  pregel(const distributed_graph& graph, Program& program)
      : graph_(graph), program_(program), values_(graph.local_vertices()), halted_(graph.local_vertices(), 0),
        mail_(graph) {
    if constexpr (requires(Program& p, aggregator_registry& a) { p.setup(a); }) program_.setup(aggregators_);
  }

  run_metrics run(const pregel_options& options) {
    superstep_options driver;
    driver.max_supersteps = options.max_supersteps;
    driver.converged = options.converged;
    driver.on_superstep = options.on_superstep;
    return run_supersteps(graph_.comm(), aggregators_, *this, driver);
  }

  [[nodiscard]] std::span<const value_type> values() const noexcept { return values_; }
  [[nodiscard]] std::vector<value_type>& values() noexcept { return values_; }
  [[nodiscard]] aggregator_registry& aggregators() noexcept { return aggregators_; }

  // Superstep driver interface.
  step_counts compute(std::uint64_t superstep) {
    const local_id n = graph_.local_vertices();
    mail_.begin_superstep();
    tbb::enumerable_thread_specific<std::uint64_t> active(0);
    tbb::parallel_for(tbb::blocked_range<local_id>(0, n, 1024), [&](const tbb::blocked_range<local_id>& range) {
      auto& sender = mail_.sender();
      std::uint64_t still_active = 0;
      for (local_id v = range.begin(); v != range.end(); ++v) {
        const auto messages = mail_.received(v);
        if (superstep > 0 && halted_[v] != 0 && messages.empty()) continue;
        vertex_context<Program> ctx(graph_, sender, v, superstep, values_[v]);
        program_.compute(ctx, messages);
        halted_[v] = ctx.halted() ? 1 : 0;
        still_active += ctx.halted() ? 0 : 1;
      }
      active.local() += still_active;
    });
    step_counts counts;
    counts.active = active.combine(std::plus<>{});
    counts.messages = mail_.end_compute();
    return counts;
  }
  std::uint64_t exchange() { return mail_.deliver(); }

 private:
  const distributed_graph& graph_;
  Program& program_;
  aggregator_registry aggregators_;
  std::vector<value_type> values_;
  std::vector<std::uint8_t> halted_;
  mailboxes_for<Program> mail_;
};

}  // namespace eddy
