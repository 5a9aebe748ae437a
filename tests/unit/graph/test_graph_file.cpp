// Graphs written as eddy graph files (and as edge lists) load back as the same graph, whatever the
// number of ranks and the partitioning; a file whose rows contradict themselves is bad input.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "arc_set.hpp"
#include "degree_order.hpp"
#include "eddy/graph/generators.hpp"
#include "eddy/graph/graph_builder.hpp"
#include "eddy/graph/graph_loader.hpp"
#include "eddy/graph/graph_writer.hpp"
#include "eddy/io/graph_file.hpp"
#include "eddy/runtime/collective.hpp"
#include "../shared_path.hpp"

namespace eddy {
namespace {

using test::arcs_of;

using test::shared_path;

// Sparse 64-bit ids, a self-loop, a repeated edge, and (declared) the isolated vertex 99.
distributed_graph small_graph(const communicator& comm, const graph_options& options) {
  const std::vector<io::edge_record> all = {{10, 20, 1.0},
                                            {20, 30, 2.0},
                                            {30, 10, 3.0},
                                            {10, 20, 0.5},
                                            {40, 40, 1.0},
                                            {1ULL << 60, 10, 4.0},
                                            {20, (1ULL << 63) + 5, 5.0},
                                            {30, 40, 6.0}};
  const std::vector<vertex_id> ids = {10, 20, 30, 40, 1ULL << 60, (1ULL << 63) + 5, 99};
  std::vector<io::edge_record> mine;
  vertex_declarations declared{{}, "g.v", "g.e"};
  const auto p = static_cast<std::size_t>(comm.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (i % p == static_cast<std::size_t>(comm.rank())) mine.push_back(all[i]);
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i % p == static_cast<std::size_t>(comm.rank())) declared.ids.push_back(ids[i]);
  }
  return build_graph(comm, mine, declared, options, make_chunk_partitioner());
}

loaded_graph load(const communicator& comm, const std::string& path, const std::string& partition,
                  graph_format format = graph_format::automatic, bool weighted = true) {
  load_request request;
  request.path = path;
  request.format = format;
  request.weighted = weighted;
  request.partition = partition;
  return load_graph(comm, request);
}

// A generated graph large enough for skewed degrees, chunk-partitioned.
distributed_graph kronecker_graph(const communicator& comm, const graph_options& options, unsigned scale) {
  kronecker_params p;
  p.scale = scale;
  return build_graph(comm, kronecker_edges(p, comm.rank(), comm.size()), std::nullopt, options, make_chunk_partitioner());
}

void expect_same_graph(const distributed_graph& a, const distributed_graph& b) {
  EXPECT_EQ(a.global_vertices(), b.global_vertices());
  EXPECT_EQ(a.global_edges(), b.global_edges());
  EXPECT_EQ(a.global_arcs(), b.global_arcs());
  EXPECT_EQ(a.directed(), b.directed());
  EXPECT_EQ(arcs_of(a, false), arcs_of(b, false));
  EXPECT_EQ(arcs_of(a, true), arcs_of(b, true));
}

class GraphFileRoundTrip : public ::testing::TestWithParam<bool> {};

TEST_P(GraphFileRoundTrip, LoadsBackTheSameGraphWithEitherPartitioning) {
  const communicator comm;
  graph_options options;
  options.directed = GetParam();
  options.weighted = true;
  const auto original = small_graph(comm, options);
  const shared_path path(comm, "roundtrip.h5");
  write_graph_file(original, path.str());
  for (const char* partition : {"chunk", "hash"}) {
    SCOPED_TRACE(partition);
    const auto loaded = load(comm, path.str(), partition);
    expect_same_graph(original, loaded.graph);
    EXPECT_TRUE(loaded.graph.contains(99));  // isolated, yet a vertex
  }
  // Without asking for weights, none are read.
  EXPECT_FALSE(load(comm, path.str(), "chunk", graph_format::hdf5, false).graph.weighted());
}

TEST_P(GraphFileRoundTrip, EdgeListLoadsBackTheSameGraph) {
  const communicator comm;
  graph_options options;
  options.directed = GetParam();
  options.weighted = true;
  const auto original = kronecker_graph(comm, options, 9);
  const shared_path path(comm, "roundtrip.el");
  write_edge_list(original, path.str());
  load_request request;
  request.path = path.str();
  request.directed = options.directed;
  request.weighted = true;
  expect_same_graph(original, load_graph(comm, request).graph);
}

// A file's rows are renumbered by descending degree on loading, and write back as they were.
TEST_P(GraphFileRoundTrip, LoadedVerticesAreOrderedByDegree) {
  const communicator comm;
  graph_options options;
  options.directed = GetParam();
  const auto original = kronecker_graph(comm, options, 10);
  const shared_path path(comm, "ordered.h5");
  write_graph_file(original, path.str());
  const auto loaded = load(comm, path.str(), "chunk", graph_format::hdf5, false);
  EXPECT_TRUE(test::owned_by_descending_degree(loaded.graph));
  EXPECT_TRUE(test::finds_owned_by_external_id(loaded.graph));
  expect_same_graph(original, loaded.graph);
  const shared_path again(comm, "ordered-again.h5");
  write_graph_file(loaded.graph, again.str());
  expect_same_graph(original, load(comm, again.str(), "chunk", graph_format::hdf5, false).graph);
}

INSTANTIATE_TEST_SUITE_P(Directedness, GraphFileRoundTrip, ::testing::Bool(),
                         [](const auto& test_info) { return test_info.param ? "directed" : "undirected"; });

TEST(GraphFile, OptionsThatChangeTheGraphAreRefused) {
  const communicator comm;
  graph_options options;
  const auto original = small_graph(comm, options);
  const shared_path path(comm, "refuse.h5");
  write_graph_file(original, path.str());
  const auto refused = [&](auto&& adjust) {
    load_request request;
    request.path = path.str();
    adjust(request);
    try {
      (void)load_graph(comm, request);
      return false;
    } catch (const collective_error& e) {
      return e.code() == exit_code::usage && std::string(e.what()).find(path.str()) != std::string::npos;
    }
  };
  EXPECT_TRUE(refused([](load_request& r) { r.directed = false; }));
  EXPECT_TRUE(refused([](load_request& r) { r.weighted = true; }));
  EXPECT_TRUE(refused([](load_request& r) { r.drop_self_loops = true; }));
  EXPECT_TRUE(refused([](load_request& r) { r.drop_duplicates = true; }));
  EXPECT_FALSE(refused([](load_request& r) { r.directed = true; }));
}

// A path 0 -> 1 -> ... -> n-1 written by rank 0 alone, with uint64 targets (as for graphs beyond
// 2^32 vertices), then damaged by `damage` (which may do nothing).
template <class Damage>
void write_path_file(const communicator& comm, const std::string& path, std::uint64_t n, Damage damage) {
  io::graph_file_header h;
  h.directed = false;
  h.vertices = n;
  h.edges = n - 1;
  h.arcs = 2 * (n - 1);
  h.wide_targets = true;
  std::vector<std::uint64_t> ids, offsets, targets;
  for (std::uint64_t v = 0; v < n; ++v) {
    ids.push_back(1000 + 7 * v);
    offsets.push_back(targets.size());
    if (v > 0) targets.push_back(v - 1);
    if (v + 1 < n) targets.push_back(v + 1);
  }
  offsets.push_back(targets.size());
  damage(ids, offsets, targets);
  const bool root = comm.rank() == 0;
  io::graph_file_writer file(comm, path, h);
  const auto slice = [&](const std::vector<std::uint64_t>& v) {
    return root ? std::span<const std::uint64_t>(v) : std::span<const std::uint64_t>();
  };
  file.write(io::graph_dataset::external_id, 0, slice(ids));
  file.write(io::graph_dataset::out_offsets, 0, slice(offsets));
  file.write(io::graph_dataset::out_targets, 0, slice(targets));
  file.commit();
}

using rows = std::vector<std::uint64_t>;

TEST(GraphFile, WideTargetsLoad) {
  const communicator comm;
  const shared_path path(comm, "wide.h5");
  write_path_file(comm, path.str(), 100, [](rows&, rows&, rows&) {});
  const auto g = load(comm, path.str(), "chunk", graph_format::hdf5, false).graph;
  EXPECT_EQ(g.global_vertices(), 100U);
  EXPECT_EQ(g.global_edges(), 99U);
  test::arc_set expected;
  for (std::uint64_t v = 0; v + 1 < 100; ++v) {
    expected.insert({1000 + 7 * v, 1000 + 7 * (v + 1), 1.0});
    expected.insert({1000 + 7 * (v + 1), 1000 + 7 * v, 1.0});
  }
  EXPECT_EQ(arcs_of(g, false), expected);
  EXPECT_EQ(arcs_of(load(comm, path.str(), "hash", graph_format::hdf5, false).graph, false), expected);
}

TEST(GraphFile, RowsThatContradictThemselvesAreBadInput) {
  const communicator comm;
  const shared_path path(comm, "bad-rows.h5");
  const auto rejected = [&](auto&& damage, const std::string& says) {
    write_path_file(comm, path.str(), 50, damage);
    for (const char* partition : {"chunk", "hash"}) {
      try {
        (void)load(comm, path.str(), partition, graph_format::hdf5, false);
        ADD_FAILURE() << "accepted: " << says;
      } catch (const collective_error& e) {
        EXPECT_EQ(e.code(), exit_code::bad_input);
        EXPECT_NE(std::string(e.what()).find(path.str() + ": "), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
      }
    }
  };
  rejected([](rows&, rows& o, rows&) { std::swap(o[10], o[11]); }, "offsets decrease");
  rejected([](rows&, rows&, rows& t) { t[5] = 50; }, "beyond the vertex count");
  rejected([](rows&, rows&, rows& t) { std::swap(t[5], t[6]); }, "not sorted");
  rejected([](rows& ids, rows&, rows&) { std::swap(ids[20], ids[21]); }, "not strictly ascending");
}

}  // namespace
}  // namespace eddy
