#include <gtest/gtest.h>

#include "eddy/graph/generators.hpp"
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

// The sparse sync: owners send only some mirrors' values; exactly those ghosts receive them.
TEST(GhostSync, GhostsReceiveTheValuesSentToThemAlone) {
  communicator comm;
  const auto g = small_graph(comm);
  const ghost_sync mirrors(g);
  const auto chosen = [](global_id v) { return v % 3 == 0; };
  outbox<mirror_value<std::uint64_t>> out(comm.size());
  for (int r = 0; r < comm.size(); ++r) {
    const auto mirrored = mirrors.mirrored_by(r);
    for (std::size_t i = 0; i < mirrored.size(); ++i) {
      if (chosen(g.global_of(mirrored[i]))) out.push(r, {static_cast<local_id>(i), g.global_of(mirrored[i]) + 7});
    }
  }
  std::vector<std::uint64_t> got(g.ghost_vertices(), 0);
  std::vector<int> times(g.ghost_vertices(), 0);
  mirrors.send_to_mirrors(out, [&](local_id slot, std::uint64_t value) {
    ASSERT_GE(slot, g.local_vertices());
    got[slot - g.local_vertices()] = value;
    ++times[slot - g.local_vertices()];
  });
  for (local_id k = 0; k < g.ghost_vertices(); ++k) {
    const global_id v = g.global_of(g.local_vertices() + k);
    EXPECT_EQ(times[k], chosen(v) ? 1 : 0) << "ghost " << v;
    if (chosen(v)) {
      EXPECT_EQ(got[k], v + 7);
    }
  }
}

TEST(GhostSync, ContributionsOfGhostsAddUpAtTheirOwners) {
  communicator comm;
  const auto g = small_graph(comm);
  const ghost_sync mirrors(g);
  // Every rank puts 1 on each ghost; an owned vertex must end with 1 (its own) plus the number of
  // other ranks that hold it as a ghost.
  std::vector<std::uint64_t> values(std::size_t{g.local_vertices()} + g.ghost_vertices(), 1);
  mirrors.add_to_owners(std::span<std::uint64_t>(values));
  std::vector<std::uint64_t> expected(g.local_vertices(), 1);
  for (int s = 0; s < comm.size(); ++s) {
    for (const auto v : mirrors.mirrored_by(s)) ++expected[v];
  }
  for (local_id v = 0; v < g.local_vertices(); ++v) EXPECT_EQ(values[v], expected[v]);
  // Independent of mirrored_by: the total over all ranks counts every vertex once and every ghost once.
  std::uint64_t mine = 0;
  for (local_id v = 0; v < g.local_vertices(); ++v) mine += values[v];
  const std::uint64_t ghosts = comm.all_reduce(static_cast<std::uint64_t>(g.ghost_vertices()), reduce_op::sum);
  EXPECT_EQ(comm.all_reduce(mine, reduce_op::sum), g.global_vertices() + ghosts);
}

TEST(GhostSync, ListsOfGhostsAreTheirOwnersLists) {
  communicator comm;
  const auto g = small_graph(comm);
  const ghost_sync mirrors(g);
  vertex_lists<global_id> owned;
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    for (const auto t : g.out_neighbors(v)) owned.items.push_back(g.global_of(t));
    owned.offsets.push_back(owned.items.size());
  }
  const auto ghosts = mirrors.ghost_lists(owned);
  ASSERT_EQ(ghosts.size(), g.ghost_vertices());
  // Each owner also publishes its lists' length and sum as single values; the fetched lists must
  // agree with them.
  std::vector<std::uint64_t> length(g.local_vertices()), sum(g.local_vertices(), 0);
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    length[v] = owned.of(v).size();
    for (const auto x : owned.of(v)) sum[v] += x;
  }
  length.resize(std::size_t{g.local_vertices()} + g.ghost_vertices());
  sum.resize(length.size());
  mirrors.sync(std::span<std::uint64_t>(length));
  mirrors.sync(std::span<std::uint64_t>(sum));
  for (std::size_t i = 0; i < ghosts.size(); ++i) {
    EXPECT_EQ(ghosts.of(i).size(), length[g.local_vertices() + i]);
    std::uint64_t total = 0;
    for (const auto x : ghosts.of(i)) total += x;
    EXPECT_EQ(total, sum[g.local_vertices() + i]);
  }
}

}  // namespace
}  // namespace eddy
