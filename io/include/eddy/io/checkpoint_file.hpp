#pragma once
// eddy's checkpoint file: a consistent cut of a job (metadata, per-vertex state in global vertex
// order, small named values) in one HDF5 file written in parallel (MPI-IO, collective), each rank
// transferring its contiguous slice. The layout is in docs/CHECKPOINTS.md:
//   attributes of "/": format ("eddy-checkpoint"), version, kind, algorithm, parameters, superstep,
//     batch, stream_offset, ranks, vertices, edges, weighted, graph_fingerprint, graph_file, created
//   /vertices/external_id  uint64[vertices]: row i holds the state of vertex external_id[i]
//   /state/NAME            float64, int64 or uint64 [vertices]
//   /values/NAME           uint8[n]: a small value every rank holds alike (aggregators, counters)
//   /edges/source, /edges/target  uint64[edges], /edges/weight float64[edges] (weighted graphs):
//                          the graph of a stream as it stood, an undirected edge once
//   /graph                 external link to graph_file's root, when graph_file is set
// Every dataset carries a "crc32" attribute (zlib's CRC-32 of its bytes in row order), checked by
// verify(). A file is written under a temporary name, flushed to disk and renamed on commit().
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "eddy/runtime/communicator.hpp"

namespace eddy::io {

struct checkpoint_header {
  std::string kind;               // "run" (supersteps of eddy run) or "stream" (batches)
  std::string algorithm;
  std::string parameters;         // a JSON object: what the algorithm's result depends on
  std::uint64_t superstep = 0;    // supersteps completed
  std::uint64_t batch = 0;        // stream batches completed
  std::uint64_t stream_offset = 0;  // where the stream resumes (see docs/CHECKPOINTS.md)
  std::uint64_t ranks = 0;        // of the job that wrote it
  std::uint64_t vertices = 0;     // rows of every /vertices and /state dataset
  std::uint64_t edges = 0;        // rows of the /edges datasets (none when 0)
  bool weighted = false;          // whether /edges/weight exists
  std::string graph_fingerprint;  // 16 hex digits, see graph_fingerprint()
  std::string graph_file;         // the file linked as /graph (run checkpoints), or empty
  // The file whose /vertices group this one links to as its own (run checkpoints: the ids do not
  // change during a run), or empty: /vertices/external_id is written here.
  std::string vertex_file;
  std::string created;            // UTC, ISO 8601
};

enum class column_type { f64, i64, u64 };

struct column_info {
  std::string name;
  column_type type = column_type::f64;
};

// A checkpoint file written and closed under a temporary name beside its final path.
struct closed_checkpoint {
  std::string temporary;
  std::string path;
};

// Not collective (one process): forces the file to disk, renames it to its path and forces the
// directory entry to disk. On failure the temporary file is removed and false returned; a
// checkpoint already at the path is then untouched.
[[nodiscard]] bool publish_checkpoint(const closed_checkpoint& file);

class checkpoint_writer {
 public:
  // Collective. Creates a temporary file beside `path` and writes the header. `data_bytes` is
  // what the datasets will hold: without room for it (and the metadata) on the file system the
  // writer throws before creating anything, because HDF5 cannot close a parallel file it ran out
  // of space for and fails again, fatally, when MPI shuts down.
  checkpoint_writer(const communicator& comm, std::string path, const checkpoint_header& header,
                    std::uint64_t data_bytes);
  ~checkpoint_writer();  // a file never committed is removed
  checkpoint_writer(const checkpoint_writer&) = delete;
  checkpoint_writer& operator=(const checkpoint_writer&) = delete;

  // Collective: dataset /vertices/external_id (name "external_id") or /state/NAME of
  // header.vertices rows; each rank writes rows [first, first + values.size()), and the slices of
  // all ranks cover the rows in rank order.
  void write_column(const std::string& name, std::uint64_t first, std::span<const double> values);
  void write_column(const std::string& name, std::uint64_t first, std::span<const std::int64_t> values);
  void write_column(const std::string& name, std::uint64_t first, std::span<const std::uint64_t> values);
  // Collective, the same bytes on every rank.
  void write_value(const std::string& name, std::span<const std::byte> bytes);
  // Collective: rows [first, first + source.size()) of the /edges datasets (header.edges rows;
  // weight empty unless header.weighted), the slices of all ranks in rank order.
  void write_edges(std::uint64_t first, std::span<const std::uint64_t> source, std::span<const std::uint64_t> target,
                   std::span<const double> weight);
  // Collective: closes the file, forces it to disk and gives it its name. Throws (on every rank)
  // when any of that fails; the previous checkpoints are untouched.
  void commit();
  // Collective: closes the file, throwing (on every rank) when that fails, and leaves it under
  // its temporary name for publish_checkpoint(), which one process may run while the job goes
  // on: forcing a file to disk is waiting on the device, not work for the job.
  [[nodiscard]] closed_checkpoint close();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

class checkpoint_reader {
 public:
  // Collective. Throws input_error(path, 0, ...) unless the file is an eddy checkpoint whose
  // datasets have the lengths its header promises.
  checkpoint_reader(const communicator& comm, std::string path);
  ~checkpoint_reader();
  checkpoint_reader(const checkpoint_reader&) = delete;
  checkpoint_reader& operator=(const checkpoint_reader&) = delete;

  [[nodiscard]] const checkpoint_header& header() const noexcept;
  [[nodiscard]] const std::string& path() const noexcept;
  [[nodiscard]] const std::vector<column_info>& columns() const noexcept;  // the /state datasets
  [[nodiscard]] std::vector<std::string> values() const;                   // the /values datasets

  // Collective: each rank reads rows [first, first + out.size()) of a column; the type must match.
  void read_column(const std::string& name, std::uint64_t first, std::span<double> out);
  void read_column(const std::string& name, std::uint64_t first, std::span<std::int64_t> out);
  void read_column(const std::string& name, std::uint64_t first, std::span<std::uint64_t> out);
  [[nodiscard]] std::vector<std::byte> read_value(const std::string& name);
  // Collective: rows [first, first + source.size()) of the /edges datasets (weight ignored when
  // the header is unweighted).
  void read_edges(std::uint64_t first, std::span<std::uint64_t> source, std::span<std::uint64_t> target,
                  std::span<double> weight);
  // Collective: recomputes every dataset's CRC-32 (each rank a share of the rows) and throws
  // input_error naming the first dataset that does not match.
  void verify();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace eddy::io
