#include "algorithm_catalog.hpp"

#include <charconv>

#include "eddy/algorithms/betweenness.hpp"
#include "eddy/algorithms/bfs.hpp"
#include "eddy/algorithms/cdlp.hpp"
#include "eddy/algorithms/clustering.hpp"
#include "eddy/algorithms/community_detection.hpp"
#include "eddy/algorithms/degrees.hpp"
#include "eddy/algorithms/hits.hpp"
#include "eddy/algorithms/kcore.hpp"
#include "eddy/algorithms/label_propagation.hpp"
#include "eddy/algorithms/lcc.hpp"
#include "eddy/algorithms/pagerank.hpp"
#include "eddy/algorithms/personalized_pagerank.hpp"
#include "eddy/algorithms/scc.hpp"
#include "eddy/algorithms/sssp.hpp"
#include "eddy/algorithms/summarization.hpp"
#include "eddy/algorithms/triangle_count.hpp"
#include "eddy/algorithms/triangle_listing.hpp"
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

algorithms::pagerank_params pagerank_params_of(const run_settings& s, const ldbc_info& ldbc) {
  algorithms::pagerank_params p;
  p.damping = s.damping.value_or(ldbc && ldbc->pr_damping ? *ldbc->pr_damping : 0.85);
  p.tolerance = s.tolerance;
  const std::uint64_t fixed = ldbc && ldbc->pr_iterations ? static_cast<std::uint64_t>(*ldbc->pr_iterations) : 20;
  p.iterations = s.iterations.value_or(s.tolerance > 0 ? 10000 : fixed);
  return p;
}

algorithm_job pagerank_job(const run_settings& s, const ldbc_info& ldbc) {
  const auto p = pagerank_params_of(s, ldbc);
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

algorithm_job ppr_job(const run_settings& s, const ldbc_info& ldbc) {
  const vertex_id source = source_of(s, std::nullopt);
  auto job = pagerank_job(s, ldbc);
  const algorithms::pagerank_params p = pagerank_params_of(s, ldbc);
  job.parameters.insert(1, R"("source": )" + std::to_string(source) + ", ");
  job.run = [p, source](const distributed_graph& g, const algorithms::run_options& o) {
    return values_of(algorithms::personalized_pagerank(g, source, p, o));
  };
  return job;
}

algorithm_job hits_job(const run_settings& s, const ldbc_info&) {
  algorithms::hits_params p;
  p.tolerance = s.tolerance;
  p.iterations = s.iterations.value_or(s.tolerance > 0 ? 10000 : 20);
  return {R"({"iterations": )" + std::to_string(p.iterations) + R"(, "tolerance": )" + number(p.tolerance) + "}",
          [p](const distributed_graph& g, const algorithms::run_options& o) {
            auto r = algorithms::hits(g, p, o);
            algorithms::vertex_result<std::array<double, 2>> columns{{}, std::move(r.metrics)};
            columns.values.reserve(r.values.size());
            for (const auto& v : r.values) columns.values.push_back({v.hub, v.authority});
            return values_of(std::move(columns));
          }};
}

algorithm_job label_propagation_job(const run_settings& s, const ldbc_info&) {
  const std::uint64_t iterations = s.iterations.value_or(20);
  return {R"({"iterations": )" + std::to_string(iterations) + "}",
          [iterations](const distributed_graph& g, const algorithms::run_options& o) {
            return values_of(algorithms::label_propagation(g, iterations, o));
          }};
}

algorithm_job community_job(const run_settings& s, const ldbc_info&) {
  algorithms::community_detection_params p;
  p.iterations = s.iterations.value_or(p.iterations);
  p.delta = s.delta.value_or(p.delta);
  return {R"({"iterations": )" + std::to_string(p.iterations) + R"(, "delta": )" + number(p.delta) + "}",
          [p](const distributed_graph& g, const algorithms::run_options& o) {
            return values_of(algorithms::community_detection(g, p, o));
          }};
}

algorithm_job triangles_job(const run_settings& s, const ldbc_info&) {
  const std::string variant = s.variant.empty() ? "count" : s.variant;
  if (variant != "count" && variant != "list") {
    throw usage_error("triangles: --variant is count or list, not '" + variant + "'");
  }
  if (variant == "list") {
    return {R"({"variant": "list"})", [](const distributed_graph& g, const algorithms::run_options& o) {
              auto r = algorithms::triangle_listing(g, o);
              const std::uint64_t total = g.comm().all_reduce(std::uint64_t{r.triangles.size()}, reduce_op::sum);
              auto result = triangles_of(std::move(r));
              result->set_summary("triangles: " + std::to_string(total));
              return result;
            }};
  }
  return {R"({"variant": "count"})", [](const distributed_graph& g, const algorithms::run_options& o) {
            auto r = algorithms::triangle_count(g, o);
            std::uint64_t corners = 0;  // each triangle is counted at its three vertices
            for (const auto t : r.values) corners += t;
            corners = g.comm().all_reduce(corners, reduce_op::sum);
            auto result = values_of(std::move(r));
            result->set_summary("triangles: " + std::to_string(corners / 3));
            return result;
          }};
}

algorithm_job clustering_job(const run_settings& s, const ldbc_info&) {
  const std::string variant = s.variant.empty() ? "undirected" : s.variant;
  if (variant != "undirected" && variant != "directed") {
    throw usage_error("clustering: --variant is undirected or directed, not '" + variant + "'");
  }
  const auto v = variant == "directed" ? algorithms::clustering_variant::directed : algorithms::clustering_variant::undirected;
  return {R"({"variant": ")" + variant + "\"}", [v](const distributed_graph& g, const algorithms::run_options& o) {
            auto r = algorithms::clustering(g, v, o);
            double sum = 0;
            for (const double c : r.values) sum += c;
            sum = g.comm().all_reduce(sum, reduce_op::sum);
            const auto n = static_cast<double>(g.global_vertices());
            // The average follows from the local values; the global coefficient (transitivity)
            // needs the triangle and triple totals, one more pass.
            const double global = algorithms::global_clustering(g);
            auto result = values_of(std::move(r));
            std::string summary = "clustering: average ";
            io::append_value(summary, n > 0 ? sum / n : 0.0);
            summary += " global ";
            io::append_value(summary, global);
            result->set_summary(std::move(summary));
            return result;
          }};
}

