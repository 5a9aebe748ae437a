// Uses the installed eddy: builds a path graph 1->2->...->8 across the ranks and runs BFS.
#include <cstdio>

#include "eddy/algorithms/bfs.hpp"
#include "eddy/graph/graph_builder.hpp"
#include "eddy/runtime/mpi_environment.hpp"

int main(int argc, char** argv) {
  eddy::mpi_environment mpi(argc, argv);
  const eddy::communicator comm;
  std::vector<eddy::io::edge_record> edges;
  for (std::uint64_t v = 1; v < 8; ++v) {
    if (static_cast<int>(v % static_cast<std::uint64_t>(comm.size())) == comm.rank()) edges.push_back({v, v + 1, 1.0});
  }
  const auto g = eddy::build_graph(comm, edges, std::nullopt, {}, eddy::make_chunk_partitioner());
  const auto result = eddy::algorithms::bfs(g, 1);
  int wrong = 0;
  for (eddy::local_id v = 0; v < g.local_vertices(); ++v) {
    wrong += result.values[v] != static_cast<std::int64_t>(g.external_id(v) - 1) ? 1 : 0;
  }
  wrong = comm.all_reduce(wrong, eddy::reduce_op::sum);
  if (comm.rank() == 0) std::printf(wrong == 0 ? "consumer ok\n" : "consumer: %d wrong depths\n", wrong);
  return wrong == 0 ? 0 : 1;
}
