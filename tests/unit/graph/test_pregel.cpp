#include <gtest/gtest.h>

#include <map>
#include <set>

#include "eddy/graph/generators.hpp"
#include "eddy/graph/graph_builder.hpp"
#include "eddy/graph/pregel.hpp"

namespace eddy {
namespace {

kronecker_params small_graph() {
  kronecker_params p;
  p.scale = 9;
  p.edge_factor = 8;
  return p;
}

distributed_graph build(const communicator& comm, const std::string& partition) {
  return build_graph(comm, kronecker_edges(small_graph(), comm.rank(), comm.size()), std::nullopt, {},
                     make_partitioner(partition));
}

// Without a combiner every message arrives: a vertex sees each in-neighbour once per arc.
struct collect_in_neighbours {
  using value_type = std::uint64_t;  // sum of in-neighbour ids
  using message_type = vertex_id;
  void compute(vertex_context<collect_in_neighbours>& v, std::span<const vertex_id> messages) {
    if (v.superstep() == 0) {
      v.value() = 0;
      v.send_to_out_neighbors(v.id());
    } else {
      for (const auto m : messages) v.value() += m;
    }
    v.vote_to_halt();
  }
};

// With a combiner, messages sent to any vertex by id: everyone tells the vertex with the smallest
// id its own id + 1; the sum arrives combined.
struct tell_the_smallest {
  using value_type = std::uint64_t;
  using message_type = std::uint64_t;
  static std::uint64_t combine(std::uint64_t a, std::uint64_t b) { return a + b; }
  vertex_id smallest;
  aggregator<std::uint64_t>* received = nullptr;
  void setup(aggregator_registry& a) { received = &a.sum<std::uint64_t>("received"); }
  void compute(vertex_context<tell_the_smallest>& v, std::span<const std::uint64_t> messages) {
    if (v.superstep() == 0) {
      v.value() = 0;
      v.send_to(smallest, v.id() + 1);
    } else if (!messages.empty()) {
      v.value() = messages[0];
      received->add(1);
    }
    v.vote_to_halt();
  }
};

class Pregel : public ::testing::TestWithParam<std::string> {};

TEST_P(Pregel, EveryMessageIsDeliveredWithoutCombiner) {
  communicator comm;
  const auto g = build(comm, GetParam());
  collect_in_neighbours program;
  pregel<collect_in_neighbours> engine(g, program);
  const auto run = engine.run({});
  EXPECT_EQ(run.supersteps.size(), 2U);
  EXPECT_EQ(run.supersteps[0].messages, g.global_arcs());
  std::map<vertex_id, std::uint64_t> expected;
  for (const auto& e : kronecker_edges(small_graph(), 0, 1)) expected[e.dst] += e.src;
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    EXPECT_EQ(engine.values()[v], expected[g.external_id(v)]) << g.external_id(v);
  }
}

TEST_P(Pregel, MessagesToAnyIdAreCombined) {
  communicator comm;
  const auto g = build(comm, GetParam());
  std::uint64_t sum = 0;
  vertex_id smallest = UINT64_MAX;
  std::set<vertex_id> ids;
  for (const auto& e : kronecker_edges(small_graph(), 0, 1)) {
    ids.insert(e.src);
    ids.insert(e.dst);
  }
  for (const auto id : ids) sum += id + 1;
  smallest = *ids.begin();
  tell_the_smallest program{smallest};
  pregel<tell_the_smallest> engine(g, program);
  (void)engine.run({});
  EXPECT_EQ(engine.aggregators().get<std::uint64_t>("received").previous(), 1U);
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    EXPECT_EQ(engine.values()[v], g.external_id(v) == smallest ? sum : 0U);
  }
}

INSTANTIATE_TEST_SUITE_P(Partitioners, Pregel, ::testing::Values("chunk", "hash"));

}  // namespace
}  // namespace eddy
