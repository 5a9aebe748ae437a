// Distributed baseline: the kernels of `eddy run` computed by the Parallel BGL on its distributed
// compressed_sparse_row_graph (block distribution of dense vertex indices), under mpirun like eddy.
// Only the library call is timed, between two barriers, on rank 0; reading, id mapping, the arc
// shuffle and building the graph are not.
//
// Semantics (see bgl_baseline.cpp for the PageRank scaling, which is the same here):
// - pagerank: boost::graph::distributed::page_rank, the push formulation of Boost's unnormalised
//   recurrence; started from 1 and divided by N, it equals eddy's on graphs without sinks.
// - bfs: distributed breadth_first_search recording hop counts on tree edges into a distributed
//   map that keeps the minimum of concurrent writes (PBGL's documented recipe).
// - cc: distributed connected_components (Shiloach-Vishkin style hooking) on arcs stored both ways.
// - sssp: delta_stepping_shortest_paths with Boost's own choice of delta (max weight / max degree).
// PBGL has no triangle counting or clustering coefficient.
#include <boost/graph/use_mpi.hpp>

#include <boost/graph/distributed/breadth_first_search.hpp>
#include <boost/graph/distributed/compressed_sparse_row_graph.hpp>
#include <boost/graph/distributed/connected_components.hpp>
#include <boost/graph/distributed/delta_stepping_shortest_paths.hpp>
#include <boost/graph/distributed/distributed_graph_utility.hpp>
#include <boost/graph/distributed/mpi_process_group.hpp>
#include <boost/graph/distributed/page_rank.hpp>
#include <boost/mpi/environment.hpp>

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>

#include "baseline_common.hpp"
#include "eddy/runtime/metrics.hpp"

namespace {

using namespace eddy::bench;
using boost::graph::distributed::mpi_process_group;

struct weighted_arc {
  double weight = 1.0;
  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & weight;
  }
};
using graph_type = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, weighted_arc,
                                                      boost::no_property, boost::distributedS<mpi_process_group>>;
using vertex_t = boost::graph_traits<graph_type>::vertex_descriptor;

int rank_of(MPI_Comm comm) {
  int r = 0;
  MPI_Comm_rank(comm, &r);
  return r;
}
int size_of(MPI_Comm comm) {
  int p = 0;
  MPI_Comm_size(comm, &p);
  return p;
}

int checked_count(std::size_t n) {
  if (n > static_cast<std::size_t>(INT_MAX)) throw std::runtime_error("too many items for one MPI message");
  return static_cast<int>(n);
}

// The sorted union of every rank's sorted ids, on every rank. Ranks merge pairwise up a binomial
// tree, so no rank ever holds more than two partial unions at once.
std::vector<std::uint64_t> all_vertex_ids(std::vector<std::uint64_t> ids, MPI_Comm comm) {
  const int rank = rank_of(comm), size = size_of(comm);
  for (int step = 1; step < size; step *= 2) {
    if (rank % (2 * step) != 0) {
      const std::uint64_t count = ids.size();
      MPI_Send(&count, 1, MPI_UINT64_T, rank - step, 0, comm);
      MPI_Send(ids.data(), checked_count(ids.size()), MPI_UINT64_T, rank - step, 1, comm);
      break;
    }
    if (rank + step < size) {
      std::uint64_t count = 0;
      MPI_Recv(&count, 1, MPI_UINT64_T, rank + step, 0, comm, MPI_STATUS_IGNORE);
      std::vector<std::uint64_t> other(count), merged;
      MPI_Recv(other.data(), checked_count(count), MPI_UINT64_T, rank + step, 1, comm, MPI_STATUS_IGNORE);
      merged.reserve(ids.size() + other.size());
      std::set_union(ids.begin(), ids.end(), other.begin(), other.end(), std::back_inserter(merged));
      ids.swap(merged);
    }
  }
  std::uint64_t count = ids.size();
  MPI_Bcast(&count, 1, MPI_UINT64_T, 0, comm);
  ids.resize(count);
  MPI_Bcast(ids.data(), checked_count(count), MPI_UINT64_T, 0, comm);
  return ids;
}

