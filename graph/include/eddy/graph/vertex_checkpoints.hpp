#pragma once
// Checkpoints of a superstep run on a static graph: the per-vertex arrays an algorithm registers
// (its state, one value per owned vertex) and the aggregators' values, written after every K-th
// superstep into DIR/checkpoint-NNNNNNNNNNNN.h5 and restored from the newest valid one on resume.
// Rows are keyed by external vertex id, so a checkpoint resumes on any number of ranks and under
// either partitioner.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "eddy/graph/checkpoint_store.hpp"
#include "eddy/graph/distributed_graph.hpp"
#include "eddy/runtime/checkpoints.hpp"

namespace eddy {

class vertex_checkpoints final : public superstep_checkpoints {
 public:
  // Collective: prepares the directory; the graph's fingerprint is computed here once.
  vertex_checkpoints(const distributed_graph& g, checkpoint_settings settings);

  // The algorithm's state: arrays of one value per owned vertex, alive while the run lasts.
  void add(const std::string& name, std::span<double> owned);
  void add(const std::string& name, std::span<std::int64_t> owned);
  void add(const std::string& name, std::span<std::uint64_t> owned);

  std::optional<std::uint64_t> resume(aggregator_registry& aggregators) override;
  bool completed(std::uint64_t superstep, const aggregator_registry& aggregators) override;
  // Collective: writes the checkpoint of `superstep` now, then drops all but the newest `keep`.
  void save(std::uint64_t superstep, const aggregator_registry& aggregators);
  void settle() override { store_.settle(); }

  [[nodiscard]] std::uint64_t written() const noexcept { return store_.written(); }
  [[nodiscard]] double write_seconds() const noexcept { return store_.write_seconds(); }  // summed
  [[nodiscard]] double restore_seconds() const noexcept { return restore_seconds_; }

 private:
  const distributed_graph& g_;
  checkpoint_store store_;
  std::string fingerprint_;
  std::string vertex_file_;  // linked as /vertices, written with the first checkpoint
  std::vector<vertex_column> columns_;
  double restore_seconds_ = 0.0;
};

}  // namespace eddy
