#pragma once
// Checkpoint coordination: when the iteration drivers take a checkpoint and resume from one, and
// which files of a checkpoint directory count. What a checkpoint holds and how it is written
// belong to the layers above (graph/ knows the vertices, io/ the file format).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "eddy/runtime/aggregators.hpp"

namespace eddy {

// Implemented above runtime/ and handed to run_supersteps (superstep_options::checkpoints).
class superstep_checkpoints {
 public:
  virtual ~superstep_checkpoints() = default;
  // Collective, before the first superstep: when resuming, restores the step's state and the
  // aggregators' values and returns the last superstep the checkpoint completed.
  virtual std::optional<std::uint64_t> resume(aggregator_registry& aggregators) = 0;
  // Collective, after every superstep that did not end the run: takes a checkpoint when one is
  // due (or stop was requested). Returns true when the run must stop here (a stop request).
  virtual bool completed(std::uint64_t superstep, const aggregator_registry& aggregators) = 0;
  // Collective, when the run ends: the last checkpoint taken is complete on disk (its writing may
  // finish in the background); throws on every rank when it could not be completed.
  virtual void settle() = 0;
};

// The files of a checkpoint directory: checkpoint-NNNNNNNNNNNN.h5, numbered by the superstep or
// batch they completed. Temporary files of interrupted writes are not checkpoints.
class checkpoint_directory {
 public:
  explicit checkpoint_directory(std::string dir) : dir_(std::move(dir)) {}
  [[nodiscard]] const std::string& dir() const noexcept { return dir_; }
  [[nodiscard]] std::string path_of(std::uint64_t number) const;
  // Checkpoint files present, newest (highest number) first.
  [[nodiscard]] std::vector<std::string> newest_first() const;
  // Removes all but the `keep` newest checkpoints and any leftover temporary files of this
  // directory's checkpoints; returns the paths removed.
  std::vector<std::string> prune(std::uint64_t keep) const;
  // Creates the directory if needed; throws error naming it when it cannot be written.
  void prepare() const;

 private:
  std::string dir_;
};

// Asynchronous stop requests (SIGTERM, SIGUSR1): the handler only records the signal; drivers
// poll stop_requested() at superstep or batch boundaries, agree on it collectively, checkpoint
// and return.
void install_stop_handlers();
[[nodiscard]] int stop_signal() noexcept;  // the signal received, or 0

}  // namespace eddy
