// Resuming from checkpoints: a run cut short after k supersteps and resumed from its checkpoints
// must end exactly where an uninterrupted run (the reference, taken without checkpoints) ends;
// damaged checkpoints are passed over for older ones, and checkpoints of another run refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "eddy/algorithms/bfs.hpp"
#include "eddy/algorithms/cdlp.hpp"
#include "eddy/algorithms/pagerank.hpp"
#include "eddy/algorithms/sssp.hpp"
#include "eddy/algorithms/wcc.hpp"
#include "eddy/graph/graph_loader.hpp"
#include "eddy/graph/vertex_checkpoints.hpp"
#include "eddy/io/checkpoint_file.hpp"
#include "eddy/runtime/collective.hpp"
#include "../checkpoint_test_support.hpp"

namespace eddy {
namespace {

namespace fs = std::filesystem;
using algorithms::run_options;
using eddy::testing::dataset_extent;
using eddy::testing::extent_of;
using eddy::testing::invert_middle_bytes;
using eddy::testing::shared_dir;

constexpr std::uint64_t unlimited = std::numeric_limits<std::uint64_t>::max();

// The superstep count in a name DIR/checkpoint-NNNNNNNNNNNN.h5.
std::uint64_t number_of(const std::string& path) {
  return std::stoull(fs::path(path).stem().string().substr(std::string("checkpoint-").size()));
}

// A result as every rank's (external id, value bits), sorted by id: the same on every rank, and
// compared bit for bit whatever the value type.
struct row {
  vertex_id id;
  std::uint64_t bits;
  friend bool operator==(const row&, const row&) = default;
};
struct outcome {
  std::vector<row> rows;
  run_metrics metrics;
};

template <class T>
outcome gathered(const distributed_graph& g, algorithms::vertex_result<T> r) {
  std::vector<row> mine(r.values.size());
  for (local_id v = 0; v < mine.size(); ++v) mine[v] = {g.external_id(v), std::bit_cast<std::uint64_t>(r.values[v])};
  auto all = g.comm().all_gather_v<row>(mine);
  std::sort(all.begin(), all.end(), [](const row& a, const row& b) { return a.id < b.id; });
  return {std::move(all), std::move(r.metrics)};
}

// Collective: the vertex of highest out-degree (the smallest id among equals), a source that
// reaches most of a Kronecker graph in several supersteps.
vertex_id hub(const distributed_graph& g) {
  struct candidate {
    std::uint64_t degree;
    vertex_id id;
  };
  std::vector<candidate> mine;
  for (local_id v = 0; v < g.local_vertices(); ++v) mine.push_back({g.out_degree(v), g.external_id(v)});
  const auto all = g.comm().all_gather_v<candidate>(mine);
  return std::min_element(all.begin(), all.end(), [](const candidate& a, const candidate& b) {
           return a.degree != b.degree ? a.degree > b.degree : a.id < b.id;
         })->id;
}

struct algorithm_case {
  std::string name;        // the checkpoints' algorithm
  std::string parameters;  // and parameters, as the command line would record them
  bool weighted = false;
  bool approximate = false;  // compared within an L1 bound rather than bit for bit
  std::function<outcome(const distributed_graph&, const run_options&)> run;
  // Supersteps of the run cut short; 0: half of the uninterrupted run's. It must stop before
  // the result is final, or resuming would have nothing left to get wrong.
  std::uint64_t stop_after = 0;
};

std::uint64_t stop_point(const algorithm_case& c, const outcome& reference) {
  return c.stop_after != 0 ? c.stop_after : reference.metrics.supersteps.size() / 2;
}

algorithm_case pagerank_case(std::uint64_t iterations, double tolerance, std::string parameters) {
  return {"pagerank", std::move(parameters), false, true,
          [=](const distributed_graph& g, const run_options& o) {
            algorithms::pagerank_params p;
            p.iterations = iterations;
            p.tolerance = tolerance;
            return gathered(g, algorithms::pagerank(g, p, o));
          }};
}

algorithm_case case_named(const std::string& name) {
  if (name == "pagerank") return pagerank_case(30, 0.0, R"({"damping":0.85,"iterations":30})");
  if (name == "pagerank_tolerance") {
    return pagerank_case(100000, 1e-10, R"({"damping":0.85,"iterations":100000,"tolerance":1e-10})");
  }
  if (name == "bfs") {
    return {"bfs", R"({"source":"hub"})", false, false,
            [](const distributed_graph& g, const run_options& o) { return gathered(g, algorithms::bfs(g, hub(g), o)); }};
  }
  if (name == "sssp") {
    return {"sssp", R"({"source":"hub"})", true, false,
            [](const distributed_graph& g, const run_options& o) { return gathered(g, algorithms::sssp(g, hub(g), o)); }};
  }
  if (name == "cdlp") {
    // The labels of this graph settle after four iterations: stop after two (superstep 0 starts).
    return {"cdlp", R"({"iterations":10})", false, false,
            [](const distributed_graph& g, const run_options& o) { return gathered(g, algorithms::cdlp(g, 10, o)); },
            3};
  }
  if (name == "wcc") {
    return {"wcc", "{}", false, false,
            [](const distributed_graph& g, const run_options& o) { return gathered(g, algorithms::wcc(g, o)); }};
  }
  throw std::invalid_argument("no test case " + name);
}

// Collective: a directed Kronecker graph large enough for SSSP to need several supersteps.
distributed_graph graph_for(const communicator& comm, const algorithm_case& c) {
  load_request request;
  request.path = "gen:kronecker:scale=11:edge_factor=16:seed=7";
  request.directed = true;
  request.weighted = c.weighted;
  return load_graph(comm, request).graph;
}

// Collective: one run of `c` taking a checkpoint every `every` supersteps in dir (keeping them
// all), optionally resuming, stopped after max_supersteps.
outcome run_with(const distributed_graph& g, const algorithm_case& c, const std::string& dir, bool resume,
                 std::uint64_t every, std::uint64_t max_supersteps = unlimited) {
  checkpoint_settings s;
  s.dir = dir;
  s.every = every;
  s.keep = 1'000'000;
  s.resume = resume;
  s.algorithm = c.name;
  s.parameters = c.parameters;
  vertex_checkpoints checkpoints(g, std::move(s));
  run_options o;
  o.max_supersteps = max_supersteps;
  o.checkpoints = &checkpoints;
  return c.run(g, o);
}

// The resumed result against the reference: bit for bit, or for PageRank (whose resumed sums
// may round differently) within L1 1e-12 over all vertices of all ranks.
void expect_same(const algorithm_case& c, const outcome& reference, const outcome& got) {
  ASSERT_EQ(got.rows.size(), reference.rows.size());
  std::size_t differing = 0;
  double l1 = 0.0;
  for (std::size_t i = 0; i < got.rows.size(); ++i) {
    const row& want = reference.rows[i];
    const row& have = got.rows[i];
    ASSERT_EQ(have.id, want.id);
    if (c.approximate) {
      l1 += std::abs(std::bit_cast<double>(have.bits) - std::bit_cast<double>(want.bits));
    } else if (have.bits != want.bits && differing++ == 0) {
      ADD_FAILURE() << c.name << ": vertex " << have.id << " has bits " << have.bits << ", the reference " << want.bits;
    }
  }
  EXPECT_EQ(differing, 0U) << c.name << ": vertices differing from the reference";
  EXPECT_LE(l1, 1e-12) << c.name << ": L1 distance from the reference";
}

// Collective: rank 0 inverts 8 bytes in the middle of the checkpoint's largest dataset, found
// through plain serial HDF5 once the checkpoint reader has said which datasets there are.
void damage_largest_dataset(const communicator& comm, const std::string& path) {
  std::vector<std::string> datasets = {"/vertices/external_id"};
  {
    io::checkpoint_reader in(comm, path);
    for (const auto& column : in.columns()) datasets.push_back("/state/" + column.name);
  }
  dataset_extent largest;  // rank 0 alone opens the file; the others' extent is never used
  if (comm.rank() == 0) {
    for (const auto& name : datasets) {
      const dataset_extent e = extent_of(path, name);
      if (e.size > largest.size) largest = e;
    }
  }
  invert_middle_bytes(comm, path, largest);
}

void truncate_to_half(const communicator& comm, const std::string& path) {
  if (comm.rank() == 0) fs::resize_file(path, fs::file_size(path) / 2);
  comm.barrier();
}

// Collective: resuming in dir must fail as a usage error, on every rank alike.
void expect_refused(const distributed_graph& g, const algorithm_case& c, const std::string& dir) {
  try {
    (void)run_with(g, c, dir, true, 0);
    ADD_FAILURE() << c.name << " " << c.parameters << " resumed from a checkpoint of another run";
  } catch (const collective_error& e) {
    EXPECT_EQ(e.code(), exit_code::usage) << e.what();
  }
}

// The algorithms that take supersteps, by name (wcc's rounds are not supersteps: see below).
// Each test compares with the case's run without checkpoints on its graph.
class CheckpointResume : public ::testing::TestWithParam<std::string> {
 protected:
  const communicator comm;
  const algorithm_case c = case_named(GetParam());
  const distributed_graph g = graph_for(comm, c);
  const outcome reference = c.run(g, {});
};

TEST_P(CheckpointResume, ResumedRunEndsAsTheUninterruptedOne) {
  const std::uint64_t k = stop_point(c, reference);
  ASSERT_GE(k, 2U) << "too short a run to stop in its middle";

  const shared_dir dir(comm);
  // Cut short after k + 1 supersteps: the last one ends the run and takes no checkpoint.
  const auto partial = run_with(g, c, dir.str(), false, 1, k + 1);
  EXPECT_EQ(partial.metrics.supersteps.size(), k + 1);
  EXPECT_TRUE(partial.rows != reference.rows) << "the run cut short already holds the final result";
  comm.barrier();
  EXPECT_EQ(dir.checkpoints().size(), k);
  // Still taking a checkpoint every superstep after resuming, as a job restarted alike would.
  const auto resumed = run_with(g, c, dir.str(), true, 1);
  EXPECT_EQ(resumed.metrics.first_superstep, k);
  expect_same(c, reference, resumed);
}

TEST_P(CheckpointResume, ResumeWithoutCheckpointsStartsOver) {
  const shared_dir dir(comm);
  const auto resumed = run_with(g, c, dir.str(), true, 0);
  EXPECT_EQ(resumed.metrics.first_superstep, 0U);
  EXPECT_EQ(resumed.metrics.supersteps.size(), reference.metrics.supersteps.size());
  expect_same(c, reference, resumed);
}

TEST_P(CheckpointResume, DamagedCheckpointsArePassedOver) {
  const std::uint64_t k = stop_point(c, reference);
  ASSERT_GE(k, 3U) << "too short a run to damage two checkpoints and keep one";

  const shared_dir dir(comm);
  (void)run_with(g, c, dir.str(), false, 1, k + 1);
  comm.barrier();
  const auto files = dir.checkpoints();
  ASSERT_EQ(files.size(), k);
  // The resumed runs take no checkpoints, so the damaged files stay the newest.
  damage_largest_dataset(comm, files[k - 1]);
  const auto past_flipped = run_with(g, c, dir.str(), true, 0);
  EXPECT_EQ(past_flipped.metrics.first_superstep, k - 1);
  expect_same(c, reference, past_flipped);

  truncate_to_half(comm, files[k - 2]);
  const auto past_truncated = run_with(g, c, dir.str(), true, 0);
  EXPECT_EQ(past_truncated.metrics.first_superstep, k - 2);
  expect_same(c, reference, past_truncated);
}

INSTANTIATE_TEST_SUITE_P(Algorithms, CheckpointResume,
                         ::testing::Values("pagerank", "pagerank_tolerance", "bfs", "sssp", "cdlp"),
                         [](const auto& test) { return test.param; });

TEST(CheckpointResumeRefusal, CheckpointOfAnotherAlgorithmOrParameters) {
  const communicator comm;
  const auto pagerank = case_named("pagerank");
  const auto g = graph_for(comm, pagerank);  // bfs runs on the same graph: only the run differs
  {
    const shared_dir dir(comm);
    (void)run_with(g, case_named("bfs"), dir.str(), false, 1, 2);
    expect_refused(g, pagerank, dir.str());
  }
  const shared_dir dir(comm);
  (void)run_with(g, pagerank, dir.str(), false, 1, 2);
  auto other = pagerank;
  other.parameters = R"({"damping":0.85,"iterations":31})";
  expect_refused(g, other, dir.str());
}

// WCC ignores max_supersteps (Afforest runs its own rounds), so a full run leaves a checkpoint
// per round and all but one from the middle are removed before resuming.
TEST(CheckpointResumeWcc, ResumesFromAMiddleRound) {
  const communicator comm;
  const auto c = case_named("wcc");
  const auto g = graph_for(comm, c);
  const auto reference = c.run(g, {});

  const shared_dir dir(comm);
  expect_same(c, reference, run_with(g, c, dir.str(), false, 1));
  comm.barrier();
  const auto files = dir.checkpoints();
  ASSERT_GE(files.size(), 2U);
  const std::string& kept = files[(files.size() - 1) / 2];
  comm.barrier();  // every rank has listed the directory before rank 0 empties it
  if (comm.rank() == 0) {
    for (const auto& f : files) {
      if (f != kept) fs::remove(f);
    }
  }
  comm.barrier();
  const auto resumed = run_with(g, c, dir.str(), true, 0);
  EXPECT_EQ(resumed.metrics.first_superstep, number_of(kept));
  expect_same(c, reference, resumed);
}

}  // namespace
}  // namespace eddy