// Sends every arc to the owner of its source under PBGL's block distribution.
std::vector<arc> shuffle_to_owners(std::vector<arc> arcs, const boost::parallel::block& owner, MPI_Comm comm) {
  const int p = size_of(comm);
  if (p == 1) return arcs;
  std::vector<int> send_counts(p, 0), recv_counts(p), send_at(p + 1, 0), recv_at(p + 1, 0);
  std::vector<std::size_t> count(p, 0);
  for (const auto& a : arcs) ++count[owner(a.src)];
  for (int r = 0; r < p; ++r) send_counts[r] = checked_count(count[r]);
  MPI_Alltoall(send_counts.data(), 1, MPI_INT, recv_counts.data(), 1, MPI_INT, comm);
  std::size_t total = 0;
  for (int r = 0; r < p; ++r) {
    send_at[r + 1] = send_at[r] + send_counts[r];
    total += static_cast<std::size_t>(recv_counts[r]);
    recv_at[r + 1] = checked_count(total);
  }
  std::vector<arc> sorted(arcs.size()), received(total);
  {
    std::vector<int> at(send_at.begin(), send_at.end() - 1);
    for (const auto& a : arcs) sorted[static_cast<std::size_t>(at[owner(a.src)]++)] = a;
  }
  arcs = {};
  MPI_Datatype arc_type;
  MPI_Type_contiguous(static_cast<int>(sizeof(arc)), MPI_BYTE, &arc_type);
  MPI_Type_commit(&arc_type);
  MPI_Alltoallv(sorted.data(), send_counts.data(), send_at.data(), arc_type, received.data(), recv_counts.data(),
                recv_at.data(), arc_type, comm);
  MPI_Type_free(&arc_type);
  return received;
}

struct loaded {
  dense_ids ids;
  graph_type graph;
  std::uint64_t arcs = 0;  // over all ranks
};

loaded load(const baseline_options& o, mpi_process_group& pg) {
  const MPI_Comm comm = MPI_COMM_WORLD;
  const int rank = rank_of(comm), size = size_of(comm);
  auto edges = load_edges(o.graph, rank, size, o.algorithm == "sssp");
  dense_ids ids(all_vertex_ids(endpoint_ids(edges), comm));
  const auto n = ids.size();
  if (n < static_cast<std::uint64_t>(size)) throw std::runtime_error("fewer vertices than ranks");
  boost::parallel::block owner(pg, n);
  auto arcs = to_arcs(edges, ids, o.undirected || o.algorithm == "cc");
  edges = {};
  arcs = shuffle_to_owners(std::move(arcs), owner, comm);
  std::uint64_t local_arcs = arcs.size(), all_arcs = 0;
  MPI_Allreduce(&local_arcs, &all_arcs, 1, MPI_UINT64_T, MPI_SUM, comm);
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ends;
  std::vector<weighted_arc> weights;
  ends.reserve(arcs.size());
  weights.reserve(arcs.size());
  for (const auto& a : arcs) {
    ends.emplace_back(a.src, a.dst);
    weights.push_back({a.weight});
  }
  arcs = {};
  // Boost 1.74's in-place distributed constructor does not compile with edge properties
  // (it calls a member the sequential CSR no longer has), hence the edge-list one.
  graph_type g(boost::edges_are_unsorted_multi_pass, ends.begin(), ends.end(), weights.begin(), n, pg, owner);
  return {std::move(ids), std::move(g), all_arcs};
}

// Rank 0 receives every rank's values, in rank order, which is dense (hence external id) order.
template <class T>
std::vector<T> gather_values(const std::vector<T>& local, MPI_Comm comm) {
  const int p = size_of(comm);
  const int mine = checked_count(local.size() * sizeof(T));
  std::vector<int> bytes(p), at(p + 1, 0);
  MPI_Gather(&mine, 1, MPI_INT, bytes.data(), 1, MPI_INT, 0, comm);
  for (int r = 0; r < p; ++r) at[r + 1] = checked_count(static_cast<std::size_t>(at[r]) + bytes[r]);
  std::vector<T> all(rank_of(comm) == 0 ? static_cast<std::size_t>(at[p]) / sizeof(T) : 0);
  MPI_Gatherv(local.data(), mine, MPI_BYTE, all.data(), bytes.data(), at.data(), MPI_BYTE, 0, comm);
  return all;
}

