#include "run_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <unistd.h>

#include "algorithm_catalog.hpp"
#include "eddy/graph/graph_loader.hpp"
#include "eddy/graph/vertex_checkpoints.hpp"
#include "eddy/io/graph_file.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/threads.hpp"
#include "metrics_report.hpp"
#include "progress.hpp"

namespace eddy::cli {

CLI::App* add_run_command(CLI::App& app, run_settings& s) {
  auto* run = app.add_subcommand("run", "Run one graph algorithm and write one 'vertex value' line per vertex");
  std::string described = "The algorithm (docs/ALGORITHMS.md):";
  std::vector<std::string> names;
  for (const auto& entry : algorithm_catalog()) {
    described += "\n  " + entry.name + ": " + entry.summary;
    names.push_back(entry.name);
  }
  run->add_option("algorithm", s.algorithm, described)->required()->check(CLI::IsMember(names));
  add_graph_input_options(*run, s.input, "Read the third column as a non-negative weight (implied by sssp)");
  // Which algorithm reads which of these: the catalog's entries (a misplaced one is refused).
  const auto specific = [&s](CLI::Option* option) {
    const std::string name = option->get_name();
    option->each([&s, name](const std::string&) { s.given.push_back(name); });
  };
  specific(run->add_option("--source", s.source,
                           "Source vertex id for bfs, sssp and ppr (LDBC: from the properties file)"));
  specific(run->add_option("--iterations", s.iterations,
                           "Iterations: pagerank, ppr, hits, label-propagation, community (default 20), cdlp (10)"));
  specific(run->add_option("--damping", s.damping, "PageRank damping factor (default 0.85)")->check(CLI::Range(0.0, 1.0)));
  specific(run->add_option("--tolerance", s.tolerance,
                           "pagerank, ppr, hits: iterate until the L1 change of an iteration is below this "
                           "(0: fixed iterations)")
               ->check(CLI::NonNegativeNumber));
  specific(run->add_option("--variant", s.variant, "clustering: undirected | directed; degrees: total | in | out; triangles: count | list"));
  specific(run->add_option("--min-score", s.min_score, "jaccard, adamic-adar: drop pairs scoring below this"));
  specific(run->add_option("--delta", s.delta, "community: hop attenuation (default 0.5)")->check(CLI::NonNegativeNumber));
  specific(run->add_option("--samples", s.samples, "betweenness: source vertices (default: all, exact)")
               ->check(CLI::PositiveNumber));
  specific(run->add_option("--seed", s.seed, "betweenness: which sources are sampled (default 0)"));
  specific(run->add_option("--group-by", s.group_by,
                           "summarize: group vertices by wcc (default), scc, kcore, label-propagation or degree"));
  run->add_option("--output", s.output, "Result file (default: standard output); written only on success");
  run->add_option("--top", s.top,
                  "Print only the K rows with the largest values, largest first (jaccard, adamic-adar: keep the K "
                  "best pairs of each vertex)");
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
  const algorithm_entry& entry = find_algorithm(s.algorithm);
  // Inside agree, although every rank decides alike: an error thrown outside it is taken for one
  // rank's own, which each rank would print before the job is aborted.
  agree(comm, [&] {
    for (const auto& option : s.given) {
      if (std::find(entry.options.begin(), entry.options.end(), option) == entry.options.end()) {
        throw usage_error(option + " does not apply to " + s.algorithm);
      }
    }
    if (s.checkpoint.enabled() && !entry.supersteps) {
      throw usage_error(s.algorithm + " runs in one pass, without supersteps to checkpoint; drop --checkpoint-dir");
    }
    if (s.checkpoint.enabled() && s.trials > 1) throw usage_error("--trials and --checkpoint-dir do not go together");
  });
  if (s.checkpoint.enabled()) {
    agree(comm, [&] {
      if (comm.rank() == 0) checkpoint_directory(s.checkpoint.dir).prepare();
    });
    install_stop_handlers();  // before the long work, so a signal during loading is not lost
  }

  load_request request = make_load_request(comm, s.input);
  request.weighted = request.weighted || entry.weighted;
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

  algorithm_job job;
  agree(comm, [&] { job = entry.prepare(s, loaded.ldbc); });
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
                          s.algorithm, job.parameters, [&log](const std::string& text) { log.note(text); },
                          io::is_hdf5_file(s.input.graph) ? s.input.graph : std::string()};
    checkpoints.emplace(g, std::move(c));
    options.checkpoints = &*checkpoints;
  }
  std::vector<double> trial_seconds;
  std::unique_ptr<algorithm_result> result;
  for (unsigned trial = 0; trial < s.trials; ++trial) {
    const auto algorithm_start = clock_type::now();
    result = job.run(g, options);
    trial_seconds.push_back(seconds_since(algorithm_start));
    if (s.trials > 1) {
      std::snprintf(line, sizeof line, "trial %u of %u: %.4f s", trial + 1, s.trials, trial_seconds.back());
      log.note(line);
    }
  }
  const double algorithm_seconds = median(trial_seconds);
  agree_that(comm, !result->metrics().stopped, "stopped on request after a checkpoint; run again with --resume to continue",
             exit_code::stopped);

  run_report report{s.algorithm, comm.size(), current_threads(), g.global_vertices(), g.global_edges(),
                    load_seconds, algorithm_seconds, trial_seconds, {}, load};
  if (checkpoints) {
    report.checkpoints_written = checkpoints->written();
    report.checkpoint_write_seconds = checkpoints->write_seconds();
    report.checkpoint_restore_seconds = checkpoints->restore_seconds();
  }
  std::snprintf(line, sizeof line, "%s finished: %zu supersteps in %.3f s", s.algorithm.c_str(),
                result->metrics().supersteps.size(), algorithm_seconds);
  log.note(line);
  if (!result->summary().empty()) log.note(result->summary());
  if (s.top && !entry.top_per_vertex) {
    result->print_top(g, *s.top);
  } else {
    result->write(g, s.output);
  }
  report.metrics = std::move(result->metrics());
  if (!s.metrics.empty()) write_metrics(comm, report, s.metrics);
}

}  // namespace

void execute_run(const communicator& comm, const run_settings& s) {
  with_threads(s.threads, [&] { run_in_arena(comm, s); });
}

}  // namespace eddy::cli
