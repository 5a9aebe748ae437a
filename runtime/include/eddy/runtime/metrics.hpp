#pragma once
// What a run reports about itself: per-superstep counts and times, totals, and memory.
#include <cstdint>
#include <vector>

namespace eddy {

struct superstep_metrics {
  std::uint64_t superstep = 0;
  std::uint64_t active = 0;    // vertices (or elements) that did not halt, over all ranks
  std::uint64_t messages = 0;  // messages sent, over all ranks, after sender-side combining
  std::uint64_t bytes = 0;     // bytes sent between ranks, over all ranks
  double seconds = 0.0;
};

struct run_metrics {
  std::vector<superstep_metrics> supersteps;
  std::uint64_t bytes_sent = 0;
  double seconds = 0.0;
  std::uint64_t first_superstep = 0;  // > 0 when resumed from a checkpoint
  bool stopped = false;  // ended by a stop request after a checkpoint, not by convergence
};

// Peak resident set size of this process in bytes.
[[nodiscard]] std::uint64_t peak_rss_bytes();

// Current resident set size of this process in bytes (0 where /proc/self/statm is unavailable).
[[nodiscard]] std::uint64_t resident_bytes();

// Hands memory the allocator holds but no longer uses back to the operating system, so that the
// resident size after a phase with large temporaries (loading) is what the program keeps.
void release_free_memory();

}  // namespace eddy
