#include "baseline_common.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iostream>
#include <limits>
#include <sstream>

#include "eddy/graph/generators.hpp"
#include "eddy/io/edge_list_reader.hpp"

namespace eddy::bench {

std::optional<int> parse_command_line(int argc, char** argv, const std::string& name,
                                      const std::vector<std::string>& algorithms, baseline_options& o, bool speak) {
  CLI::App app{name + ": the same kernels as `eddy run`, computed by a Boost.Graph library, for comparison",
               name};
  app.add_option("--graph", o.graph, "Edge list (plain or .gz, directed unless --undirected) or gen:kronecker:...")
      ->required();
  std::string algorithm_list;
  for (const auto& a : algorithms) algorithm_list += (algorithm_list.empty() ? "" : " | ") + a;
  std::vector<std::string> accepted = algorithms;
  accepted.emplace_back("wcc");  // eddy's name for cc
  app.add_option("--algorithm", o.algorithm, algorithm_list)->required()->check(CLI::IsMember(accepted));
  app.add_flag("--undirected", o.undirected, "Store every edge in both directions (as eddy --undirected)");
  app.add_option("--source", o.source, "Source vertex (external id) for bfs and sssp");
  app.add_option("--iterations", o.iterations, "PageRank iterations (default 20)")->check(CLI::PositiveNumber);
  app.add_option("--damping", o.damping, "PageRank damping factor (default 0.85)")->check(CLI::Range(0.0, 1.0));
  app.add_option("--output", o.output, "Write 'vertex value' lines sorted by vertex id to this file");
  try {
    app.parse(argc, argv);
    if (o.algorithm == "wcc") o.algorithm = "cc";
    if ((o.algorithm == "bfs" || o.algorithm == "sssp") && !o.source) {
      throw CLI::ValidationError("--source", o.algorithm + " needs --source");
    }
  } catch (const CLI::ParseError& e) {
    std::ostringstream silent;
    const int code = speak ? app.exit(e) : app.exit(e, silent, silent);
    return code == 0 ? 0 : 2;
  }
  return std::nullopt;
}

std::vector<io::edge_record> load_edges(const std::string& spec, int part, int parts, bool weighted) {
  if (spec.starts_with("gen:")) return kronecker_edges(parse_generator_spec(spec.substr(4)), part, parts);
  return io::read_edge_list(spec, part, parts, io::edge_list_options{weighted});
}

std::vector<std::uint64_t> endpoint_ids(const std::vector<io::edge_record>& edges) {
  std::vector<std::uint64_t> ids;
  ids.reserve(2 * edges.size());
  for (const auto& e : edges) {
    ids.push_back(e.src);
    ids.push_back(e.dst);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

dense_ids::dense_ids(std::vector<std::uint64_t> sorted_ids) : ids_(std::move(sorted_ids)) {
  constexpr std::uint64_t none = std::numeric_limits<std::uint32_t>::max();
  if (ids_.empty() || ids_.size() >= none) return;
  const std::uint64_t span = ids_.back() + 1;
  if (ids_.back() >= std::uint64_t{1} << 40 || span > 4 * ids_.size() + (std::uint64_t{1} << 20)) return;
  table_.assign(span, static_cast<std::uint32_t>(none));
  for (std::uint64_t i = 0; i < ids_.size(); ++i) table_[ids_[i]] = static_cast<std::uint32_t>(i);
}

std::optional<std::uint64_t> dense_ids::find(std::uint64_t id) const {
  if (!table_.empty()) {
    if (id >= table_.size() || table_[id] == std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
    return table_[id];
  }
  const auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
  if (it == ids_.end() || *it != id) return std::nullopt;
  return static_cast<std::uint64_t>(it - ids_.begin());
}

std::uint64_t dense_ids::index_of(std::uint64_t id) const {
  const auto at = find(id);
  if (!at) throw std::runtime_error("vertex " + std::to_string(id) + " is not in the graph");
  return *at;
}

std::vector<arc> to_arcs(const std::vector<io::edge_record>& edges, const dense_ids& ids, bool both_directions) {
  std::vector<arc> arcs;
  arcs.reserve(both_directions ? 2 * edges.size() : edges.size());
  for_each_arc(edges, ids, both_directions,
               [&](std::uint64_t s, std::uint64_t d, double w) { arcs.push_back({s, d, w}); });
  return arcs;
}

void write_value(std::FILE* f, std::int64_t value) { std::fprintf(f, "%lld", static_cast<long long>(value)); }

void write_value(std::FILE* f, double value) {
  if (std::isinf(value)) {
    std::fputs(value > 0 ? "infinity" : "-infinity", f);
    return;
  }
  char text[64];
  const auto r = std::to_chars(text, text + sizeof text, value, std::chars_format::general, 15);
  std::fwrite(text, 1, static_cast<std::size_t>(r.ptr - text), f);
}

void print_report(const run_report& r) {
  nlohmann::ordered_json j = {{"baseline", r.baseline},
                      {"algorithm", r.algorithm},
                      {"ranks", r.ranks},
                      {"vertices", r.vertices},
                      {"arcs", r.arcs},
                      {"algorithm_seconds", r.algorithm_seconds},
                      {"peak_rss_bytes", r.peak_rss_bytes}};
  if (r.source) j["source"] = *r.source;
  if (r.reached) j["reached"] = *r.reached;
  if (r.components) j["components"] = *r.components;
  std::cout << j.dump() << std::endl;
}

}  // namespace eddy::bench