int run(const baseline_options& o) {
  const MPI_Comm comm = MPI_COMM_WORLD;
  mpi_process_group pg;
  auto [ids, g, all_arcs] = load(o, pg);
  const auto local_n = num_vertices(g);
  const auto index = get(boost::vertex_index, g);
  run_report report;
  report.baseline = "pbgl";
  report.algorithm = o.algorithm;
  report.ranks = size_of(comm);
  report.vertices = ids.size();
  report.arcs = all_arcs;
  vertex_t source{};
  if (o.algorithm == "bfs" || o.algorithm == "sssp") {
    source = vertex(ids.index_of(*o.source), g);
    report.source = *o.source;
  }
  const bool own_source = report.source && get(boost::vertex_owner, g, source) == process_id(pg);

  std::vector<double> reals;
  std::vector<std::int64_t> integers;
  std::vector<double> scratch;
  MPI_Barrier(comm);
  const auto start = std::chrono::steady_clock::now();
  if (o.algorithm == "pagerank") {
    reals.assign(local_n, 0.0);
    scratch.resize(local_n);
    boost::graph::page_rank(g, boost::make_iterator_property_map(reals.begin(), index),
                            boost::graph::n_iterations(o.iterations), o.damping, 1,
                            boost::make_iterator_property_map(scratch.begin(), index));
  } else if (o.algorithm == "bfs") {
    integers.assign(local_n, std::numeric_limits<std::int64_t>::max());
    auto distance = boost::make_iterator_property_map(integers.begin(), index);
    distance.set_reduce(boost::graph::distributed::choose_min_reducer<std::int64_t>());
    if (own_source) integers[get(boost::vertex_local, g, source)] = 0;
    boost::breadth_first_search(
        g, source, boost::visitor(boost::make_bfs_visitor(boost::record_distances(distance, boost::on_tree_edge()))));
  } else if (o.algorithm == "cc") {
    integers.assign(local_n, 0);
    report.components = static_cast<std::uint64_t>(
        boost::graph::connected_components(g, boost::make_iterator_property_map(integers.begin(), index)));
  } else {  // sssp
    reals.assign(local_n, 0.0);
    boost::graph::distributed::delta_stepping_shortest_paths(g, source, boost::dummy_property_map(),
                                                             boost::make_iterator_property_map(reals.begin(), index),
                                                             get(&weighted_arc::weight, g));
  }
  MPI_Barrier(comm);
  report.algorithm_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::uint64_t rss = eddy::peak_rss_bytes();
  MPI_Reduce(&rss, &report.peak_rss_bytes, 1, MPI_UINT64_T, MPI_MAX, 0, comm);

  std::uint64_t reached = 0;
  if (o.algorithm == "pagerank") {
    for (auto& r : reals) r /= static_cast<double>(ids.size());
  } else if (o.algorithm == "bfs") {
    reached = local_n - static_cast<std::uint64_t>(
                            std::count(integers.begin(), integers.end(), std::numeric_limits<std::int64_t>::max()));
  } else if (o.algorithm == "sssp") {
    for (auto& d : reals) {  // delta-stepping leaves the largest double where nothing arrived
      if (d == std::numeric_limits<double>::max()) d = std::numeric_limits<double>::infinity();
    }
    reached = local_n - static_cast<std::uint64_t>(
                            std::count(reals.begin(), reals.end(), std::numeric_limits<double>::infinity()));
  }
  if (report.source) {
    std::uint64_t total = 0;
    MPI_Reduce(&reached, &total, 1, MPI_UINT64_T, MPI_SUM, 0, comm);
    report.reached = total;
  }
  if (rank_of(comm) == 0) print_report(report);
  if (!o.output.empty()) {
    if (reals.empty()) {
      const auto all = gather_values(integers, comm);
      if (rank_of(comm) == 0) write_values(o.output, ids.ids(), all);
    } else {
      const auto all = gather_values(reals, comm);
      if (rank_of(comm) == 0) write_values(o.output, ids.ids(), all);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  boost::mpi::environment env(argc, argv);
  baseline_options options;
  // Every rank parses the same arguments; only rank 0 prints help or errors.
  if (auto code = parse_command_line(argc, argv, "eddy_pbgl_baseline", {"pagerank", "bfs", "cc", "sssp"}, options,
                                     rank_of(MPI_COMM_WORLD) == 0)) {
    return *code;
  }
  try {
    return run(options);
  } catch (const std::exception& e) {
    // An error seen by one rank only would leave the others waiting in a collective.
    std::fprintf(stderr, "eddy_pbgl_baseline: error (rank %d): %s\n", rank_of(MPI_COMM_WORLD), e.what());
    std::fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  return 1;
}
