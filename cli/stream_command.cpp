#include "stream_command.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <type_traits>
#include <variant>

#include "eddy/algorithms/incremental.hpp"
#include "eddy/graph/graph_loader.hpp"
#include "eddy/graph/stream_checkpoints.hpp"
#include "eddy/io/vertex_value_writer.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/fault_injection.hpp"
#include "eddy/runtime/threads.hpp"
#include "progress.hpp"
#include "stream_batches.hpp"
#include "stream_verify.hpp"
#include "top_values.hpp"

namespace eddy::cli {

CLI::App* add_stream_command(CLI::App& app, stream_settings& s) {
  auto* stream = app.add_subcommand(
      "stream", "Keep an algorithm's result current while a stream of edge updates changes the graph");
  stream->add_option("algorithm", s.algorithm, "pagerank | wcc | bfs | sssp | degree; see docs/ALGORITHMS.md")
      ->required()
      ->check(CLI::IsMember({"pagerank", "wcc", "bfs", "sssp", "degree"}));
  add_graph_input_options(*stream, s.input, "Read weights (the third column of the base graph; implied by sssp)", false);
  stream
      ->add_option("--updates", s.updates,
                   "Update stream: a file (replayed; .gz inflated), - for standard input, or tcp://HOST:PORT "
                   "(eddy listens there and reads one connection; port 0 picks a free port, printed on standard error)")
      ->required();
  stream->add_option("--updates-format", s.updates_format, "eddy (a/d/u lines) or snap-temporal (SRC DST TIME)")
      ->check(CLI::IsMember({"eddy", "snap-temporal"}));
  auto* batch = stream->add_option("--batch-size", s.batch_size, "Updates per batch (default 10000)")
                    ->check(CLI::PositiveNumber);
  auto* window = stream->add_option("--window", s.window,
                                    "Event time: keep only edges whose TIME lies in the last W time units");
  auto* slide = stream->add_option("--slide", s.slide, "Event time: the window advances by S; one batch per slide");
  window->needs(slide)->excludes(batch);
  slide->needs(window);
  stream->add_option("--max-out-of-orderness", s.max_out_of_orderness,
                     "Event time: updates may arrive up to D time units out of order (watermark = latest TIME - D)")
      ->needs(window)
      ->check(CLI::NonNegativeNumber);
  stream->add_option("--late-output", s.late_output, "Write updates that arrive after their window closed to FILE")
      ->needs(window);
  stream->add_option("--output-dir", s.output_dir,
                     "Directory for final.txt, batch-NNNNNN.txt and metrics.jsonl (one JSON line per batch)");
  stream->add_option("--emit", s.emit,
                     "final: DIR/final.txt at the end (standard output without --output-dir); every: also "
                     "DIR/batch-NNNNNN.txt after each batch; top:K: print the K largest values after each batch");
  stream->add_option("--source", s.source, "Source vertex id for bfs and sssp");
  stream->add_option("--tolerance", s.tolerance,
                     "PageRank: ranks stay within this L1 distance of the exact PageRank (default 1e-6)")
      ->check(CLI::PositiveNumber);
  stream->add_option("--damping", s.damping, "PageRank damping factor (default 0.85)")->check(CLI::Range(0.0, 1.0));
  stream->add_option("--verify-every", s.verify_every,
                     "Every K batches recompute from scratch, report the difference and fail if it breaks the contract");
  stream->add_option("--partition", s.partition, "Vertex partitioning of the base graph: chunk or hash")
      ->check(CLI::IsMember({"chunk", "hash"}));
  stream->add_option("--threads", s.threads, "Threads per rank (default: all cores available to the rank)");
  stream->add_flag("--verbose", s.verbose,
                   "Per batch also the time split between applying and repairing, and the graph's size");
  add_checkpoint_options(*stream, s.checkpoint, "batches");
  return stream;
}

namespace {

using clock_type = std::chrono::steady_clock;
double ms_since(clock_type::time_point t) { return std::chrono::duration<double, std::milli>(clock_type::now() - t).count(); }

struct emit_mode {
  bool every = false;
  std::size_t top = 0;  // > 0: print the top K after each batch
};

// Checks the options that need no data, so that a mistake fails before the graph is loaded.
emit_mode check_options(const stream_settings& s) {
  emit_mode mode;
  if (s.emit == "every") {
    mode.every = true;
  } else if (s.emit.rfind("top:", 0) == 0) {
    try {
      mode.top = std::stoul(s.emit.substr(4));
    } catch (const std::exception&) {
      mode.top = 0;
    }
    if (mode.top == 0) throw usage_error("--emit top:K needs a positive K, got '" + s.emit + "'");
  } else if (s.emit != "final") {
    throw usage_error("--emit must be final, every or top:K, got '" + s.emit + "'");
  }
  if (mode.every && s.output_dir.empty()) throw usage_error("--emit every needs --output-dir");
  if ((s.algorithm == "bfs" || s.algorithm == "sssp") && !s.source) throw usage_error(s.algorithm + " needs --source");
  if (s.window) {  // the window's constructor checks W, S and D
    const window_settings window{*s.window, *s.slide, s.max_out_of_orderness};
    (void)event_window<io::edge_update, batch_source::edge_traits>(window);
  }
  return mode;
}

// Rank 0 appends one JSON object per line, flushed at once so a watcher sees every batch.
class metrics_log {
 public:
  // A resumed stream appends to the lines of the batches before its checkpoint.
  metrics_log(const communicator& comm, const std::string& dir, bool append) {
    if (comm.rank() != 0 || dir.empty()) return;
    const auto path = (std::filesystem::path(dir) / "metrics.jsonl").string();
    file_ = std::fopen(path.c_str(), append ? "a" : "w");
    if (file_ == nullptr) throw usage_error(path + ": cannot write here");
  }
  ~metrics_log() {
    if (file_ != nullptr) std::fclose(file_);
  }
  metrics_log(const metrics_log&) = delete;
  metrics_log& operator=(const metrics_log&) = delete;
  void write(const nlohmann::json& line) {
    if (file_ == nullptr) return;
    const auto text = line.dump() + "\n";
    std::fwrite(text.data(), 1, text.size(), file_);
    std::fflush(file_);
  }

