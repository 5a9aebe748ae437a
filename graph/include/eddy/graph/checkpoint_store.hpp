#pragma once
// A checkpoint directory of one job, as the graph layer uses it: writing checkpoint files
// (eddy/io/checkpoint_file.hpp) atomically and keeping the newest N, finding the newest valid one
// to resume from, and per-vertex columns keyed by external id, restored onto any placement.
#include <cstdint>
#include <functional>
#include <future>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "eddy/graph/distributed_graph.hpp"
#include "eddy/io/checkpoint_file.hpp"
#include "eddy/runtime/checkpoints.hpp"

namespace eddy {

struct checkpoint_settings {
  std::string dir;
  std::uint64_t every = 0;  // supersteps or batches between checkpoints; 0: only when asked to stop
  std::uint64_t keep = 2;   // newest checkpoints kept
  bool resume = false;      // start from the newest valid checkpoint in dir, if any
  std::string algorithm;
  std::string parameters;   // a JSON object; a checkpoint resumes only a run with the same
  std::function<void(const std::string&)> note;  // progress and warnings (may be empty)
  // The input, when it is an eddy graph file (HDF5): run checkpoints link to it as their graph
  // instead of writing a copy.
  std::string graph_input_file;
};

// A per-vertex array of one value per owned vertex, in slot order (8-byte values).
struct vertex_column {
  std::string name;
  io::column_type type = io::column_type::f64;
  void* data = nullptr;
};

// Collective: 16 hex digits that change with the graph (its vertex ids, edges, weights and
// direction) and not with the number of ranks or the partitioner.
[[nodiscard]] std::string graph_fingerprint(const distributed_graph& g);

class checkpoint_store {
 public:
  // Collective: creates the directory if needed; throws error (usage) when it cannot be written.
  checkpoint_store(const communicator& comm, checkpoint_settings settings);
  ~checkpoint_store();  // waits for a checkpoint still being finished (not collective)
  checkpoint_store(const checkpoint_store&) = delete;
  checkpoint_store& operator=(const checkpoint_store&) = delete;

  [[nodiscard]] const checkpoint_settings& settings() const noexcept { return settings_; }
  [[nodiscard]] bool due(std::uint64_t completed) const noexcept {
    return settings_.every > 0 && completed % settings_.every == 0;
  }
  // Collective: whether any rank was sent SIGTERM or SIGUSR1.
  [[nodiscard]] bool stop_requested() const;
  void note(const std::string& text) const;

  // Collective: writes checkpoint `number` (kind, algorithm, parameters, ranks and creation time
  // are filled in here), `body` writing its datasets. Forcing it to disk, naming it and removing
  // all but the newest `keep` go on in the background at rank 0 while the job computes; the next
  // write() or settle() waits for that.
  void write(std::uint64_t number, io::checkpoint_header header, std::uint64_t data_bytes,
             const std::function<void(io::checkpoint_writer&)>& body);
  // Collective: waits until the last checkpoint written is on disk under its name; throws (on
  // every rank) when that failed. A job calls it before it ends or exits on a stop request.
  void settle();
  // Collective: the newest checkpoint that opens, is of this kind, algorithm and parameters (and
  // graph, when the fingerprint is given) and passes its checksums. Damaged ones are noted and
  // passed over; one of another run is an error (usage), since resuming from it would be wrong.
  [[nodiscard]] std::optional<std::string> newest_valid(const std::string& kind, const std::string& fingerprint) const;
  // Collective: the file run checkpoints link to as /graph (the graph does not change during a
  // run, so it is written once, not each time): the input itself when it is an eddy graph file
  // (an absolute path), else DIR/graph-FINGERPRINT.h5, which holds g as an edge table (kind
  // "graph"), written now unless a file of that name is already there.
  std::string graph_file(const distributed_graph& g, const std::string& fingerprint);
  // Collective: the file run checkpoints link to as /vertices (the ids in the job's vertex order
  // do not change during a run either): DIR/vertices-FINGERPRINT-ORDER.h5, written now unless it
  // is already there. Both files are forced to disk and named in the background, just before the
  // next checkpoint is (or by settle()).
  std::string vertex_file(const distributed_graph& g, const std::string& fingerprint);

  [[nodiscard]] std::uint64_t written() const noexcept { return written_; }
  [[nodiscard]] double write_seconds() const noexcept { return write_seconds_; }  // summed

 private:
  struct once_file {
    io::checkpoint_header header;
    std::uint64_t data_bytes = 0;
    std::function<void(io::checkpoint_writer&)> body;
  };
  // Collective: waits for the background publishing (and, with_links, publishes the files written
  // once that no checkpoint has taken along yet); throws on every rank when any of it failed.
  void join(bool with_links);
  // Collective: DIR/name, made by `make` unless already there; returns name.
  std::string write_once(const std::string& name, const std::string& what, const std::function<once_file()>& make);

  const communicator& comm_;
  checkpoint_settings settings_;
  checkpoint_directory dir_;
  std::uint64_t written_ = 0;
  double write_seconds_ = 0.0;
  // Rank 0: files checkpoints link to (vertex order, graph), closed but not yet under their names.
  std::vector<io::closed_checkpoint> unpublished_;
  std::vector<std::string> once_;  // rank 0: the paths of all files written once by this store
  std::future<std::string> published_;  // rank 0: the background publishing; the path it failed on
};

// The external id of every slot of g, owned and ghosts (collective: ghosts learn theirs).
[[nodiscard]] std::vector<vertex_id> slot_external_ids(const distributed_graph& g);

// Collective: writes the columns (and /vertices/external_id unless the file links to the ids),
// row = global index of the slot.
void write_vertex_columns(const distributed_graph& g, io::checkpoint_writer& out, std::span<const vertex_column> columns,
                          bool with_ids = true);
// Collective: fills the columns of every owned vertex from the checkpoint's rows, whichever rank
// wrote them. Throws input_error when a vertex is missing or foreign.
void restore_vertex_columns(const distributed_graph& g, io::checkpoint_reader& in, std::span<const vertex_column> columns);

}  // namespace eddy
