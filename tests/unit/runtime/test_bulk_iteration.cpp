#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "eddy/runtime/bulk_iteration.hpp"

namespace eddy {
namespace {

constexpr std::uint64_t keys = 37;

iteration_options at_most(std::uint64_t n) {
  iteration_options o;
  o.max_iterations = n;
  return o;
}

std::string label(std::uint64_t k) {
  std::string s(1, 'v');
  s += std::to_string(k);
  return s;
}

// Every rank offers a stride of the keys, so the initial state reaches owners from everywhere.
template <class V, class F>
std::vector<std::pair<std::uint64_t, V>> share(const communicator& comm, F value_of) {
  std::vector<std::pair<std::uint64_t, V>> mine;
  const auto ranks = static_cast<std::uint64_t>(comm.size());
  for (std::uint64_t k = static_cast<std::uint64_t>(comm.rank()); k < keys; k += ranks) {
    mine.emplace_back(k, value_of(k));
  }
  return mine;
}

// Non-trivial values and messages: strings rotate one key forward per superstep.
TEST(BulkIteration, StringsRotateAroundTheKeys) {
  communicator comm;
  bulk_iteration<std::uint64_t, std::string> it(comm);
  it.load(share<std::string>(comm, [](std::uint64_t k) { return label(k); }));
  constexpr std::uint64_t steps = 5;
  const auto run = it.run(
      [](auto& ctx, std::uint64_t key, const std::string& value, std::span<const std::string> messages) {
        std::string next = value;
        if (ctx.superstep() > 0) {
          EXPECT_EQ(messages.size(), 1U);
          next = messages.empty() ? std::string("lost") : messages[0];
        }
        ctx.send((key + 1) % keys, next);
        return next;
      },
      at_most(steps));
  EXPECT_EQ(run.supersteps.size(), steps);
  std::uint64_t owned = 0;
  for (const auto& [key, value] : it.state()) {
    EXPECT_EQ(it.owner(key), comm.rank());
    EXPECT_EQ(value, label((key + keys - (steps - 1)) % keys)) << key;
    ++owned;
  }
  EXPECT_EQ(comm.all_reduce(owned, reduce_op::sum), keys);
}

// Aggregators expose the previous superstep, hooks see every superstep, a broadcast value sets
// the convergence threshold.
TEST(BulkIteration, HalvingConvergesOnAnAggregate) {
  communicator comm;
  bulk_iteration<std::uint64_t, double> it(comm, range_partition<std::uint64_t>({10, 20, 30}));
  it.load(share<double>(comm, [](std::uint64_t k) { return static_cast<double>(k + 1); }));
  it.aggregators().sum<double>("sum");
  const double threshold = comm.rank() == 0 ? 1.0 : -1.0;  // only rank 0's value counts
  it.broadcasts().set("threshold", threshold);
  const double total = keys * (keys + 1) / 2.0;
  std::vector<std::uint64_t> pre;
  std::vector<double> post;
  iteration_options options;
  options.converged = [&](std::uint64_t, const aggregator_registry& a) {
    return a.get<double>("sum").previous() < it.broadcasts().get<double>("threshold");
  };
  options.pre_superstep = [&](const iteration_view& v) { pre.push_back(v.superstep()); };
  options.post_superstep = [&](const iteration_view& v) { post.push_back(v.previous<double>("sum")); };
  const auto run = it.run(
      [&](auto& ctx, std::uint64_t, double value, std::span<const double>) {
        const double expected_previous = ctx.superstep() == 0 ? 0.0 : total / std::exp2(ctx.superstep());
        EXPECT_DOUBLE_EQ(ctx.template previous<double>("sum"), expected_previous);
        ctx.template aggregator<double>("sum").add(value / 2);
        return value / 2;
      },
      options);
  std::uint64_t want = 1;
  while (total / std::exp2(want) >= 1.0) ++want;
  ASSERT_EQ(run.supersteps.size(), want);
  ASSERT_EQ(pre.size(), want);
  ASSERT_EQ(post.size(), want);
  for (std::uint64_t s = 0; s < want; ++s) {
    EXPECT_EQ(pre[s], s);
    EXPECT_DOUBLE_EQ(post[s], total / std::exp2(s + 1));
  }
  for (const auto& [key, value] : it.state()) EXPECT_DOUBLE_EQ(value, (key + 1) / std::exp2(want));
}

TEST(BulkIteration, MessageToAMissingKeyFailsEverywhere) {
  communicator comm;
  bulk_iteration<std::uint64_t, int> it(comm);
  it.load(share<int>(comm, [](std::uint64_t) { return 0; }));
  EXPECT_THROW((void)it.run(
                   [](auto& ctx, std::uint64_t key, int v, std::span<const int>) {
                     if (key == 3) ctx.send(keys + 1, 1);
                     return v;
                   },
                   at_most(2)),
               collective_error);
}

// Only the owner of key 3 throws; every rank must see the error rather than wait in the exchange.
TEST(BulkIteration, AStepThatThrowsOnOneRankFailsEverywhere) {
  communicator comm;
  bulk_iteration<std::uint64_t, int> it(comm);
  it.load(share<int>(comm, [](std::uint64_t) { return 0; }));
  EXPECT_THROW((void)it.run(
                   [](auto&, std::uint64_t key, int v, std::span<const int>) {
                     if (key == 3) throw error("key 3 refuses");
                     return v;
                   },
                   at_most(2)),
               collective_error);
}

TEST(BulkIteration, DuplicateInitialKeysFailEverywhere) {
  communicator comm;
  bulk_iteration<std::uint64_t, int> it(comm);
  EXPECT_THROW(it.load({{5, 1}, {5, 2}}), collective_error);
}

}  // namespace
}  // namespace eddy
