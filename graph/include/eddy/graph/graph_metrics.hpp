#pragma once
// Whole-graph statistics of a property graph, after Gelly's VertexMetrics and EdgeMetrics.
//  vertex_metrics, on the graph as stored (parallel edges each count, a self-loop is one out- and
//  one in-edge):
//    vertices, edges; average_degree = edges / vertices (the mean out-degree); density =
//    edges / (vertices * (vertices - 1)); max_in_degree, max_out_degree, max_degree (in + out).
//    triplets = sum over vertices of C(n, 2) and max_triplets its largest term, where n is the
//    number of distinct neighbours (either direction, the vertex itself excluded).
//  edge_metrics, on the simple undirected graph (each pair of distinct adjacent vertices one edge):
//    with d the degree there, a vertex's "low" neighbours are those t with d(v) < d(t), or equal
//    degree and v < t; low = their number, high = n - low. triangle_triplets = sum of C(low, 2),
//    rectangle_triplets = sum of C(low, 2) + low * high, and the largest terms of each.
// Both are collective and give every rank the same numbers; average and density are NaN where
// their denominator is zero.
#include <cstdint>
#include <limits>
#include <utility>

#include "eddy/graph/property_graph.hpp"

namespace eddy {

struct graph_vertex_metrics {
  std::uint64_t vertices = 0;
  std::uint64_t edges = 0;
  double average_degree = 0;
  double density = 0;
  std::uint64_t max_in_degree = 0;
  std::uint64_t max_out_degree = 0;
  std::uint64_t max_degree = 0;
  std::uint64_t triplets = 0;
  std::uint64_t max_triplets = 0;
};

struct graph_edge_metrics {
  std::uint64_t triangle_triplets = 0;
  std::uint64_t rectangle_triplets = 0;
  std::uint64_t max_triangle_triplets = 0;
  std::uint64_t max_rectangle_triplets = 0;
};

namespace metrics_detail {

// The structure alone, each adjacent pair once in each direction, no self-loops.
template <class VV, class EV>
[[nodiscard]] property_graph<> simple_undirected(const property_graph<VV, EV>& g) {
  return g.map_vertices([](const auto&) { return no_value{}; })
      .map_edges([](const auto&) { return no_value{}; })
      .undirected()
      .simplify();
}

[[nodiscard]] inline std::uint64_t pairs(std::uint64_t n) noexcept { return n < 2 ? 0 : n * (n - 1) / 2; }
[[nodiscard]] inline double ratio(double a, double b) noexcept {
  return b == 0 ? std::numeric_limits<double>::quiet_NaN() : a / b;
}

}  // namespace metrics_detail

template <class VV, class EV>
[[nodiscard]] graph_vertex_metrics vertex_metrics(const property_graph<VV, EV>& g) {
  const auto& comm = g.comm();
  const auto in = g.in_degrees();
  const auto out = g.out_degrees();
  const auto distinct = metrics_detail::simple_undirected(g).out_degrees();
  graph_vertex_metrics m;
  for (std::size_t i = 0; i < in.size(); ++i) {
    m.max_in_degree = std::max(m.max_in_degree, in[i].value);
    m.max_out_degree = std::max(m.max_out_degree, out[i].value);
    m.max_degree = std::max(m.max_degree, in[i].value + out[i].value);
    const auto t = metrics_detail::pairs(distinct[i].value);
    m.triplets += t;
    m.max_triplets = std::max(m.max_triplets, t);
  }
  m.vertices = g.number_of_vertices();
  m.edges = g.number_of_edges();
  m.triplets = comm.all_reduce(m.triplets, reduce_op::sum);
  for (auto* max : {&m.max_in_degree, &m.max_out_degree, &m.max_degree, &m.max_triplets}) {
    *max = comm.all_reduce(*max, reduce_op::max);
  }
  const auto v = static_cast<double>(m.vertices);
  m.average_degree = metrics_detail::ratio(static_cast<double>(m.edges), v);
  m.density = metrics_detail::ratio(static_cast<double>(m.edges), v * (v - 1));
  return m;
}

template <class VV, class EV>
[[nodiscard]] graph_edge_metrics edge_metrics(const property_graph<VV, EV>& g) {
  const auto& comm = g.comm();
  const auto simple = metrics_detail::simple_undirected(g);
  const auto degree = simple.out_degrees();
  using ends = std::pair<std::uint64_t, std::uint64_t>;  // (d(source), d(target))
  const auto with_degrees =
      simple.map_edges([](const auto&) { return ends{}; })
          .join_with_edges_on_source(degree, [](ends e, std::uint64_t d) { return ends{d, e.second}; })
          .join_with_edges_on_target(degree, [](ends e, std::uint64_t d) { return ends{e.first, d}; });
  graph_edge_metrics m;
  const auto edges = with_degrees.edges();
  for (std::size_t i = 0; i < edges.size();) {
    std::uint64_t low = 0;
    std::size_t j = i;
    for (; j < edges.size() && edges[j].source == edges[i].source; ++j) {
      const auto [ds, dt] = edges[j].value;
      if (ds < dt || (ds == dt && edges[j].source < edges[j].target)) ++low;
    }
    const std::uint64_t high = (j - i) - low;
    const auto triangle = metrics_detail::pairs(low);
    const auto rectangle = triangle + low * high;
    m.triangle_triplets += triangle;
    m.rectangle_triplets += rectangle;
    m.max_triangle_triplets = std::max(m.max_triangle_triplets, triangle);
    m.max_rectangle_triplets = std::max(m.max_rectangle_triplets, rectangle);
    i = j;
  }
  m.triangle_triplets = comm.all_reduce(m.triangle_triplets, reduce_op::sum);
  m.rectangle_triplets = comm.all_reduce(m.rectangle_triplets, reduce_op::sum);
  m.max_triangle_triplets = comm.all_reduce(m.max_triangle_triplets, reduce_op::max);
  m.max_rectangle_triplets = comm.all_reduce(m.max_rectangle_triplets, reduce_op::max);
  return m;
}

}  // namespace eddy
