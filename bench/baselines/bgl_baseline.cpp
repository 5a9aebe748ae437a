// Sequential baseline: the kernels of `eddy run` computed by Boost.Graph on its
// compressed_sparse_row_graph, so that eddy's benchmark can show what a well-known single-process
// library achieves on the same graph. Only the library call is timed; reading the input and
// building the CSR are not.
//
// Semantics, aligned with eddy's (docs/ALGORITHMS.md) where the library allows it:
// - pagerank: boost::graph::page_rank computes the unnormalised recurrence
//   R(v) = (1-d) + d * sum_{u->v} R(u)/outdeg(u), starting from 1/n where n is its last argument.
//   Passing n = 1 starts from 1, and then R/N is exactly eddy's PageRank on graphs without sinks.
//   Boost drops the rank of sinks instead of spreading it over all vertices (LDBC), so on graphs
//   with sinks the values differ from eddy's by design.
// - bfs: hop counts from the source along out-arcs; unreachable = INT64_MAX as in eddy.
// - cc: boost::connected_components (one DFS) on the arcs stored in both directions, i.e. weakly
//   connected components of a directed input. Labels are Boost's component numbers.
// - sssp: dijkstra_shortest_paths over the third column; unreachable = infinity.
// Local clustering / triangle counting is not offered: Boost's clustering_coefficient looks every
// edge up by a linear scan on a CSR graph (O(sum deg^3)), hopeless on Kronecker hubs.
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/page_rank.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>

#include "baseline_common.hpp"
#include "eddy/runtime/error.hpp"
#include "eddy/runtime/metrics.hpp"

namespace {

using namespace eddy::bench;

struct weighted_arc {
  double weight = 1.0;
};
using graph_type = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, weighted_arc>;
using vertex_t = boost::graph_traits<graph_type>::vertex_descriptor;

struct loaded {
  dense_ids ids;
  graph_type graph;
};

loaded load(const baseline_options& o) {
  const bool weighted = o.algorithm == "sssp";
  auto edges = load_edges(o.graph, 0, 1, weighted);
  dense_ids ids(endpoint_ids(edges));
  // cc needs every arc both ways: Boost's components are those of an undirected graph.
  const bool both = o.undirected || o.algorithm == "cc";
  std::vector<vertex_t> sources, targets;
  std::vector<weighted_arc> weights;
  const std::size_t arcs = both ? 2 * edges.size() : edges.size();
  sources.reserve(arcs);
  targets.reserve(arcs);
  weights.reserve(arcs);
  for_each_arc(edges, ids, both, [&](std::uint64_t s, std::uint64_t d, double w) {
    sources.push_back(s);
    targets.push_back(d);
    weights.push_back({w});
  });
  edges = {};
  const auto n = ids.size();
  graph_type g(boost::construct_inplace_from_sources_and_targets, sources, targets, weights, n);
  return {std::move(ids), std::move(g)};
}

using clock_type = std::chrono::steady_clock;
double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

int run(const baseline_options& o) {
  auto [ids, g] = load(o);
  const auto n = ids.size();
  const auto index = get(boost::vertex_index, g);
  run_report report;
  report.baseline = "bgl";
  report.algorithm = o.algorithm;
  report.vertices = n;
  report.arcs = num_edges(g);
  std::optional<vertex_t> source;
  if (o.algorithm == "bfs" || o.algorithm == "sssp") {
    source = ids.index_of(*o.source);
    report.source = *o.source;
  }

  std::vector<double> reals;
  std::vector<std::int64_t> integers;
  const auto start = clock_type::now();
  if (o.algorithm == "pagerank") {
    reals.assign(n, 0.0);
    boost::graph::page_rank(g, boost::make_iterator_property_map(reals.begin(), index),
                            boost::graph::n_iterations(o.iterations), o.damping, 1);
  } else if (o.algorithm == "bfs") {
    integers.assign(n, std::numeric_limits<std::int64_t>::max());
    auto distance = boost::make_iterator_property_map(integers.begin(), index);
    distance[*source] = 0;
    boost::breadth_first_search(
        g, *source, boost::visitor(boost::make_bfs_visitor(boost::record_distances(distance, boost::on_tree_edge()))));
  } else if (o.algorithm == "cc") {
    integers.assign(n, 0);
    report.components = static_cast<std::uint64_t>(
        boost::connected_components(g, boost::make_iterator_property_map(integers.begin(), index)));
  } else {  // sssp
    reals.assign(n, 0.0);
    boost::dijkstra_shortest_paths(g, *source,
                                   boost::weight_map(get(&weighted_arc::weight, g))
                                       .distance_map(boost::make_iterator_property_map(reals.begin(), index))
                                       .distance_inf(std::numeric_limits<double>::infinity()));
  }
  report.algorithm_seconds = seconds_since(start);
  report.peak_rss_bytes = eddy::peak_rss_bytes();

  if (o.algorithm == "pagerank") {
    for (auto& r : reals) r /= static_cast<double>(n);  // see the top of the file
  } else if (o.algorithm == "bfs") {
    report.reached = n - static_cast<std::uint64_t>(
                             std::count(integers.begin(), integers.end(), std::numeric_limits<std::int64_t>::max()));
  } else if (o.algorithm == "sssp") {
    report.reached = n - static_cast<std::uint64_t>(std::count_if(reals.begin(), reals.end(),
                                                                  [](double x) { return std::isinf(x); }));
  }
  print_report(report);
  if (!o.output.empty()) {
    if (reals.empty()) {
      write_values(o.output, ids.ids(), integers);
    } else {
      write_values(o.output, ids.ids(), reals);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  baseline_options options;
  if (auto code = parse_command_line(argc, argv, "eddy_bgl_baseline", {"pagerank", "bfs", "cc", "sssp"}, options)) {
    return *code;
  }
  try {
    return run(options);
  } catch (const eddy::error& e) {  // bad input or usage, with eddy's exit codes
    std::fprintf(stderr, "eddy_bgl_baseline: error: %s\n", e.what());
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "eddy_bgl_baseline: error: %s\n", e.what());
    return 1;
  }
}
