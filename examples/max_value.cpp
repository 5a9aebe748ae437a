// A worked vertex program: the "maximum value" example of the Pregel paper. Every vertex learns
// the largest vertex id that can reach it along directed edges, then the program prints how many
// distinct maxima there are. Run:
//   mpirun -np 2 build/bin/eddy_example_max_value --graph gen:kronecker:scale=12
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <set>

#include "eddy/graph/graph_loader.hpp"
#include "eddy/graph/pregel.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/mpi_environment.hpp"

// The whole algorithm: start with your own id, tell your out-neighbours whenever your value grows.
struct max_value {
  using value_type = eddy::vertex_id;
  using message_type = eddy::vertex_id;
  // Many messages to one vertex collapse into their maximum before they leave the sender's rank.
  static message_type combine(message_type a, message_type b) { return std::max(a, b); }

  void compute(eddy::vertex_context<max_value>& v, std::span<const message_type> messages) {
    const bool first = v.superstep() == 0;
    if (first) v.value() = v.id();
    const bool grew = !messages.empty() && messages[0] > v.value();
    if (grew) v.value() = messages[0];
    if (first || grew) v.send_to_out_neighbors(v.value());
    v.vote_to_halt();  // woken again by any incoming message
  }
};

// Errors of the computation arrive as collective_error, caught below; any other exception is a bug,
// and std::terminate ending the job is the right response to it.
// NOLINTNEXTLINE(bugprone-exception-escape): deliberate, as said above
int main(int argc, char** argv) {
  eddy::mpi_environment mpi(argc, argv);
  const eddy::communicator comm;
  CLI::App app{"Pregel example: propagate the maximum vertex id along directed edges"};
  eddy::load_request request;
  app.add_option("--graph", request.path, "Edge list, LDBC prefix, or gen:kronecker:scale=N")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return comm.rank() == 0 ? app.exit(e) : (e.get_exit_code() == 0 ? 0 : 2);
  }
  try {
    const auto loaded = eddy::load_graph(comm, request);
    max_value program;
    eddy::pregel<max_value> engine(loaded.graph, program);
    const auto run = engine.run({});
    const std::set<eddy::vertex_id> mine(engine.values().begin(), engine.values().end());
    const std::vector<eddy::vertex_id> local(mine.begin(), mine.end());
    const auto all = comm.all_gather_v<eddy::vertex_id>(local);
    const std::set<eddy::vertex_id> distinct(all.begin(), all.end());
    if (comm.rank() == 0) {
      std::printf("%zu distinct maxima over %llu vertices after %zu supersteps\n", distinct.size(),
                  static_cast<unsigned long long>(loaded.graph.global_vertices()), run.supersteps.size());
    }
  } catch (const eddy::collective_error& e) {
    if (comm.rank() == 0) std::fprintf(stderr, "error: %s\n", e.what());
    return static_cast<int>(e.code());
  }
  return 0;
}
