#include "run_command.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <unistd.h>
#include <variant>

#include "eddy/algorithms/bfs.hpp"
#include "eddy/algorithms/cdlp.hpp"
#include "eddy/algorithms/lcc.hpp"
#include "eddy/algorithms/pagerank.hpp"
#include "eddy/algorithms/sssp.hpp"
#include "eddy/algorithms/triangle_count.hpp"
#include "eddy/algorithms/wcc.hpp"
#include "eddy/graph/graph_loader.hpp"
#include "eddy/graph/vertex_checkpoints.hpp"
#include "eddy/io/graph_file.hpp"
#include "eddy/io/vertex_value_writer.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/threads.hpp"
#include "metrics_report.hpp"
#include "progress.hpp"
#include "top_values.hpp"

namespace eddy::cli {

CLI::App* add_run_command(CLI::App& app, run_settings& s) {
  auto* run = app.add_subcommand("run", "Run one graph algorithm and write one 'vertex value' line per vertex");
  run->add_option("algorithm", s.algorithm,
                  "bfs | pagerank | wcc | cdlp | lcc | sssp (LDBC Graphalytics semantics) | tc (triangles per "
                  "vertex); see docs/ALGORITHMS.md")
      ->required()
      ->check(CLI::IsMember({"bfs", "pagerank", "wcc", "cdlp", "lcc", "sssp", "tc"}));
  add_graph_input_options(*run, s.input, "Read the third column as a non-negative weight (implied by sssp)");
  run->add_option("--source", s.source, "Source vertex id for bfs and sssp (LDBC: from the properties file)");
  run->add_option("--iterations", s.iterations, "Iterations for pagerank (default 20) and cdlp (default 10)");
  run->add_option("--damping", s.damping, "PageRank damping factor (default 0.85)")->check(CLI::Range(0.0, 1.0));
  run->add_option("--tolerance", s.tolerance,
                  "PageRank: iterate until the L1 change of an iteration is below this (0: fixed iterations)")
      ->check(CLI::NonNegativeNumber);
  run->add_option("--output", s.output, "Result file (default: standard output); written only on success");
  run->add_option("--top", s.top, "Print only the K vertices with the largest values, largest first");
  run->add_option("--partition", s.partition, "Vertex partitioning: chunk (edge-balanced ranges) or hash")
      ->check(CLI::IsMember({"chunk", "hash"}));
  run->add_option("--threads", s.threads, "Threads per rank (default: all cores available to the rank)");
  run->add_option("--metrics", s.metrics, "Write run metrics as JSON to this file");
  run->add_option("--trials", s.trials,
                  "Run the algorithm this many times on the loaded graph and report the median time "
                  "(benchmarking; the output is written once)")
      ->check(CLI::PositiveNumber);
  run->add_flag("--verbose", s.verbose, "Print per-superstep metrics to standard error");
  add_checkpoint_options(*run, s.checkpoint, "supersteps");
  return run;
}

namespace {

using clock_type = std::chrono::steady_clock;
double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
}

struct parameters {
  vertex_id source = 0;
  algorithms::pagerank_params pagerank;
  std::uint64_t cdlp_iterations = 10;
};

parameters resolve(const run_settings& s, const std::optional<io::ldbc_dataset>& ldbc) {
  parameters p;
  if (s.algorithm == "bfs" || s.algorithm == "sssp") {
    auto source = s.source;
    if (!source && ldbc) source = s.algorithm == "bfs" ? ldbc->bfs_source : ldbc->sssp_source;
    if (!source) throw usage_error(s.algorithm + " needs --source");
    p.source = *source;
  }
  p.pagerank.damping = s.damping.value_or(ldbc && ldbc->pr_damping ? *ldbc->pr_damping : 0.85);
  p.pagerank.tolerance = s.tolerance;
  const std::uint64_t default_pr = s.tolerance > 0 ? 10000 : (ldbc && ldbc->pr_iterations ? *ldbc->pr_iterations : 20);
  p.pagerank.iterations = s.iterations.value_or(default_pr);
  p.cdlp_iterations = s.iterations.value_or(ldbc && ldbc->cdlp_iterations ? *ldbc->cdlp_iterations : 10);
  return p;
}

using any_result = std::variant<algorithms::vertex_result<std::int64_t>, algorithms::vertex_result<double>,
                                algorithms::vertex_result<vertex_id>>;

any_result run_algorithm(const distributed_graph& g, const run_settings& s, const parameters& p,
                         const algorithms::run_options& options) {
  if (s.algorithm == "bfs") return algorithms::bfs(g, p.source, options);
  if (s.algorithm == "sssp") return algorithms::sssp(g, p.source, options);
  if (s.algorithm == "pagerank") return algorithms::pagerank(g, p.pagerank, options);
  if (s.algorithm == "wcc") return algorithms::wcc(g, options);
  if (s.algorithm == "cdlp") return algorithms::cdlp(g, p.cdlp_iterations, options);
  if (s.algorithm == "tc") return algorithms::triangle_count(g, options);
  return algorithms::lcc(g, options);
}

// What a checkpoint's result depends on besides the graph: a run resumes only from its own.
std::string parameters_json(const run_settings& s, const parameters& p) {
  // Shortest text that reads back as the same double: 0.85, not 0.84999999999999998.
  const auto number = [](double x) {
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, x).ptr;
    return std::string(text, end);
  };
  const auto whole = [](std::uint64_t x) { return std::to_string(x); };
  if (s.algorithm == "pagerank") {
    return R"({"damping": )" + number(p.pagerank.damping) + R"(, "iterations": )" + whole(p.pagerank.iterations) +
           R"(, "tolerance": )" + number(p.pagerank.tolerance) + "}";
  }
  if (s.algorithm == "bfs" || s.algorithm == "sssp") return R"({"source": )" + whole(p.source) + "}";
  if (s.algorithm == "cdlp") return R"({"iterations": )" + whole(p.cdlp_iterations) + "}";
  return "{}";
}

