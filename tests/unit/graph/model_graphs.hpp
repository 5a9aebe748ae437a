#pragma once
// The graphs the scatter-gather and gather-sum-apply tests share: networkx's weighted golden graph
// and serial references computed from its edge list.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "eddy/graph/graph_builder.hpp"
#include "eddy/graph/partitioner.hpp"

namespace eddy::model_tests {

struct golden_edge {
  std::uint64_t src, dst;
  double weight;
};
#include "../runtime/iteration_golden.inc"

// Each rank offers a stride of the edges, as a loader would.
inline distributed_graph build(const communicator& comm, const std::vector<io::edge_record>& edges, bool weighted,
                               const std::string& partition) {
  std::vector<io::edge_record> mine;
  const auto ranks = static_cast<std::size_t>(comm.size());
  for (std::size_t i = static_cast<std::size_t>(comm.rank()); i < edges.size(); i += ranks) {
    mine.push_back(edges[i]);
  }
  graph_options options;
  options.weighted = weighted;
  return build_graph(comm, mine, std::nullopt, options, make_partitioner(partition));
}

inline std::vector<io::edge_record> golden_edges() {
  std::vector<io::edge_record> out;
  for (const auto& e : golden_weighted_edges) out.push_back({e.src, e.dst, e.weight});
  return out;
}

inline std::string label_of(vertex_id id) {
  std::string s(1, 'v');
  s += std::to_string(id);
  return s;
}

// Serial union-find over the golden edges: each vertex's weakly connected component, named by
// its lexicographically smallest label.
inline std::map<vertex_id, std::string> weak_component_labels() {
  std::map<vertex_id, vertex_id> parent;
  const auto find = [&](vertex_id v) {
    while (parent.at(v) != v) v = parent[v] = parent[parent[v]];
    return v;
  };
  for (const auto& e : golden_weighted_edges) parent.try_emplace(e.src, e.src), parent.try_emplace(e.dst, e.dst);
  for (const auto& e : golden_weighted_edges) parent[find(e.src)] = find(e.dst);
  std::map<vertex_id, std::string> best;
  for (const auto& [v, p] : parent) {
    const auto root = find(v);
    const auto it = best.find(root);
    if (it == best.end() || label_of(v) < it->second) best[root] = label_of(v);
  }
  std::map<vertex_id, std::string> out;
  for (const auto& [v, p] : parent) out[v] = best[find(v)];
  return out;
}

}  // namespace eddy::model_tests
