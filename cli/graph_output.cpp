#include "graph_output.hpp"

#include <chrono>
#include <cstdio>

#include "eddy/graph/graph_writer.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/error.hpp"

namespace eddy::cli {
namespace {

using clock_type = std::chrono::steady_clock;
double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

std::uint64_t isolated_vertices(const distributed_graph& g) {
  std::uint64_t isolated = 0;
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    isolated += g.out_degree(v) == 0 && (!g.directed() || g.in_degree(v) == 0) ? 1U : 0U;
  }
  return g.comm().all_reduce(isolated, reduce_op::sum);
}

}  // namespace

loaded_graph load_with_note(const communicator& comm, const load_request& request, const progress& log,
                            const char* verb) {
  const auto start = clock_type::now();
  auto loaded = load_graph(comm, request);
  const auto& g = loaded.graph;
  char line[512];
  std::snprintf(line, sizeof line, "%s %llu vertices, %llu edges (%s) in %.3f s", verb,
                static_cast<unsigned long long>(g.global_vertices()), static_cast<unsigned long long>(g.global_edges()),
                g.directed() ? "directed" : "undirected", seconds_since(start));
  log.note(line);
  return loaded;
}

void write_graph_as(const distributed_graph& g, const std::string& to, const std::string& path, const progress& log) {
  const auto start = clock_type::now();
  if (to == "edgelist") {
    const std::uint64_t isolated = isolated_vertices(g);
    agree(g.comm(), [&] {
      if (isolated > 0) {
        throw usage_error("--output " + path + ": the graph has " + std::to_string(isolated) + " " + isolated_reason);
      }
    });
    write_edge_list(g, path);
  } else {
    write_graph_file(g, path);
  }
  char line[512];
  std::snprintf(line, sizeof line, "wrote %s in %.3f s", path.c_str(), seconds_since(start));
  log.note(line);
}

}  // namespace eddy::cli
