#pragma once
// Checkpoints of a superstep run on a static graph: the per-vertex arrays an algorithm registers
// (its state, one value per owned vertex) and the aggregators' values, written after every K-th
// superstep into DIR/checkpoint-NNNNNNNNNNNN.h5 (eddy/io/checkpoint_file.hpp) and restored from
// the newest valid one on resume. Rows are keyed by external vertex id, so a checkpoint resumes on
// any number of ranks and under either partitioner.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "eddy/graph/distributed_graph.hpp"
#include "eddy/runtime/checkpoints.hpp"

namespace eddy {

struct checkpoint_settings {
  std::string dir;
  std::uint64_t every = 0;  // supersteps between checkpoints; 0: only when asked to stop
  std::uint64_t keep = 2;   // newest checkpoints kept
  bool resume = false;      // start from the newest valid checkpoint in dir, if any
  std::string algorithm;
  std::string parameters;   // a JSON object; a checkpoint resumes only a run with the same
  std::function<void(const std::string&)> note;  // progress and warnings (may be empty)
};

// Collective: 16 hex digits that change with the graph (its vertex ids, edges, weights and
// direction) and not with the number of ranks or the partitioner.
[[nodiscard]] std::string graph_fingerprint(const distributed_graph& g);

class vertex_checkpoints final : public superstep_checkpoints {
 public:
  // Collective: prepares the directory; the fingerprint is computed here once.
  vertex_checkpoints(const distributed_graph& g, checkpoint_settings settings);

  // The algorithm's state: arrays of one value per owned vertex, alive while the run lasts.
  void add(const std::string& name, std::span<double> owned);
  void add(const std::string& name, std::span<std::int64_t> owned);
  void add(const std::string& name, std::span<std::uint64_t> owned);

  std::optional<std::uint64_t> resume(aggregator_registry& aggregators) override;
  bool completed(std::uint64_t superstep, const aggregator_registry& aggregators) override;
  // Collective: writes the checkpoint of `superstep` now, then drops all but the newest `keep`.
  void save(std::uint64_t superstep, const aggregator_registry& aggregators);

  [[nodiscard]] std::uint64_t written() const noexcept { return written_; }
  [[nodiscard]] double write_seconds() const noexcept { return write_seconds_; }  // summed
  [[nodiscard]] double restore_seconds() const noexcept { return restore_seconds_; }

 private:
  enum class kind { f64, i64, u64 };
  struct column {
    std::string name;
    kind type;
    void* data;  // local_vertices() values of that type
  };
  void note(const std::string& text) const;
  // Collective: the newest checkpoint that opens, belongs to this run and passes its checksums.
  [[nodiscard]] std::optional<std::string> newest_valid() const;
  void restore_from(const std::string& path, aggregator_registry& aggregators);

  const distributed_graph& g_;
  checkpoint_settings settings_;
  checkpoint_directory dir_;
  std::string fingerprint_;
  std::vector<column> columns_;
  std::uint64_t written_ = 0;
  double write_seconds_ = 0.0;
  double restore_seconds_ = 0.0;
};

}  // namespace eddy
