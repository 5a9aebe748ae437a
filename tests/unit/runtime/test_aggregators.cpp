#include <gtest/gtest.h>

#include <tbb/parallel_for.h>

#include "eddy/runtime/aggregators.hpp"

namespace eddy {
namespace {

TEST(Aggregators, SumMinMaxAndCustomOverThreadsAndRanks) {
  communicator comm;
  aggregator_registry reg;
  auto& sum = reg.sum<std::uint64_t>("sum");
  auto& lo = reg.min<std::int64_t>("min", INT64_MAX);
  auto& hi = reg.max<double>("max", -1.0);
  auto& bits = reg.add<std::uint64_t>("or", 0, [](std::uint64_t a, std::uint64_t b) { return a | b; });
  tbb::parallel_for(0, 1000, [&](int i) {
    sum.add(1);
    lo.add(comm.rank() * 1000 + i);
    hi.add(static_cast<double>(i));
  });
  bits.add(std::uint64_t{1} << static_cast<unsigned>(comm.rank()));
  EXPECT_EQ(sum.previous(), 0U);  // nothing readable before the superstep ends
  reg.end_superstep(comm);
  EXPECT_EQ(sum.previous(), 1000U * static_cast<std::uint64_t>(comm.size()));
  EXPECT_EQ(lo.previous(), 0);
  EXPECT_EQ(hi.previous(), 999.0);
  EXPECT_EQ(bits.previous(), (std::uint64_t{1} << static_cast<unsigned>(comm.size())) - 1);
  reg.end_superstep(comm);  // a superstep without contributions yields the identity
  EXPECT_EQ(sum.previous(), 0U);
  EXPECT_EQ(&reg.get<std::uint64_t>("sum"), &sum);
  EXPECT_THROW((void)reg.get<double>("sum"), error);
  EXPECT_THROW((void)reg.get<double>("absent"), error);
}

}  // namespace
}  // namespace eddy