 private:
  std::FILE* file_ = nullptr;
};

verification verify(const dynamic_graph& g, const std::vector<double>& v, const verify_request& r) { return verify_double(g, v, r); }
verification verify(const dynamic_graph& g, const std::vector<std::int64_t>& v, const verify_request& r) { return verify_int(g, v, r); }
verification verify(const dynamic_graph& g, const std::vector<vertex_id>& v, const verify_request& r) { return verify_id(g, v, r); }

using any_algorithm = std::variant<std::unique_ptr<algorithms::incremental_algorithm<double>>,
                                   std::unique_ptr<algorithms::incremental_algorithm<std::int64_t>>,
                                   std::unique_ptr<algorithms::incremental_algorithm<vertex_id>>>;

struct stream_run {
  const communicator& comm;
  const stream_settings& s;
  const progress& log;
  dynamic_graph& g;
  batch_source& source;
  emit_mode emit;
  stream_checkpoints* checkpoints;  // null without --checkpoint-dir
  std::uint64_t first_batch;        // batches a resumed stream had done before

  std::string path(const std::string& file) const { return (std::filesystem::path(s.output_dir) / file).string(); }

  template <class T>
  void operator()(std::unique_ptr<algorithms::incremental_algorithm<T>>& algorithm) {
    std::unique_ptr<metrics_log> metrics;  // opened on rank 0, failing on every rank
    agree(comm, [&] { metrics = std::make_unique<metrics_log>(comm, s.output_dir, first_batch > 0); });
    const verify_request request{s.algorithm, s.source.value_or(0), s.damping, s.tolerance};
    std::vector<io::edge_update> batch;
    std::uint64_t number = first_batch, total_updates = 0;
    bool stopped = false;
    double total_ms = 0.0;
    char line[512];
    while (source.next(batch)) {
      ++number;
      fault_point(fault_place::batch);
      const auto start = clock_type::now();
      const auto changes = g.apply(batch);
      const double apply_ms = ms_since(start);
      const auto stats = algorithm->update(changes);
      const double latency_ms = ms_since(start);
      const auto& c = changes.counts;
      total_updates += c.updates;
      total_ms += latency_ms;
      nlohmann::json record = {{"batch", number},       {"updates", c.updates},         {"adds", c.adds},
                               {"deletes", c.removes},  {"reweights", c.reweights},     {"ignored", c.ignored},
                               {"new_vertices", c.new_vertices}, {"vertices", g.global_vertices()},
                               {"edges", g.global_edges()}, {"supersteps", stats.supersteps},
                               {"touched", stats.touched}, {"apply_ms", apply_ms}, {"latency_ms", latency_ms},
                               {"late", source.late()}};
      if (source.window_end()) record["window_end"] = *source.window_end();
      std::snprintf(line, sizeof line,
                    "batch %llu: %llu updates (%llu adds, %llu deletes, %llu ignored), %llu supersteps, %.2f ms",
                    static_cast<unsigned long long>(number), static_cast<unsigned long long>(c.updates),
                    static_cast<unsigned long long>(c.adds), static_cast<unsigned long long>(c.removes),
                    static_cast<unsigned long long>(c.ignored), static_cast<unsigned long long>(stats.supersteps),
                    latency_ms);
      log.note(line);
      if (log.verbose()) {
        std::snprintf(line, sizeof line,
                      "  apply %.2f ms, repair %.2f ms, %llu vertices pushed or reset; graph: %llu vertices, %llu "
                      "edges, %.1f MB on this rank, %llu compactions",
                      apply_ms, latency_ms - apply_ms, static_cast<unsigned long long>(stats.touched),
                      static_cast<unsigned long long>(g.global_vertices()),
                      static_cast<unsigned long long>(g.global_edges()), static_cast<double>(g.memory_bytes()) / 1e6,
                      static_cast<unsigned long long>(g.compactions()));
        log.note(line);
      }
      if (emit.every || emit.top > 0 || (s.verify_every > 0 && number % s.verify_every == 0)) {
        const auto values = algorithm->values();
        if (emit.every) {
          std::snprintf(line, sizeof line, "batch-%06llu.txt", static_cast<unsigned long long>(number));
          io::write_vertex_values<T>(comm, g.external_ids(), values, g.ids_ordered_by_rank(), path(line));
        }
        if (emit.top > 0) print_top_values<T>(comm, g.external_ids(), values, emit.top);
        if (s.verify_every > 0 && number % s.verify_every == 0) check(values, request, number, record);
      }
      metrics->write(record);
      if (checkpoints != nullptr) {
        stopped = checkpoints->stop_requested();
        if (stopped || checkpoints->due(number)) checkpoint(*algorithm, number);
        if (stopped) break;
      }
    }
    if (checkpoints != nullptr) checkpoints->settle();
    agree_that(comm, !stopped,
               "stopped on request after a checkpoint (batch " + std::to_string(number) +
                   "); run again with --resume to continue",
               exit_code::stopped);
    const auto values = algorithm->values();
    if (!emit.top || !s.output_dir.empty()) {
      io::write_vertex_values<T>(comm, g.external_ids(), values, g.ids_ordered_by_rank(),
                                 s.output_dir.empty() ? std::string() : path("final.txt"));
    }
    std::snprintf(line, sizeof line, "stream ended: %llu batches, %llu updates, %.2f ms per batch on average, %s%llu late",
                  static_cast<unsigned long long>(number - first_batch), static_cast<unsigned long long>(total_updates),
                  number > 0 ? total_ms / static_cast<double>(number) : 0.0,
                  total_ms > 0 ? (std::to_string(static_cast<long long>(static_cast<double>(total_updates) / total_ms * 1000.0)) + " updates/s, ").c_str() : "",
                  static_cast<unsigned long long>(source.late()));
    log.note(line);
  }

