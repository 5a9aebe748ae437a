#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "eddy/runtime/delta_iteration.hpp"

namespace eddy {
namespace {

struct golden_edge {
  std::uint64_t src, dst;
  double weight;
};
#include "iteration_golden.inc"

// Every rank reads a stride of the relation, as a loader would.
std::vector<std::pair<std::uint64_t, std::uint64_t>> my_share(const communicator& comm, bool both_ways) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
  const auto n = std::size(golden_relation);
  for (std::size_t i = static_cast<std::size_t>(comm.rank()); i < n; i += static_cast<std::size_t>(comm.size())) {
    const auto [u, v] = golden_relation[i];
    out.emplace_back(u, v);
    if (both_ways) out.emplace_back(v, u);
  }
  return out;
}

// Connected components of a key relation without a graph: a key's label is the smallest key that
// reaches it; only keys offered a smaller label compute.
TEST(DeltaIteration, ComponentsOfARelationMatchNetworkx) {
  communicator comm;
  delta_iteration<std::uint64_t, std::uint64_t, std::uint64_t> it(comm);
  const auto neighbours = group_by_key(comm, it.partition(), my_share(comm, true));
  std::vector<std::pair<std::uint64_t, std::uint64_t>> labels;
  labels.reserve(neighbours.size());
  for (const auto& [key, ns] : neighbours) labels.emplace_back(key, key);
  it.load_solution(labels);
  it.load_workset(my_share(comm, true));  // each key is offered its neighbours' ids
  it.aggregators().sum<std::uint64_t>("updates");
  std::vector<std::uint64_t> updates;
  iteration_options options;
  options.post_superstep = [&](const iteration_view& v) { updates.push_back(v.previous<std::uint64_t>("updates")); };
  const auto run = it.run(
      [&](auto& ctx, std::uint64_t key, std::span<const std::uint64_t> work) {
        const auto best = *std::min_element(work.begin(), work.end());
        if (best >= *ctx.solution()) return;
        ctx.update(best);
        ctx.template aggregator<std::uint64_t>("updates").add(1);
        for (const auto n : neighbours.at(key)) ctx.emit(n, best);
      },
      options);
  std::uint64_t checked = 0;
  for (const auto& [key, label] : golden_components) {
    if (it.owner(key) != comm.rank()) continue;
    EXPECT_EQ(it.solution().at(key), label) << key;
    ++checked;
  }
  EXPECT_EQ(comm.all_reduce(checked, reduce_op::sum), std::size(golden_components));
  EXPECT_EQ(comm.all_reduce(static_cast<std::uint64_t>(it.solution().size()), reduce_op::sum),
            std::size(golden_components));
  // The workset emptied: the last superstep updated nothing and sent nothing.
  ASSERT_FALSE(updates.empty());
  EXPECT_EQ(updates.back(), 0U);
  EXPECT_EQ(run.supersteps.back().messages, 0U);
  EXPECT_GT(updates.front(), 0U);
}

// Non-trivial keys, solution entries and workset elements: every key learns the sorted path of
// keys from the smallest key of its component along a shortest chain (here: a single chain).
TEST(DeltaIteration, StringKeysCarryPaths) {
  communicator comm;
  using path = std::vector<std::string>;
  delta_iteration<std::string, path, path> it(comm, range_partition<std::string>({"k3", "k6", "k9"}));
  constexpr int n = 12;
  const auto name = [](int i) {
    std::string s(1, 'k');
    s += std::to_string(i);
    return s;
  };
  if (comm.rank() == 0) it.load_workset({{name(0), path{}}});
  it.load_solution({});
  iteration_options options;
  const auto run = it.run(
      [&](auto& ctx, const std::string& key, std::span<const path> work) {
        EXPECT_EQ(ctx.solution(), nullptr);
        EXPECT_EQ(work.size(), 1U);
        path mine = work[0];
        mine.push_back(key);
        const int i = std::stoi(key.substr(1));
        if (i + 1 < n) ctx.emit(name(i + 1), mine);
        ctx.update(std::move(mine));
      },
      options);
  EXPECT_EQ(run.supersteps.size(), static_cast<std::size_t>(n));
  for (const auto& [key, p] : it.solution()) {
    const int i = std::stoi(key.substr(1));
    ASSERT_EQ(p.size(), static_cast<std::size_t>(i + 1));
    for (int j = 0; j <= i; ++j) EXPECT_EQ(p[static_cast<std::size_t>(j)], name(j));
  }
  EXPECT_EQ(comm.all_reduce(static_cast<std::uint64_t>(it.solution().size()), reduce_op::sum), std::uint64_t{n});
}

TEST(DeltaIteration, MaxIterationsStopsAnEndlessWorkset) {
  communicator comm;
  delta_iteration<std::uint64_t, std::uint64_t, std::uint64_t> it(comm);
  if (comm.rank() == 0) it.load_workset({{1, 0}});
  it.load_solution({});
  iteration_options options;
  options.max_iterations = 7;
  const auto run = it.run(
      [](auto& ctx, std::uint64_t key, std::span<const std::uint64_t> work) {
        ctx.update(work[0] + 1);
        ctx.emit(key + 1, work[0] + 1);
      },
      options);
  EXPECT_EQ(run.supersteps.size(), 7U);
  for (const auto& [key, count] : it.solution()) EXPECT_EQ(count, key);
  EXPECT_EQ(comm.all_reduce(static_cast<std::uint64_t>(it.solution().size()), reduce_op::sum), 7U);
}

}  // namespace
}  // namespace eddy
