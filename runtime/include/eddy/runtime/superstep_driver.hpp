#pragma once
// The bulk-synchronous loop: compute -> exchange -> aggregate -> termination check, repeated.
// It knows nothing of graphs: a "step" object supplies the local work of one superstep and the
// delivery of its messages; the driver owns ordering, global counts, metrics and stopping.
#include <chrono>
#include <concepts>
#include <cstdint>
#include <functional>
#include <limits>

#include "eddy/runtime/aggregators.hpp"
#include "eddy/runtime/checkpoints.hpp"
#include "eddy/runtime/communicator.hpp"
#include "eddy/runtime/fault_injection.hpp"
#include "eddy/runtime/metrics.hpp"

namespace eddy {

struct step_counts {
  std::uint64_t active = 0;    // local elements still active after compute
  std::uint64_t messages = 0;  // local messages produced (after sender-side combining)
};

template <class S>
concept superstep_step = requires(S s, std::uint64_t n) {
  { s.compute(n) } -> std::same_as<step_counts>;
  { s.exchange() } -> std::same_as<std::uint64_t>;  // messages delivered here for the next superstep
};

struct superstep_options {
  std::uint64_t max_supersteps = std::numeric_limits<std::uint64_t>::max();
  // Checked after aggregation; true stops the run (Flink's convergence criterion).
  std::function<bool(std::uint64_t superstep, const aggregator_registry&)> converged;
  std::function<void(const superstep_metrics&)> on_superstep;  // progress reporting
  superstep_checkpoints* checkpoints = nullptr;  // taking and resuming checkpoints, if any
};

// A step that can be resumed: after its checkpointed state was restored, restored(k) rebuilds
// what the state implies (frontiers, ghost copies) as superstep k left it.
template <class S>
concept resumable_step = requires(S s, std::uint64_t k) { s.restored(k); };

template <superstep_step Step>
run_metrics run_supersteps(const communicator& comm, aggregator_registry& aggregators, Step& step,
                           const superstep_options& options) {
  using clock = std::chrono::steady_clock;
  run_metrics run;
  const auto run_start = clock::now();
  const std::uint64_t bytes_at_start = comm.bytes_sent();
  if (options.checkpoints != nullptr) {
    if (const auto done = options.checkpoints->resume(aggregators)) {
      if constexpr (resumable_step<Step>) {
        step.restored(*done);
      } else {
        throw error("this algorithm cannot resume from a checkpoint");
      }
      run.first_superstep = *done + 1;
    }
  }
  for (std::uint64_t superstep = run.first_superstep; superstep < options.max_supersteps; ++superstep) {
    const auto start = clock::now();
    const std::uint64_t bytes_before = comm.bytes_sent();
    fault_point(fault_place::superstep);
    const step_counts local = step.compute(superstep);
    const std::uint64_t delivered = step.exchange();
    aggregators.end_superstep(comm);

    std::uint64_t totals[4] = {local.active, local.messages, comm.bytes_sent() - bytes_before, delivered};
    comm.all_reduce_in_place(std::span<std::uint64_t>(totals), reduce_op::sum);
    superstep_metrics m{superstep, totals[0], totals[1], totals[2],
                        std::chrono::duration<double>(clock::now() - start).count()};
    run.supersteps.push_back(m);
    if (options.on_superstep) options.on_superstep(m);
    if (totals[0] == 0 && totals[3] == 0) break;  // everyone halted, nothing in flight
    if (options.converged && options.converged(superstep, aggregators)) break;
    if (superstep + 1 == options.max_supersteps) break;  // the run is over: no checkpoint of it
    if (options.checkpoints != nullptr && options.checkpoints->completed(superstep, aggregators)) {
      run.stopped = true;
      break;
    }
  }
  if (options.checkpoints != nullptr) options.checkpoints->settle();
  run.bytes_sent = comm.all_reduce(comm.bytes_sent() - bytes_at_start, reduce_op::sum);
  run.seconds = std::chrono::duration<double>(clock::now() - run_start).count();
  return run;
}

}  // namespace eddy
