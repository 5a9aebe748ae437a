#include <gtest/gtest.h>

#include "eddy/graph/partitioner.hpp"
#include "eddy/runtime/error.hpp"

namespace eddy {
namespace {

// Every rank contributes an overlapping slice of ids 0..999 with degree = id % 17; vertices are
// seen by several ranks so their degrees must be summed.
std::vector<vertex_weight> partial_view(const communicator& comm) {
  std::vector<vertex_weight> mine;
  for (vertex_id id = 0; id < 1000; ++id) {
    if ((id + static_cast<vertex_id>(comm.rank())) % 2 == 0 || id % 5 == 0) mine.push_back({id * 3, id % 17, 0});
  }
  return mine;
}

void check_owned(const communicator& comm, const partitioner& part, const std::vector<vertex_weight>& owned) {
  EXPECT_TRUE(std::is_sorted(owned.begin(), owned.end(),
                             [](const vertex_weight& a, const vertex_weight& b) { return a.id < b.id; }));
  for (const auto& v : owned) EXPECT_EQ(part.owner_of(v.id), comm.rank()) << v.id;
  std::uint64_t distinct = 0;  // ids seen by at least one rank
  for (vertex_id id = 0; id < 1000; ++id) distinct += (id % 2 == 0 || id % 5 == 0 || comm.size() > 1) ? 1 : 0;
  EXPECT_EQ(comm.all_reduce(static_cast<std::uint64_t>(owned.size()), reduce_op::sum), distinct);
  // Degrees summed over every rank that saw the vertex.
  for (const auto& v : owned) {
    const vertex_id id = v.id / 3;
    std::uint64_t seen_by = 0;
    for (int r = 0; r < comm.size(); ++r) seen_by += ((id + static_cast<vertex_id>(r)) % 2 == 0 || id % 5 == 0) ? 1 : 0;
    EXPECT_EQ(v.degree, (id % 17) * seen_by);
  }
}

TEST(ChunkPartitioner, ContiguousSortedRangesBalancedOnWeight) {
  communicator comm;
  auto part = make_chunk_partitioner();
  const auto owned = part->assign(comm, partial_view(comm));
  check_owned(comm, *part, owned);
  EXPECT_TRUE(part->ordered());
  const auto lo = comm.all_gather(owned.empty() ? UINT64_MAX : owned.front().id);
  for (int r = comm.rank() + 1; r < comm.size() && !owned.empty(); ++r) {
    EXPECT_LT(owned.back().id, lo[static_cast<std::size_t>(r)]);
  }
  // Weight per rank within one heavy vertex plus a small margin of the ideal share.
  std::uint64_t weight = 0;
  const std::uint64_t alpha = 8U * static_cast<std::uint64_t>(comm.size() - 1);
  for (const auto& v : owned) weight += v.degree + alpha;
  const auto total = comm.all_reduce(weight, reduce_op::sum);
  const auto heaviest = comm.all_reduce(weight, reduce_op::max);
  const auto ranks = static_cast<std::uint64_t>(comm.size());
  EXPECT_LE(heaviest, total / ranks + 16U * ranks + alpha + 64U);
}

TEST(HashPartitioner, OwnsWhatOwnerOfSays) {
  communicator comm;
  auto part = make_hash_partitioner();
  const auto owned = part->assign(comm, partial_view(comm));
  check_owned(comm, *part, owned);
  EXPECT_FALSE(part->ordered());
  if (comm.size() > 1) {
    EXPECT_GT(owned.size(), 500U / static_cast<std::size_t>(comm.size()) / 2);
  }
}

TEST(Partitioner, UnknownNameIsAUsageError) { EXPECT_THROW((void)make_partitioner("metis"), usage_error); }

}  // namespace
}  // namespace eddy
