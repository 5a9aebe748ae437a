#pragma once
// The --metrics JSON document: one object describing a run, read by benchmarks and users.
#include <cstdint>
#include <string>

#include "eddy/runtime/communicator.hpp"
#include "eddy/runtime/metrics.hpp"

namespace eddy::cli {

struct run_report {
  std::string algorithm;
  int ranks = 1;
  unsigned threads = 1;
  std::uint64_t vertices = 0;
  std::uint64_t edges = 0;
  double load_seconds = 0.0;
  double algorithm_seconds = 0.0;
  run_metrics metrics;
};

// Collective (peak RSS is the maximum over ranks); rank 0 writes the file.
void write_metrics(const communicator& comm, const run_report& report, const std::string& path);

}  // namespace eddy::cli