algorithm_job degrees_job(const run_settings& s, const ldbc_info&) {
  const std::string variant = s.variant.empty() ? "total" : s.variant;
  if (variant != "in" && variant != "out" && variant != "total") {
    throw usage_error("degrees: --variant is in, out or total, not '" + variant + "'");
  }
  return {R"({"variant": ")" + variant + "\"}", [variant](const distributed_graph& g, const algorithms::run_options& o) {
            auto r = algorithms::degrees(g, o);
            algorithms::vertex_result<std::uint64_t> one{{}, std::move(r.metrics)};
            one.values.reserve(r.values.size());
            for (const auto& d : r.values) one.values.push_back(variant == "in" ? d.in : variant == "out" ? d.out : d.total);
            return values_of(std::move(one));
          }};
}

template <auto Score>
algorithm_job similarity_job(const run_settings& s, const ldbc_info&) {
  algorithms::similarity_params p;
  p.min_score = s.min_score.value_or(0.0);
  p.top_k = s.top.value_or(0);
  return {R"({"min_score": )" + number(p.min_score) + R"(, "top": )" + std::to_string(p.top_k) + "}",
          [p](const distributed_graph& g, const algorithms::run_options& o) { return pairs_of(Score(g, p, o)); }};
}

algorithm_job betweenness_job(const run_settings& s, const ldbc_info&) {
  algorithms::betweenness_params p;
  p.samples = s.samples.value_or(p.samples);
  p.seed = s.seed.value_or(p.seed);
  return {R"({"samples": )" + std::to_string(p.samples) + R"(, "seed": )" + std::to_string(p.seed) + "}",
          [p](const distributed_graph& g, const algorithms::run_options& o) {
            return values_of(algorithms::betweenness(g, p, o));
          }};
}

// The integer vertex values summarize groups vertices by, computed first.
std::vector<std::uint64_t> grouping_values(const distributed_graph& g, const std::string& by) {
  if (by == "wcc") return algorithms::wcc(g).values;
  if (by == "scc") return algorithms::scc(g).values;
  if (by == "kcore") return algorithms::kcore(g).values;
  if (by == "label-propagation") return algorithms::label_propagation(g, 20).values;
  std::vector<std::uint64_t> total;
  for (const auto& d : algorithms::degrees(g).values) total.push_back(d.total);
  return total;
}