  // PageRank's ranks go into the checkpoint as a warm start; the other algorithms' results follow
  // from the graph alone and are computed again on resume.
  template <class T>
  void checkpoint(const algorithms::incremental_algorithm<T>& algorithm, std::uint64_t number) {
    std::vector<double> values;
    if constexpr (std::is_same_v<T, double>) {
      if (s.algorithm == "pagerank") values = algorithm.values();
    }
    checkpoints->save(number, g, values, source.saved(), source.consumed());
  }

  template <class T>
  void check(const std::vector<T>& values, const verify_request& request, std::uint64_t number, nlohmann::json& record) {
    const auto result = verify(g, values, request);
    record["error"] = result.error;
    record["recompute_ms"] = result.recompute_seconds * 1000.0;
    char line[256];
    const bool pagerank = s.algorithm == "pagerank";
    std::snprintf(line, sizeof line, "verify after batch %llu: %s %.3g, from scratch %.2f ms",
                  static_cast<unsigned long long>(number), pagerank ? "L1 distance" : "differing vertices",
                  result.error, result.recompute_seconds * 1000.0);
    log.note(line);
    if (!result.ok) {
      throw error("verification failed after batch " + std::to_string(number) + ": " +
                  (pagerank ? "L1 distance " + std::to_string(result.error) + " exceeds the tolerance"
                            : std::to_string(static_cast<long long>(result.error)) + " vertices differ from a recomputation"));
    }
  }
};

any_algorithm make_algorithm(const stream_settings& s, const dynamic_graph& g, std::span<const double> ranks) {
  if (s.algorithm == "pagerank") return algorithms::make_incremental_pagerank(g, s.damping, s.tolerance, ranks);
  if (s.algorithm == "wcc") return algorithms::make_incremental_wcc(g);
  if (s.algorithm == "bfs") return algorithms::make_incremental_bfs(g, *s.source);
  if (s.algorithm == "sssp") return algorithms::make_incremental_sssp(g, *s.source);
  return algorithms::make_incremental_degree(g);
}

// What a stream's checkpoints must match to be resumed: the base graph and every option that
// changes what is applied or computed. Not where the updates come from: a stream read from
// standard input may be replayed from a file, and a TCP port changes between runs.
std::string parameters_json(const stream_settings& s) {
  nlohmann::json p = {{"graph", s.input.graph},       {"undirected", s.input.undirected},
                      {"weighted", s.input.weighted}, {"updates_format", s.updates_format},
                      {"batch_size", s.batch_size},   {"partition", s.partition}};
  if (s.window) p["window"] = {*s.window, *s.slide, s.max_out_of_orderness};
  if (s.algorithm == "pagerank") p["damping"] = s.damping, p["tolerance"] = s.tolerance;
  if (s.source) p["source"] = *s.source;
  return p.dump();
}

// The graph a stream starts from, and PageRank's ranks on it by slot when known: the base graph
// (loaded, or empty), or the graph of the checkpoint it resumes from.
struct stream_start {
  std::unique_ptr<dynamic_graph> graph;
  std::vector<double> ranks;
  std::uint64_t batch = 0;
  std::vector<std::byte> source;
};

stream_start start_graph(const communicator& comm, const stream_settings& s, const progress& log,
                         stream_checkpoints* checkpoints) {
  stream_start start;
  graph_options options;
  options.directed = !s.input.undirected;
  options.weighted = s.input.weighted || s.algorithm == "sssp";
  if (checkpoints != nullptr) {
    if (auto resumed = checkpoints->resume(options, s.input.graph.empty() ? "hash" : s.partition)) {
      start.graph = std::make_unique<dynamic_graph>(std::move(resumed->graph));
      start.ranks = std::move(resumed->values);
      start.batch = resumed->batch;
      start.source = std::move(resumed->source);
      return start;
    }
  }
  if (s.input.graph.empty()) {
    start.graph = std::make_unique<dynamic_graph>(comm, options, make_partitioner("hash"));  // no ranges to cut yet
    return start;
  }
  load_request request = make_load_request(comm, s.input);
  request.weighted = options.weighted;
  request.partition = s.partition;
  log.note("loading " + s.input.graph + " on " + std::to_string(comm.size()) + " rank(s)");
  auto loaded = load_graph(comm, request);
  if (s.algorithm == "pagerank") {  // a warm start: the incremental run only corrects it
    algorithms::pagerank_params params;
    params.damping = s.damping;
    params.tolerance = s.tolerance;
    params.iterations = 1000000;
    start.ranks = algorithms::pagerank(loaded.graph, params).values;
  }
  start.graph = std::make_unique<dynamic_graph>(std::move(loaded.graph));
  return start;
}

void stream_in_arena(const communicator& comm, const stream_settings& s) {
  const progress log(comm, s.verbose);
  emit_mode emit;
  agree(comm, [&] {
    emit = check_options(s);
    if (!s.output_dir.empty() && comm.rank() == 0) std::filesystem::create_directories(s.output_dir);
  });
  std::unique_ptr<stream_checkpoints> checkpoints;
  if (s.checkpoint.enabled()) {
    checkpoint_settings c{s.checkpoint.dir,   s.checkpoint.every, s.checkpoint.keep,
                          s.checkpoint.resume, s.algorithm,       parameters_json(s),
                          [&log](const std::string& text) { log.note(text); }, std::string()};
    checkpoints = std::make_unique<stream_checkpoints>(comm, std::move(c));
    install_stop_handlers();
  }
  const auto setup_start = clock_type::now();
  auto start = start_graph(comm, s, log, checkpoints.get());
  auto& g = *start.graph;
  auto algorithm = make_algorithm(s, g, start.ranks);
  char line[256];
  std::snprintf(line, sizeof line, "%s ready on %llu vertices, %llu edges in %.3f s", s.algorithm.c_str(),
                static_cast<unsigned long long>(g.global_vertices()), static_cast<unsigned long long>(g.global_edges()),
                ms_since(setup_start) / 1000.0);
  log.note(line);

  batch_settings batches;
  batches.updates = s.updates;
  agree(comm, [&] { batches.format = io::parse_update_format(s.updates_format); });
  batches.batch_size = s.batch_size;
  if (s.window) batches.window = window_settings{*s.window, *s.slide, s.max_out_of_orderness};
  batches.late_output = s.late_output;
  batches.resumed = start.batch > 0;
  batches.undirected = !g.directed();
  batch_source source(comm, batches);
  log.note("reading updates from " + source.name());
  if (start.batch > 0) source.restore(start.source);
  stream_run run{comm, s, log, g, source, emit, checkpoints.get(), start.batch};
  std::visit(run, algorithm);
}

}  // namespace

void execute_stream(const communicator& comm, const stream_settings& s) {
  with_threads(s.threads, [&] { stream_in_arena(comm, s); });
}

}  // namespace eddy::cli
