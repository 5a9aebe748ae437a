// Fuzzes the reading of an LDBC Graphalytics data set (DIR/g.properties, g.v, g.e) as loading
// does it: the properties parser, then the vertex and edge files it names, and for an edge naming
// an undeclared vertex the error path that finds that edge's line.
//
// An input holds the three files separated by NUL bytes (text files never contain one):
// PROPERTIES \0 VERTICES \0 EDGES. A file whose part is missing is not written, so missing files
// are explored too.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "eddy/io/edge_list_reader.hpp"
#include "eddy/io/ldbc_properties.hpp"
#include "fuzz_support.hpp"

namespace {

// Only files of this input: a mutated properties file may name any path on the machine.
bool inside_scratch_dir(const std::string& path) {
  return std::filesystem::path(path).parent_path() == std::filesystem::path(eddy::fuzz::scratch_dir());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  eddy::fuzz::start(argc, argv);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  while (parts.size() < 3) {
    const std::size_t nul = rest.find('\0');
    parts.push_back(rest.substr(0, nul));
    if (nul == std::string_view::npos) break;
    rest.remove_prefix(nul + 1);
  }
  const char* names[3] = {"g.properties", "g.v", "g.e"};
  for (std::size_t i = 0; i < 3; ++i) {
    std::error_code ignored;
    std::filesystem::remove(eddy::fuzz::scratch_dir() + "/" + names[i], ignored);
    if (i < parts.size()) eddy::fuzz::write_file(names[i], parts[i]);
  }

  const std::string prefix = eddy::fuzz::scratch_dir() + "/g";
  eddy::io::ldbc_dataset dataset;
  if (eddy::fuzz::rejected([&] { dataset = eddy::io::read_ldbc_properties(prefix); })) return 0;
  if (!inside_scratch_dir(dataset.vertex_file) || !inside_scratch_dir(dataset.edge_file)) return 0;

  std::vector<std::uint64_t> declared;
  eddy::io::edge_columns edges;
  if (eddy::fuzz::rejected([&] {
        declared = eddy::io::read_vertex_list(dataset.vertex_file, 0, 1);
        // Weights are read when the data set lists them, as an algorithm on weights (sssp) asks.
        edges = eddy::io::read_edge_columns(dataset.edge_file, 0, 1, eddy::io::edge_list_options{dataset.weighted});
      })) {
    return 0;
  }
  const std::unordered_set<std::uint64_t> known(declared.begin(), declared.end());
  for (std::size_t i = 0; i < edges.size(); ++i) {
    for (const std::uint64_t id : {edges.src[i], edges.dst[i]}) {
      if (known.contains(id)) continue;
      const auto named = eddy::fuzz::rejected([&] { eddy::io::report_edge_naming(dataset.edge_file, id, "undeclared"); });
      if (!named || named->line == 0 || named->message != "undeclared") {
        eddy::fuzz::finding("no line named for the undeclared vertex " + std::to_string(id));
      }
      return 0;
    }
  }
  return 0;
}
