#include <gtest/gtest.h>

#include "eddy/runtime/exchange.hpp"
#include "eddy/runtime/superstep_driver.hpp"

namespace eddy {
namespace {

// A token travels around the ring of ranks `laps` times; each hop is one superstep. Nobody is
// active without the token, so the run must end exactly when the token stops moving.
struct ring_step {
  const communicator& comm;
  std::uint64_t hops_left;
  bool holding;
  outbox<std::uint64_t> out{comm.size()};
  inbox<std::uint64_t> in;

  step_counts compute(std::uint64_t) {
    out.clear();
    if (!holding) return {0, 0};
    holding = false;
    if (hops_left == 0) return {0, 0};
    out.push((comm.rank() + 1) % comm.size(), hops_left - 1);
    return {1, 1};
  }
  std::uint64_t exchange() {
    eddy::exchange(comm, out, in);
    for (const auto h : in.items) {
      holding = true;
      hops_left = h;
    }
    return in.items.size();
  }
};

TEST(SuperstepDriver, StopsWhenNoVertexIsActiveAndNoMessageIsInFlight) {
  communicator comm;
  aggregator_registry aggs;
  const std::uint64_t hops = 3U * static_cast<std::uint64_t>(comm.size());
  ring_step step{comm, hops, comm.rank() == 0, outbox<std::uint64_t>(comm.size()), {}};
  const auto run = run_supersteps(comm, aggs, step, {});
  EXPECT_EQ(run.supersteps.size(), hops + 1);  // the last superstep consumes the final token
  EXPECT_EQ(run.supersteps.front().messages, 1U);
  EXPECT_EQ(run.supersteps.back().active, 0U);
}

TEST(SuperstepDriver, HonoursTheSuperstepLimitAndConvergence) {
  communicator comm;
  aggregator_registry aggs;
  auto& count = aggs.sum<std::uint64_t>("steps");
  ring_step step{comm, 1000, comm.rank() == 0, outbox<std::uint64_t>(comm.size()), {}};
  superstep_options limited;
  limited.max_supersteps = 5;
  EXPECT_EQ(run_supersteps(comm, aggs, step, limited).supersteps.size(), 5U);

  struct counting_step {
    aggregator<std::uint64_t>& count;
    step_counts compute(std::uint64_t) {
      count.add(1);
      return {1, 0};
    }
    std::uint64_t exchange() { return 0; }
  } forever{count};
  superstep_options converge;
  std::uint64_t seen = 0;
  converge.converged = [&](std::uint64_t s, const aggregator_registry& a) {
    seen += a.get<std::uint64_t>("steps").previous();
    return s == 6;
  };
  EXPECT_EQ(run_supersteps(comm, aggs, forever, converge).supersteps.size(), 7U);
  EXPECT_EQ(seen, 7U * static_cast<std::uint64_t>(comm.size()));
}

}  // namespace
}  // namespace eddy
