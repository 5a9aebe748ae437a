#include "generate_command.hpp"

#include <chrono>
#include <cstdio>

#include "eddy/graph/generators.hpp"
#include "eddy/graph/graph_loader.hpp"
#include "eddy/graph/graph_writer.hpp"
#include "eddy/graph/update_generator.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/threads.hpp"
#include "graph_output.hpp"

namespace eddy::cli {

CLI::App* add_generate_command(CLI::App& app, generate_settings& s) {
  auto* generate = app.add_subcommand(
      "generate",
      "Write a synthetic graph: a Graph500 Kronecker graph (--scale) as an edge list in edge order, optionally with "
      "an update stream over it, or any generator's graph (--graph gen:NAME:...) as an edge list or eddy graph file");
  auto* scale = generate->add_option_function<unsigned>(
      "--scale",
      [&s](unsigned value) {
        s.scale = value;
        s.has_scale = true;
      },
      "Kronecker graph of 2^SCALE vertex ids (1 to 40)");
  generate
      ->add_option("--graph", s.graph,
                   "Instead of --scale, any generator: gen:NAME:KEY=VALUE:..., NAME one of kronecker, grid, hypercube, "
                   "circulant, echo, complete, cycle, path, star, empty, singleton-edge, "
                   "e.g. gen:grid:dims=3x4:wrap=1x0 "
                   "(every key in docs/GENERATORS.md). The graph is built as --graph builds it for `eddy run` and "
                   "written as `eddy convert` writes it")
      ->excludes(scale);
  generate->add_option("--edge-factor", s.edge_factor, "Edges per vertex id (default 16)");
  generate->add_option("--seed", s.seed, "Random seed; a seed gives the same files at any number of ranks (default 1)");
  generate->add_flag("--weighted", s.weighted,
                     "Give edges and added edges a weight in [0, 1) (Kronecker); other generators' edges weigh 1");
  generate
      ->add_option("--output", s.output,
                   "The graph: SRC DST [WEIGHT] lines (in edge order for --scale, sorted for --graph), or an eddy "
                   "graph file with --to hdf5 (replaced only on success)")
      ->required();
  generate
      ->add_option("--to", s.to,
                   "Output format: edgelist (default; refused for a graph with isolated vertices, which an edge list "
                   "cannot hold) or hdf5 (eddy graph file, isolated vertices included)")
      ->check(CLI::IsMember({"hdf5", "edgelist"}));
  auto* directed = generate->add_flag(
      "--directed", s.directed, "Build the graph directed (an undirected generator's edge becomes two arcs)");
  generate->add_flag("--undirected", s.undirected, "Build the graph undirected (a directed generator's arcs as edges)")
      ->excludes(directed);
  generate->add_flag("--drop-self-loops", s.drop_self_loops, "Drop edges v->v before writing");
  generate->add_flag("--drop-duplicates", s.drop_duplicates, "Collapse repeated edges into one before writing");
  generate->add_option("--updates", s.updates,
                       "Updates to write to --updates-output (with --scale): adds continue the graph's edge stream, "
                       "deletes pick an edge of the graph or an earlier add uniformly");
  generate->add_option("--updates-output", s.updates_output,
                       "The stream: 'a SRC DST [WEIGHT] [TIME]' and 'd SRC DST [TIME]' lines (replaced only on "
                       "success)");
  generate->add_option("--delete-fraction", s.delete_fraction, "Probability that an update is a delete (default 0.2)");
  generate->add_flag("--times", s.times,
                     "End every update with its index as its time (adds then always carry a weight, 1 if unweighted)");
  generate->add_option("--threads", s.threads, "Threads per rank (default: all cores available to the rank)");
  return generate;
}

namespace {

using clock_type = std::chrono::steady_clock;
double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

update_stream_params stream_params(const generate_settings& s) {
  update_stream_params p;
  p.graph.scale = s.scale;
  p.graph.edge_factor = s.edge_factor;
  p.graph.seed = s.seed;
  p.updates = s.updates;
  p.delete_fraction = s.delete_fraction;
  p.weighted = s.weighted;
  p.times = s.times;
  return p;
}

// Edges shaped by dropping loops or repeats need the built graph; otherwise an edge list is
// written straight from the generator, in its edge order, needing no graph in memory.
bool builds_graph(const generate_settings& s, const graph_generator& g) {
  return s.to != "edgelist" || s.drop_self_loops || s.drop_duplicates || g.simplify;
}

load_request graph_request(const generate_settings& s) {
  load_request request;
  request.path = s.has_scale ? "gen:kronecker:scale=" + std::to_string(s.scale) + ":edge_factor=" +
                                   std::to_string(s.edge_factor) + ":seed=" + std::to_string(s.seed)
                             : s.graph;
  if (s.directed) request.directed = true;
  if (s.undirected) request.directed = false;
  request.weighted = s.weighted;
  request.drop_self_loops = s.drop_self_loops;
  request.drop_duplicates = s.drop_duplicates;
  request.partition = "chunk";  // the writers' order and the file's rows follow external id order
  return request;
}

void build_and_write(const communicator& comm, const generate_settings& s, const progress& log) {
  const load_request request = graph_request(s);
  log.note("generating " + request.path + " on " + std::to_string(comm.size()) + " rank(s)");
  const auto loaded = load_with_note(comm, request, log, "built");
  write_graph_as(loaded.graph, s.to, s.output, log);
}

void write_kronecker_stream(const communicator& comm, const generate_settings& s, const update_stream_params& p,
                            const progress& log) {
  char line[512];
  std::snprintf(line, sizeof line, "writing %s: %llu edges of a Kronecker graph, scale %u, seed %llu, on %d rank(s)",
                s.output.c_str(), static_cast<unsigned long long>(kronecker_edge_count(p.graph)), p.graph.scale,
                static_cast<unsigned long long>(p.graph.seed), comm.size());
  log.note(line);
  const auto start = clock_type::now();
  write_kronecker_edge_list(comm, p.graph, s.weighted, s.output);
  std::snprintf(line, sizeof line, "wrote %s in %.3f s", s.output.c_str(), seconds_since(start));
  log.note(line);
}

void write_listed(const communicator& comm, const generate_settings& s, const graph_generator& g,
                  const progress& log) {
  // An undirected generator's edges listed as arcs both ways, as the built graph would hold them.
  const bool both = s.directed && !generator_directed(g);
  log.note("writing " + s.output + ": " + std::to_string(generator_edge_count(g) * (both ? 2 : 1)) + " edges of " +
           s.graph + " on " + std::to_string(comm.size()) + " rank(s)");
  const auto start = clock_type::now();
  write_generator_edge_list(comm, g, s.weighted, both, s.output);
  char line[512];
  std::snprintf(line, sizeof line, "wrote %s in %.3f s", s.output.c_str(), seconds_since(start));
  log.note(line);
}

void generate_in_arena(const communicator& comm, const generate_settings& s, const update_stream_params& p) {
  const progress log(comm, false);
  const load_request request = graph_request(s);
  const graph_generator g = parse_graph_generator(request.path.substr(4));
  if (builds_graph(s, g)) {
    build_and_write(comm, s, log);
  } else if (s.has_scale) {
    write_kronecker_stream(comm, s, p, log);
  } else {
    write_listed(comm, s, g, log);
  }
  if (s.updates_output.empty()) return;

  char line[512];
  std::snprintf(line, sizeof line, "writing %s: %llu updates, delete fraction %g", s.updates_output.c_str(),
                static_cast<unsigned long long>(p.updates), p.delete_fraction);
  log.note(line);
  const auto start = clock_type::now();
  const std::uint64_t adds = write_update_stream(comm, p, s.updates_output);
  std::snprintf(line, sizeof line, "wrote %s (%llu adds, %llu deletes) in %.3f s", s.updates_output.c_str(),
                static_cast<unsigned long long>(adds), static_cast<unsigned long long>(p.updates - adds),
                seconds_since(start));
  log.note(line);
}

}  // namespace

void execute_generate(const communicator& comm, const generate_settings& s) {
  const update_stream_params p = stream_params(s);
  // Every rank holds the same settings and reaches the same verdict; agree() makes it one error.
  agree(comm, [&] {
    if (!s.has_scale && s.graph.empty()) throw usage_error("generate needs --scale or --graph gen:NAME:...");
    if (!s.has_scale) {
      if (!s.graph.starts_with("gen:")) {
        throw usage_error("--graph " + s.graph + ": generate needs a generator spec gen:NAME:... (docs/GENERATORS.md)");
      }
      if (s.updates > 0 || !s.updates_output.empty()) {
        throw usage_error(
            "--updates and --updates-output need --scale: the stream continues the Kronecker edge stream");
      }
      // A bad spec, or isolated vertices for an edge list, are reported before anything is built.
      const auto g = parse_graph_generator(s.graph.substr(4));
      if (s.to == "edgelist" && generator_isolated_vertices(g) > 0) {
        throw usage_error("--output " + s.output + ": " + s.graph + " has " +
                          std::to_string(generator_isolated_vertices(g)) + " " + isolated_reason);
      }
      return;
    }
    if (s.updates > 0 && s.updates_output.empty()) throw usage_error("--updates needs --updates-output");
    if (s.updates == 0 && !s.updates_output.empty()) throw usage_error("--updates-output needs a positive --updates");
    check_update_stream_params(p);
  });
  with_threads(s.threads, [&] { generate_in_arena(comm, s, p); });
}

}  // namespace eddy::cli
