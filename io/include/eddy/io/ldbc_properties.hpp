#pragma once
// The LDBC Graphalytics description of a data set: DIR/NAME.properties, which names the vertex
// and edge files and the per-algorithm parameters of the official benchmark runs.
#include <cstdint>
#include <optional>
#include <string>

namespace eddy::io {

struct ldbc_dataset {
  std::string name;         // NAME
  std::string vertex_file;  // resolved path DIR/...
  std::string edge_file;    // resolved path
  bool directed = true;
  bool weighted = false;    // edge-properties.names lists "weight"
  std::optional<std::uint64_t> bfs_source, sssp_source;
  std::optional<double> pr_damping;
  std::optional<int> pr_iterations, cdlp_iterations;
};

// prefix is DIR/NAME; reads DIR/NAME.properties. Throws eddy::input_error for a missing file
// (line 0) and for malformed values (with their line number).
ldbc_dataset read_ldbc_properties(const std::string& prefix);

// true when path + ".properties" exists.
bool is_ldbc_prefix(const std::string& path);

}  // namespace eddy::io
