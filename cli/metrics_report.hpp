#pragma once
// The --metrics JSON document: one object describing a run, read by benchmarks and users.
#include <cstdint>
#include <string>
#include <vector>

#include "eddy/graph/distributed_graph.hpp"
#include "eddy/runtime/communicator.hpp"
#include "eddy/runtime/metrics.hpp"

namespace eddy::cli {

// What loading cost, measured right after it (before an algorithm allocates anything).
struct load_report {
  std::uint64_t arcs = 0;                       // stored directed arcs over all ranks
  std::uint64_t graph_bytes = 0;                // bytes the graph's arrays hold, over all ranks
  std::uint64_t resident_bytes_after_load = 0;  // resident set sizes, over all ranks
  std::uint64_t load_peak_rss_bytes = 0;        // high-water mark by the end of loading, largest rank
  double bytes_per_arc = 0.0;                   // resident_bytes_after_load / arcs
  double edges_per_second = 0.0;                // edges as given / load seconds
};

// Collective.
[[nodiscard]] load_report measure_load(const communicator& comm, const distributed_graph& graph, double load_seconds);

// One line for the progress log.
[[nodiscard]] std::string describe(const load_report& load);

struct run_report {
  std::string algorithm;
  int ranks = 1;
  unsigned threads = 1;
  std::uint64_t vertices = 0;
  std::uint64_t edges = 0;
  double load_seconds = 0.0;
  double algorithm_seconds = 0.0;  // the median of trial_seconds
  std::vector<double> trial_seconds;
  run_metrics metrics;
  load_report load;
  // With --checkpoint-dir: checkpoints written, their write time (summed), the restore time.
  std::uint64_t checkpoints_written = 0;
  double checkpoint_write_seconds = 0.0;
  double checkpoint_restore_seconds = 0.0;
};

// Collective (peak RSS is the maximum over ranks); rank 0 writes the file.
void write_metrics(const communicator& comm, const run_report& report, const std::string& path);

}  // namespace eddy::cli
