// A worked delta iteration without a graph: connected components of a key relation, as in Flink's
// ConnectedComponents example. The solution set maps each key to the smallest key known to reach
// it; the workset carries candidate labels, and only keys offered a smaller label do any work, so
// the iteration shrinks to the frontier of change and stops when no candidate is left. Run:
//   mpirun -np 2 build/bin/eddy_example_relation_components --pairs email-Eu-core.txt.gz
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <map>

#include "eddy/io/edge_list_reader.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/delta_iteration.hpp"
#include "eddy/runtime/mpi_environment.hpp"

using key_id = std::uint64_t;

// Errors of the computation arrive as collective_error, caught below; any other exception is a bug,
// and std::terminate ending the job is the right response to it.
// NOLINTNEXTLINE(bugprone-exception-escape): deliberate, as said above
int main(int argc, char** argv) {
  eddy::mpi_environment mpi(argc, argv);
  const eddy::communicator comm;
  CLI::App app{"Delta iteration example: connected components of a key relation"};
  std::string path;
  app.add_option("--pairs", path, "Pairs of related keys, one pair per line (plain or gzip)")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return comm.rank() == 0 ? app.exit(e) : (e.get_exit_code() == 0 ? 0 : 2);
  }
  try {
    std::vector<eddy::io::edge_record> pairs;
    eddy::agree(comm, [&] { pairs = eddy::io::read_edge_list(path, comm.rank(), comm.size(), {}); });
    // The relation is symmetric: each pair offers each key the other's id as a first candidate.
    std::vector<std::pair<key_id, key_id>> offers;
    offers.reserve(2 * pairs.size());
    for (const auto& p : pairs) {
      offers.emplace_back(p.src, p.dst);
      offers.emplace_back(p.dst, p.src);
    }

    eddy::delta_iteration<key_id, key_id, key_id> components(comm);
    const auto related = eddy::group_by_key(comm, components.partition(), offers);
    std::vector<std::pair<key_id, key_id>> labels;
    labels.reserve(related.size());
    for (const auto& [k, others] : related) labels.emplace_back(k, k);
    components.load_solution(labels);
    components.load_workset(offers);

    const auto run = components.run(
        [&](auto& ctx, key_id k, std::span<const key_id> candidates) {
          const key_id best = *std::min_element(candidates.begin(), candidates.end());
          if (best >= *ctx.solution()) return;
          ctx.update(best);
          for (const key_id other : related.at(k)) ctx.emit(other, best);
        },
        {});

    std::map<key_id, std::uint64_t> sizes;  // this rank's keys per label
    for (const auto& [k, label] : components.solution()) ++sizes[label];
    std::vector<eddy::keyed<key_id, std::uint64_t>> mine;
    mine.reserve(sizes.size());
    for (const auto& [label, count] : sizes) mine.push_back({label, count});
    std::map<key_id, std::uint64_t> all;
    for (const auto& [label, count] : comm.all_gather_v<eddy::keyed<key_id, std::uint64_t>>(mine)) all[label] += count;
    std::uint64_t keys = 0;
    std::uint64_t largest = 0;
    for (const auto& [label, count] : all) {
      keys += count;
      largest = std::max(largest, count);
    }
    if (comm.rank() == 0) {
      std::printf("%zu components over %llu keys, the largest with %llu keys, after %zu supersteps\n", all.size(),
                  static_cast<unsigned long long>(keys), static_cast<unsigned long long>(largest),
                  run.supersteps.size());
    }
  } catch (const eddy::collective_error& e) {
    if (comm.rank() == 0) std::fprintf(stderr, "error: %s\n", e.what());
    return static_cast<int>(e.code());
  }
  return 0;
}
