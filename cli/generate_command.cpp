#include "generate_command.hpp"

#include <chrono>
#include <cstdio>

#include "eddy/graph/update_generator.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/threads.hpp"
#include "progress.hpp"

namespace eddy::cli {

CLI::App* add_generate_command(CLI::App& app, generate_settings& s) {
  auto* generate = app.add_subcommand(
      "generate", "Write a Graph500 Kronecker graph as an edge list and, optionally, an update stream over it");
  generate->add_option("--scale", s.scale, "2^SCALE vertex ids (1 to 40)")->required();
  generate->add_option("--edge-factor", s.edge_factor, "Edges per vertex id (default 16)");
  generate->add_option("--seed", s.seed, "Random seed; a seed gives the same files at any number of ranks (default 1)");
  generate->add_flag("--weighted", s.weighted, "Give edges and added edges a weight in [0, 1)");
  generate
      ->add_option("--output", s.output, "The graph: SRC DST [WEIGHT] lines in edge order (replaced only on success)")
      ->required();
  generate->add_option("--updates", s.updates,
                       "Updates to write to --updates-output: adds continue the graph's edge stream, deletes pick "
                       "an edge of the graph or an earlier add uniformly");
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

void generate_in_arena(const communicator& comm, const generate_settings& s, const update_stream_params& p) {
  const progress log(comm, false);
  const bool with_stream = !s.updates_output.empty();
  char line[512];
  std::snprintf(line, sizeof line, "writing %s: %llu edges of a Kronecker graph, scale %u, seed %llu, on %d rank(s)",
                s.output.c_str(), static_cast<unsigned long long>(kronecker_edge_count(p.graph)), p.graph.scale,
                static_cast<unsigned long long>(p.graph.seed), comm.size());
  log.note(line);
  auto start = clock_type::now();
  write_kronecker_edge_list(comm, p.graph, s.weighted, s.output);
  std::snprintf(line, sizeof line, "wrote %s in %.3f s", s.output.c_str(), seconds_since(start));
  log.note(line);
  if (!with_stream) return;

  std::snprintf(line, sizeof line, "writing %s: %llu updates, delete fraction %g", s.updates_output.c_str(),
                static_cast<unsigned long long>(p.updates), p.delete_fraction);
  log.note(line);
  start = clock_type::now();
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
    if (s.updates > 0 && s.updates_output.empty()) throw usage_error("--updates needs --updates-output");
    if (s.updates == 0 && !s.updates_output.empty()) throw usage_error("--updates-output needs a positive --updates");
    check_update_stream_params(p);
  });
  with_threads(s.threads, [&] { generate_in_arena(comm, s, p); });
}

}  // namespace eddy::cli
