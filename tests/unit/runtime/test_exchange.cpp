#include <gtest/gtest.h>

#include <numeric>

#include "eddy/runtime/distributed_sort.hpp"
#include "eddy/runtime/exchange.hpp"

namespace eddy {
namespace {

struct record {
  std::uint64_t from;
  std::uint64_t index;
};

// Rank s sends (s, i) for i < s + d*7 + 1 to rank d: every pair has a distinct, checkable load.
void send_pattern(const communicator& comm, outbox<record>& out) {
  for (int d = 0; d < comm.size(); ++d) {
    const auto count = static_cast<std::uint64_t>(comm.rank()) + static_cast<std::uint64_t>(d) * 7 + 1;
    for (std::uint64_t i = 0; i < count; ++i) out.push(d, {static_cast<std::uint64_t>(comm.rank()), i});
  }
}

void check_pattern(const communicator& comm, const inbox<record>& in) {
  for (int s = 0; s < comm.size(); ++s) {
    const auto from = in.from(s);
    ASSERT_EQ(from.size(), static_cast<std::size_t>(s + comm.rank() * 7 + 1));
    for (std::size_t i = 0; i < from.size(); ++i) {
      EXPECT_EQ(from[i].from, static_cast<std::uint64_t>(s));
      EXPECT_EQ(from[i].index, i);
    }
  }
}

// A pattern both sides know: rank s sends s + 3d + 1 bytes (value s * 16 + d) to rank d, placed
// back to back in rank order on both sides; self-traffic is copied, not sent.
TEST(Exchange, KnownPatternLandsAtTheGivenDisplacements) {
  communicator comm;
  const auto p = static_cast<std::size_t>(comm.size());
  const auto me = static_cast<std::size_t>(comm.rank());
  std::vector<std::size_t> sc(p), sd(p + 1, 0), rc(p), rd(p + 1, 0);
  for (std::size_t r = 0; r < p; ++r) {
    sc[r] = me + 3 * r + 1;
    rc[r] = r + 3 * me + 1;
    sd[r + 1] = sd[r] + sc[r];
    rd[r + 1] = rd[r] + rc[r];
  }
  std::vector<std::byte> send(sd[p]), recv(rd[p]);
  for (std::size_t r = 0; r < p; ++r) {
    std::fill_n(send.begin() + static_cast<std::ptrdiff_t>(sd[r]), sc[r], static_cast<std::byte>(me * 16 + r));
  }
  const auto before = comm.bytes_sent();
  for (int round = 0; round < 3; ++round) {  // the same pattern again and again, as mirror syncs do
    std::fill(recv.begin(), recv.end(), std::byte{0xff});
    comm.exchange_known(send, sc, sd, recv, rc, rd);
    for (std::size_t s = 0; s < p; ++s) {
      for (std::size_t i = 0; i < rc[s]; ++i) ASSERT_EQ(recv[rd[s] + i], static_cast<std::byte>(s * 16 + me));
    }
  }
  EXPECT_EQ(comm.bytes_sent() - before, 3 * (sd[p] - sc[me]));  // bytes to other ranks only
}

TEST(Exchange, DeliversEveryRecordToItsDestinationInOrder) {
  communicator comm;
  outbox<record> out(comm.size());
  send_pattern(comm, out);
  check_pattern(comm, exchange(comm, out));
}

TEST(Exchange, MultiRoundPathMatchesSingleRound) {
  communicator comm;
  comm.set_exchange_round_bytes(40);  // forces many rounds of 2.5 records
  outbox<record> out(comm.size());
  send_pattern(comm, out);
  check_pattern(comm, exchange(comm, out));
}

TEST(Exchange, CountsBytesSentToOtherRanksOnly) {
  communicator comm;
  outbox<record> out(comm.size());
  out.push(comm.rank(), {0, 0});
  const auto before = comm.bytes_sent();
  (void)exchange(comm, out);
  EXPECT_EQ(comm.bytes_sent() - before, 0U);
  out.clear();
  out.push((comm.rank() + 1) % comm.size(), {0, 0});
  (void)exchange(comm, out);
  EXPECT_EQ(comm.bytes_sent() - before, comm.size() > 1 ? sizeof(record) : 0U);
}

TEST(DistributedSort, ProducesAGlobalSortedOrderWithEqualKeysTogether) {
  communicator comm;
  std::vector<std::uint64_t> mine;
  for (std::uint64_t i = 0; i < 1000; ++i) mine.push_back((i * 7919 + static_cast<std::uint64_t>(comm.rank()) * 31) % 613);
  auto sorted = distributed_sort(comm, mine, [](std::uint64_t x) { return x; });
  EXPECT_TRUE(std::is_sorted(sorted.begin(), sorted.end()));
  const auto total = comm.all_reduce(static_cast<std::uint64_t>(sorted.size()), reduce_op::sum);
  EXPECT_EQ(total, 1000U * static_cast<std::uint64_t>(comm.size()));
  // Boundaries: my largest key is below the next rank's smallest.
  const auto lo = comm.all_gather(sorted.empty() ? UINT64_MAX : sorted.front());
  if (!sorted.empty()) {
    for (int r = comm.rank() + 1; r < comm.size(); ++r) EXPECT_LT(sorted.back(), lo[static_cast<std::size_t>(r)]);
  }
}

}  // namespace
}  // namespace eddy
