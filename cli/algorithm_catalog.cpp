#include "algorithm_catalog.hpp"

#include <charconv>

#include "eddy/algorithms/bfs.hpp"
#include "eddy/algorithms/cdlp.hpp"
#include "eddy/algorithms/lcc.hpp"
#include "eddy/algorithms/pagerank.hpp"
#include "eddy/algorithms/sssp.hpp"
#include "eddy/algorithms/triangle_count.hpp"
#include "eddy/algorithms/wcc.hpp"
#include "eddy/runtime/error.hpp"

namespace eddy::cli {
namespace {

using ldbc_info = std::optional<io::ldbc_dataset>;

// Shortest text that reads back as the same double: 0.85, not 0.84999999999999998.
std::string number(double x) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, x).ptr;
  return {text, end};
}

// bfs and sssp: --source, else the LDBC dataset's.
vertex_id source_of(const run_settings& s, std::optional<std::uint64_t> from_dataset) {
  const auto source = s.source ? s.source : from_dataset;
  if (!source) throw usage_error(s.algorithm + " needs --source");
  return *source;
}

algorithm_job pagerank_job(const run_settings& s, const ldbc_info& ldbc) {
  algorithms::pagerank_params p;
  p.damping = s.damping.value_or(ldbc && ldbc->pr_damping ? *ldbc->pr_damping : 0.85);
  p.tolerance = s.tolerance;
  const std::uint64_t fixed = ldbc && ldbc->pr_iterations ? static_cast<std::uint64_t>(*ldbc->pr_iterations) : 20;
  p.iterations = s.iterations.value_or(s.tolerance > 0 ? 10000 : fixed);
  return {R"({"damping": )" + number(p.damping) + R"(, "iterations": )" + std::to_string(p.iterations) +
              R"(, "tolerance": )" + number(p.tolerance) + "}",
          [p](const distributed_graph& g, const algorithms::run_options& o) {
            return values_of(algorithms::pagerank(g, p, o));
          }};
}

algorithm_job bfs_job(const run_settings& s, const ldbc_info& ldbc) {
  const vertex_id source = source_of(s, ldbc ? ldbc->bfs_source : std::nullopt);
  return {R"({"source": )" + std::to_string(source) + "}",
          [source](const distributed_graph& g, const algorithms::run_options& o) {
            return values_of(algorithms::bfs(g, source, o));
          }};
}

algorithm_job sssp_job(const run_settings& s, const ldbc_info& ldbc) {
  const vertex_id source = source_of(s, ldbc ? ldbc->sssp_source : std::nullopt);
  return {R"({"source": )" + std::to_string(source) + "}",
          [source](const distributed_graph& g, const algorithms::run_options& o) {
            return values_of(algorithms::sssp(g, source, o));
          }};
}

algorithm_job cdlp_job(const run_settings& s, const ldbc_info& ldbc) {
  const std::uint64_t fixed = ldbc && ldbc->cdlp_iterations ? static_cast<std::uint64_t>(*ldbc->cdlp_iterations) : 10;
  const std::uint64_t iterations = s.iterations.value_or(fixed);
  return {R"({"iterations": )" + std::to_string(iterations) + "}",
          [iterations](const distributed_graph& g, const algorithms::run_options& o) {
            return values_of(algorithms::cdlp(g, iterations, o));
          }};
}

// An algorithm without parameters.
template <auto Run>
algorithm_job plain_job(const run_settings&, const ldbc_info&) {
  return {"{}", [](const distributed_graph& g, const algorithms::run_options& o) { return values_of(Run(g, o)); }};
}

}  // namespace

const std::vector<algorithm_entry>& algorithm_catalog() {
  static const std::vector<algorithm_entry> entries = {
      {"bfs", "breadth-first search depth from --source (LDBC)", false, true, bfs_job},
      {"pagerank", "PageRank, LDBC formula: sinks spread their rank evenly (--damping, --iterations, --tolerance)",
       false, true, pagerank_job},
      {"wcc", "weakly connected components: the smallest vertex id of each (LDBC)", false, true,
       plain_job<algorithms::wcc>},
      {"cdlp", "community detection by label propagation (LDBC, --iterations)", false, true, cdlp_job},
      {"lcc", "local clustering coefficient (LDBC)", false, false, plain_job<algorithms::lcc>},
      {"sssp", "single-source shortest path lengths from --source over weights (LDBC)", true, true, sssp_job},
      {"tc", "triangles through each vertex", false, false, plain_job<algorithms::triangle_count>},
  };
  return entries;
}

const algorithm_entry& find_algorithm(const std::string& name) {
  std::string known;
  for (const auto& entry : algorithm_catalog()) {
    if (entry.name == name) return entry;
    known += (known.empty() ? "" : ", ") + entry.name;
  }
  throw usage_error("no algorithm '" + name + "' (known: " + known + ")");
}

}  // namespace eddy::cli