// Fails fast, before loading and computing, when a file the run will write cannot be created.
void check_writable(const communicator& comm, const std::string& path) {
  if (path.empty()) return;
  bool ok = true;
  if (comm.rank() == 0) {
    const auto parent = std::filesystem::absolute(path).parent_path();
    ok = ::access(parent.c_str(), W_OK) == 0;
  }
  agree_that(comm, comm.all_reduce(static_cast<int>(ok), reduce_op::min) == 1,
             path + ": cannot write here (no such directory, or no permission)", exit_code::usage);
}

void run_in_arena(const communicator& comm, const run_settings& s) {
  const progress log(comm, s.verbose);
  check_writable(comm, s.output);
  check_writable(comm, s.metrics);
  if (s.checkpoint.enabled()) {
    if (s.algorithm == "lcc" || s.algorithm == "tc") {
      throw usage_error(s.algorithm + " runs in one pass, without supersteps to checkpoint; drop --checkpoint-dir");
    }
    if (s.trials > 1) throw usage_error("--trials and --checkpoint-dir do not go together");
    agree(comm, [&] {
      if (comm.rank() == 0) checkpoint_directory(s.checkpoint.dir).prepare();
    });
    install_stop_handlers();  // before the long work, so a signal during loading is not lost
  }

  load_request request = make_load_request(comm, s.input);
  request.weighted = request.weighted || s.algorithm == "sssp";
  request.partition = s.partition;

  log.note("loading " + s.input.graph + " on " + std::to_string(comm.size()) + " rank(s)");
  const auto load_start = clock_type::now();
  auto loaded = load_graph(comm, request);
  const double load_seconds = seconds_since(load_start);
  const auto& g = loaded.graph;
  char line[256];
  std::snprintf(line, sizeof line, "loaded %llu vertices, %llu edges (%s) in %.3f s",
                static_cast<unsigned long long>(g.global_vertices()), static_cast<unsigned long long>(g.global_edges()),
                g.directed() ? "directed" : "undirected", load_seconds);
  log.note(line);
  const auto load = measure_load(comm, g, load_seconds);
  if (log.verbose()) log.note(describe(load));

  parameters params;
  agree(comm, [&] { params = resolve(s, loaded.ldbc); });
  algorithms::run_options options;
  // Every superstep with --verbose; otherwise a line at most every two seconds, so long runs show
  // they are alive without flooding the log.
  auto last_note = clock_type::now();
  options.on_superstep = [&log, &last_note](const superstep_metrics& m) {
    const bool due = seconds_since(last_note) >= 2.0;
    if (!log.verbose() && !due) return;
    last_note = clock_type::now();
    char text[256];
    std::snprintf(text, sizeof text, "superstep %llu: %llu active, %llu messages, %llu bytes, %.4f s",
                  static_cast<unsigned long long>(m.superstep), static_cast<unsigned long long>(m.active),
                  static_cast<unsigned long long>(m.messages), static_cast<unsigned long long>(m.bytes), m.seconds);
    log.note(text);
  };
  std::optional<vertex_checkpoints> checkpoints;
  if (s.checkpoint.enabled()) {
    checkpoint_settings c{s.checkpoint.dir, s.checkpoint.every, s.checkpoint.keep, s.checkpoint.resume,
                          s.algorithm, parameters_json(s, params), [&log](const std::string& text) { log.note(text); },
                          io::is_hdf5_file(s.input.graph) ? s.input.graph : std::string()};
    checkpoints.emplace(g, std::move(c));
    options.checkpoints = &*checkpoints;
  }
  std::vector<double> trial_seconds;
  std::optional<decltype(run_algorithm(g, s, params, options))> result;
  for (unsigned trial = 0; trial < s.trials; ++trial) {
    const auto algorithm_start = clock_type::now();
    result = run_algorithm(g, s, params, options);
    trial_seconds.push_back(seconds_since(algorithm_start));
    if (s.trials > 1) {
      std::snprintf(line, sizeof line, "trial %u of %u: %.4f s", trial + 1, s.trials, trial_seconds.back());
      log.note(line);
    }
  }
  const double algorithm_seconds = median(trial_seconds);
  const bool stopped = std::visit([](const auto& r) { return r.metrics.stopped; }, *result);
  agree_that(comm, !stopped, "stopped on request after a checkpoint; run again with --resume to continue",
             exit_code::stopped);

  run_report report{s.algorithm, comm.size(), current_threads(), g.global_vertices(), g.global_edges(),
                    load_seconds, algorithm_seconds, trial_seconds, {}, load};
  if (checkpoints) {
    report.checkpoints_written = checkpoints->written();
    report.checkpoint_write_seconds = checkpoints->write_seconds();
    report.checkpoint_restore_seconds = checkpoints->restore_seconds();
  }
  std::visit(
      [&](auto& r) {
        std::snprintf(line, sizeof line, "%s finished: %zu supersteps in %.3f s", s.algorithm.c_str(),
                      r.metrics.supersteps.size(), algorithm_seconds);
        log.note(line);
        using value_t = typename std::decay_t<decltype(r.values)>::value_type;
        if (s.top) {
          print_top_values<value_t>(comm, g.external_ids(), r.values, *s.top);
        } else {
          io::write_vertex_values<value_t>(comm, g.external_ids(), r.values, g.ids_ordered_by_rank(), s.output);
        }
        report.metrics = std::move(r.metrics);
      },
      *result);
  if (!s.metrics.empty()) write_metrics(comm, report, s.metrics);
}

}  // namespace

void execute_run(const communicator& comm, const run_settings& s) {
  with_threads(s.threads, [&] { run_in_arena(comm, s); });
}

}  // namespace eddy::cli
