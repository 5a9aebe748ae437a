#pragma once
// How many threads a rank computes with. TBB sizes its default arena from the process' CPU
// affinity, so under mpirun's default binding (one core per rank) a rank runs one thread; an
// explicit count runs the work in an arena of exactly that many threads (give the rank that many
// cores too, e.g. `mpirun --bind-to none` or `--map-by slot:PE=T`).
#include <tbb/task_arena.h>

#include <atomic>
#include <utility>

namespace eddy {

// Runs f with `threads` worker threads (0: TBB's default for this process) and returns its result.
template <class F>
decltype(auto) with_threads(unsigned threads, F&& f) {
  if (threads == 0) return std::forward<F>(f)();
  tbb::task_arena arena(static_cast<int>(threads));
  return arena.execute(std::forward<F>(f));
}

// Threads available to parallel work started from the calling thread.
[[nodiscard]] inline unsigned current_threads() {
  return static_cast<unsigned>(tbb::this_task_arena::max_concurrency());
}

// Updates that several threads may make to one word need atomic instructions, which cost several
// times a plain access even uncontended; with one thread (the usual one rank per core) they are
// skipped.
template <class T, class Better>
bool store_if_better(T& slot, T value, bool shared, Better better) {
  if (!shared) {
    if (!better(value, slot)) return false;
    slot = value;
    return true;
  }
  std::atomic_ref<T> target(slot);
  T current = target.load(std::memory_order_relaxed);
  while (better(value, current)) {
    if (target.compare_exchange_weak(current, value, std::memory_order_relaxed)) return true;
  }
  return false;
}

}  // namespace eddy
