#pragma once
// eddy's binary graph file: the graph as compressed rows in HDF5, written and read in parallel
// (MPI-IO), each rank transferring its contiguous slice of every dataset.
//
// Layout (readable with h5dump or h5py):
//   attributes of "/": format ("eddy-csr"), version (1), directed, weighted, self_loops_dropped,
//     duplicates_dropped (0 or 1), vertices, edges (as given: an undirected edge counts once),
//     arcs (entries of /out/targets), target_type ("uint32" or "uint64")
//   /vertices/external_id  uint64[vertices], ascending: vertex i of the rows is external_id[i]
//   /out/offsets           uint64[vertices + 1]: row i is [offsets[i], offsets[i + 1])
//   /out/targets           uint32 or uint64[arcs]: far ends as row numbers, ascending in a row
//   /out/weights           float64[arcs], only when weighted
//   /in/...                the same for in-edges, only when directed (an undirected graph's /out
//                          holds both directions of every edge, a self-loop once)
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "eddy/runtime/communicator.hpp"

namespace eddy::io {

struct graph_file_header {
  bool directed = true;
  bool weighted = false;
  bool self_loops_dropped = false;
  bool duplicates_dropped = false;
  std::uint64_t vertices = 0;
  std::uint64_t edges = 0;
  std::uint64_t arcs = 0;
  bool wide_targets = false;  // targets stored as uint64 (vertices > 2^32), else uint32
};

enum class graph_dataset { external_id, out_offsets, out_targets, out_weights, in_offsets, in_targets, in_weights };

// True when the file begins with the HDF5 signature.
[[nodiscard]] bool is_hdf5_file(const std::string& path);

class graph_file_writer {
 public:
  // Collective. Creates every dataset the header calls for in a temporary file beside `path`.
  graph_file_writer(const communicator& comm, std::string path, const graph_file_header& header);
  ~graph_file_writer();  // a file never committed is removed
  graph_file_writer(const graph_file_writer&) = delete;
  graph_file_writer& operator=(const graph_file_writer&) = delete;

  // Collective: each rank writes its slice [first, first + values.size()) (possibly empty).
  void write(graph_dataset d, std::uint64_t first, std::span<const std::uint64_t> values);
  void write(graph_dataset d, std::uint64_t first, std::span<const std::uint32_t> values);
  void write(graph_dataset d, std::uint64_t first, std::span<const double> values);
  // Collective: closes the file and gives it its name.
  void commit();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

class graph_file_reader {
 public:
  // Collective. Throws input_error(path, 0, ...) unless the file is an eddy graph file whose
  // datasets have the sizes its attributes promise.
  graph_file_reader(const communicator& comm, std::string path);
  ~graph_file_reader();
  graph_file_reader(const graph_file_reader&) = delete;
  graph_file_reader& operator=(const graph_file_reader&) = delete;

  [[nodiscard]] const graph_file_header& header() const noexcept;
  [[nodiscard]] const std::string& path() const noexcept;

  // Collective: each rank reads its slice [first, first + out.size()) (possibly empty).
  void read(graph_dataset d, std::uint64_t first, std::span<std::uint64_t> out);
  void read(graph_dataset d, std::uint64_t first, std::span<std::uint32_t> out);
  void read(graph_dataset d, std::uint64_t first, std::span<double> out);
  // One element, by this rank alone.
  [[nodiscard]] std::uint64_t read_one(graph_dataset d, std::uint64_t index);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace eddy::io
