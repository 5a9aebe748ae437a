#pragma once
// What the Boost.Graph baselines share: the command line, reading the same input eddy reads (with
// eddy's own readers and generator, so both see the same edges), mapping arbitrary 64-bit vertex
// ids to dense indices, the result file and the one-line JSON report.
#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "eddy/io/edge_record.hpp"

namespace eddy::bench {

struct baseline_options {
  std::string graph;      // edge list (plain or .gz) or gen:kronecker:...
  std::string algorithm;  // pagerank | bfs | cc | sssp | lcc ("wcc" is read as cc)
  bool undirected = false;
  std::optional<std::uint64_t> source;  // external id, for bfs and sssp
  unsigned iterations = 20;
  double damping = 0.85;
  std::string output;  // "vertex value" lines sorted by external id; empty: none
};

// Returns the exit code when the program should stop now (--help, or a usage error already
// printed when `speak`), otherwise nullopt. `algorithms` lists the values --algorithm accepts.
std::optional<int> parse_command_line(int argc, char** argv, const std::string& name,
                                      const std::vector<std::string>& algorithms, baseline_options& options,
                                      bool speak = true);

// The edges of part `part` of `parts` of a graph spec, read as eddy reads it. sssp needs weights
// (a third column); generated graphs always carry them.
std::vector<io::edge_record> load_edges(const std::string& spec, int part, int parts, bool weighted);

// Sorted distinct endpoints of the edges: eddy's vertex set for an edge list.
std::vector<std::uint64_t> endpoint_ids(const std::vector<io::edge_record>& edges);

// Sorted distinct external ids <-> dense indices 0..n-1 in id order (eddy's global order too).
class dense_ids {
 public:
  explicit dense_ids(std::vector<std::uint64_t> sorted_ids);
  [[nodiscard]] std::uint64_t size() const { return ids_.size(); }
  [[nodiscard]] const std::vector<std::uint64_t>& ids() const { return ids_; }
  // Throws when `id` is not a vertex.
  [[nodiscard]] std::uint64_t index_of(std::uint64_t id) const;
  [[nodiscard]] std::optional<std::uint64_t> find(std::uint64_t id) const;

 private:
  std::vector<std::uint64_t> ids_;
  // When ids are small (generated graphs, most files), a direct table replaces the binary search,
  // which otherwise dominates loading a 10^8-edge graph.
  std::vector<std::uint32_t> table_;
};

// Calls f(src, dst, weight) in dense indices for every stored arc. With both_directions an edge
// becomes two arcs, a self-loop one (as eddy stores undirected edges).
template <class F>
void for_each_arc(const std::vector<io::edge_record>& edges, const dense_ids& ids, bool both_directions, F&& f) {
  for (const auto& e : edges) {
    const auto s = ids.index_of(e.src);
    const auto d = ids.index_of(e.dst);
    f(s, d, e.weight);
    if (both_directions && s != d) f(d, s, e.weight);
  }
}

struct arc {
  std::uint64_t src;
  std::uint64_t dst;
  double weight;
};
std::vector<arc> to_arcs(const std::vector<io::edge_record>& edges, const dense_ids& ids, bool both_directions);

// Result values in eddy's format (LDBC conventions): integers as they are, doubles with 15
// significant digits, +inf as "infinity".
void write_value(std::FILE* f, std::int64_t value);
void write_value(std::FILE* f, double value);

template <class T>
void write_values(const std::string& path, const std::vector<std::uint64_t>& ids, const std::vector<T>& values) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) throw std::runtime_error(path + ": cannot write");
  for (std::size_t i = 0; i < ids.size(); ++i) {
    std::fprintf(f, "%llu ", static_cast<unsigned long long>(ids[i]));
    write_value(f, values[i]);
    std::fputc('\n', f);
  }
  if (std::fclose(f) != 0) throw std::runtime_error(path + ": write failed");
}

struct run_report {
  std::string baseline;
  std::string algorithm;
  int ranks = 1;
  std::uint64_t vertices = 0;
  std::uint64_t arcs = 0;
  double algorithm_seconds = 0;
  std::uint64_t peak_rss_bytes = 0;
  std::optional<std::uint64_t> source;   // external id
  std::optional<std::uint64_t> reached;  // bfs/sssp: vertices with a finite value
  std::optional<std::uint64_t> components;
};

// One JSON line on standard output.
void print_report(const run_report& report);

}  // namespace eddy::bench
