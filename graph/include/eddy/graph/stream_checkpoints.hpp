#pragma once
// Checkpoints of a stream job at a batch boundary: the dynamic graph as it stands (every edge,
// every vertex), per-vertex values the algorithm resumes from (PageRank's ranks), and the stream
// source's state (how many updates it has taken, its window buffer), so a resumed job applies
// every update exactly once. Layout in docs/CHECKPOINTS.md.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "eddy/graph/checkpoint_store.hpp"
#include "eddy/graph/dynamic_graph.hpp"

namespace eddy {

struct resumed_stream {
  std::string path;
  distributed_graph graph;     // the graph of the checkpoint, placed for this job
  std::vector<double> values;  // by owned slot of `graph`, when the checkpoint holds values
  std::uint64_t batch = 0;     // batches completed
  std::vector<std::byte> source;  // the source's saved state
};

class stream_checkpoints {
 public:
  // Collective: prepares the directory.
  stream_checkpoints(const communicator& comm, checkpoint_settings settings);

  [[nodiscard]] bool due(std::uint64_t batches) const noexcept { return store_.due(batches); }
  [[nodiscard]] bool stop_requested() const { return store_.stop_requested(); }
  // Collective: writes the checkpoint after `batch` batches. `values` (one per owned vertex of g,
  // or empty) are stored as /state/value; `source` and `offset` describe the stream.
  void save(std::uint64_t batch, const dynamic_graph& g, std::span<const double> values,
            std::span<const std::byte> source, std::uint64_t offset);
  // Collective: with --resume, the newest valid checkpoint's contents, the graph built with
  // `options` and placed by `partition`.
  // Collective: the last checkpoint is on disk under its name (throws when it could not be).
  void settle() { store_.settle(); }
  [[nodiscard]] std::optional<resumed_stream> resume(const graph_options& options, const std::string& partition);

 private:
  const communicator& comm_;
  checkpoint_store store_;
};

}  // namespace eddy
