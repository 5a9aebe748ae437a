#include <gtest/gtest.h>

#include "eddy/graph/generators.hpp"
#include "eddy/graph/ghost_adjacency.hpp"
#include "eddy/graph/graph_builder.hpp"
#include "eddy/graph/ghost_sync.hpp"

namespace eddy {
namespace {

distributed_graph small_graph(const communicator& comm) {
  kronecker_params p;
  p.scale = 9;
  p.edge_factor = 8;
  return build_graph(comm, kronecker_edges(p, comm.rank(), comm.size()), std::nullopt, {}, make_hash_partitioner());
}

TEST(GhostSync, GhostsReceiveTheirOwnersValuesEveryTime) {
  communicator comm;
  const auto g = small_graph(comm);
  const ghost_sync mirrors(g);
  std::vector<std::uint64_t> values(std::size_t{g.local_vertices()} + g.ghost_vertices(), 0);
  for (std::uint64_t round = 1; round <= 3; ++round) {
    for (local_id v = 0; v < g.local_vertices(); ++v) values[v] = g.global_of(v) * 3 + round;
    mirrors.sync(std::span<std::uint64_t>(values));
    for (local_id slot = g.local_vertices(); slot < values.size(); ++slot) {
      ASSERT_EQ(values[slot], g.global_of(slot) * 3 + round) << "slot " << slot << " round " << round;
    }
  }
  if (comm.size() > 1) {
    EXPECT_GT(g.ghost_vertices(), 0U);
  }
}

TEST(GhostAdjacency, ListsOfGhostsAreTheirOwnersLists) {
  communicator comm;
  const auto g = small_graph(comm);
  vertex_lists<global_id> owned;
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    for (const auto t : g.out_neighbors(v)) owned.items.push_back(g.global_of(t));
    owned.offsets.push_back(owned.items.size());
  }
  const auto ghosts = fetch_ghost_lists(g, owned);
  ASSERT_EQ(ghosts.size(), g.ghost_vertices());
  // Each owner also publishes its lists' length and sum as single values; the fetched lists must
  // agree with them.
  std::vector<std::uint64_t> length(g.local_vertices()), sum(g.local_vertices(), 0);
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    length[v] = owned.of(v).size();
    for (const auto x : owned.of(v)) sum[v] += x;
  }
  const auto ghost_length = fetch_ghost_values<std::uint64_t>(g, length);
  const auto ghost_sum = fetch_ghost_values<std::uint64_t>(g, sum);
  for (std::size_t i = 0; i < ghosts.size(); ++i) {
    EXPECT_EQ(ghosts.of(i).size(), ghost_length[i]);
    std::uint64_t total = 0;
    for (const auto x : ghosts.of(i)) total += x;
    EXPECT_EQ(total, ghost_sum[i]);
  }
}

}  // namespace
}  // namespace eddy