algorithm_job summarize_job(const run_settings& s, const ldbc_info&) {
  const std::string by = s.group_by.empty() ? "wcc" : s.group_by;
  if (by != "wcc" && by != "scc" && by != "kcore" && by != "label-propagation" && by != "degree") {
    throw usage_error("summarize: --group-by is wcc, scc, kcore, label-propagation or degree, not '" + by + "'");
  }
  return {R"({"group_by": ")" + by + "\"}", [by](const distributed_graph& g, const algorithms::run_options& o) {
            const auto values = grouping_values(g, by);
            return summary_of(algorithms::summarization(g, values, o));
          }};
}

algorithm_job census_job(const run_settings&, const ldbc_info&) {
  return {"{}", [](const distributed_graph& g, const algorithms::run_options& o) {
            return census_of(algorithms::triadic_census(g, o));
          }};
}

}  // namespace

const std::vector<algorithm_entry>& algorithm_catalog() {
  const std::vector<std::string> none;
  const std::vector<std::string> ranking = {"--damping", "--iterations", "--tolerance"};
  static const std::vector<algorithm_entry> entries = {
      {"bfs", "breadth-first search depth from --source (LDBC)", false, true, bfs_job, {"--source"}},
      {"pagerank", "PageRank, LDBC formula: sinks spread their rank evenly", false, true, pagerank_job, ranking},
      {"wcc", "weakly connected components: the smallest vertex id of each (LDBC)", false, true,
       plain_job<algorithms::wcc>, none},
      {"cdlp", "community detection by label propagation (LDBC)", false, true, cdlp_job, {"--iterations"}},
      {"lcc", "local clustering coefficient (LDBC)", false, false, plain_job<algorithms::lcc>, none},
      {"sssp", "single-source shortest path lengths from --source over weights (LDBC)", true, true, sssp_job,
       {"--source"}},
      {"tc", "triangles through each vertex (direction ignored)", false, false,
       plain_job<algorithms::triangle_count>, none},
      {"ppr", "personalized PageRank: restarts and sinks go to --source", false, false, ppr_job,
       {"--source", "--damping", "--iterations", "--tolerance"}},
      {"hits", "HITS: two columns, hub and authority, each scaled to L2 norm 1 (Gelly)", false, false, hits_job,
       {"--iterations", "--tolerance"}},
      {"scc", "strongly connected components: the smallest vertex id of each", false, false,
       plain_job<algorithms::scc>, none},
      {"label-propagation", "label propagation along out-edges, ties to the larger label (Gelly)", false, false,
       label_propagation_job, {"--iterations"}},
      {"community", "score-based community detection with hop attenuation --delta (Gelly; weights with --weighted)",
       false, false,
       community_job, {"--iterations", "--delta"}},
      {"triangles",
       "triangles through each vertex, direction ignored; the global count on standard error; --variant list: "
       "every triangle once as 'a b c' lines, a < b < c",
       false, false, triangles_job, {"--variant"}},
      {"clustering", "local clustering coefficient, --variant undirected (default) or directed (Fagiolo)", false,
       false, clustering_job, {"--variant"}},
      {"kcore", "core number of each vertex (direction ignored)", false, false, plain_job<algorithms::kcore>, none},
      {"degrees", "degree of each vertex, --variant total (default), in or out", false, false, degrees_job,
       {"--variant"}},
      {"jaccard", "Jaccard index of vertex pairs sharing a neighbour: 'u v score' lines", false, false,
       similarity_job<algorithms::jaccard>, {"--min-score"}, true},
      {"adamic-adar", "Adamic-Adar index of vertex pairs sharing a neighbour: 'u v score' lines", false, false,
       similarity_job<algorithms::adamic_adar>, {"--min-score"}, true},
      {"betweenness", "betweenness centrality (Brandes) from --samples sources chosen by --seed, scaled by |V|/samples",
       false, false, betweenness_job, {"--samples", "--seed"}},
      {"summarize", "graph summary (Gelly): vertices grouped by --group-by's value, edges by group pair and weight",
       false, false, summarize_job, {"--group-by"}},
      {"triadic-census", "how many vertex triples form each of the 16 triad types: 'TYPE count' lines", false,
       false, census_job, none},
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
