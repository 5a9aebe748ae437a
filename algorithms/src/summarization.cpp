#include "eddy/algorithms/summarization.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "eddy/graph/ghost_sync.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/exchange.hpp"
#include "step_metrics.hpp"

namespace eddy::algorithms {
namespace {

const auto vertex_key = [](const summary_vertex& v) { return v.value; };
const auto edge_key = [](const summary_edge& e) { return std::tuple(e.source, e.target, e.value); };

void merge(summary_vertex& into, const summary_vertex& v) {
  into.representative = std::min(into.representative, v.representative);
  into.size += v.size;
}
void merge(summary_edge& into, const summary_edge& e) { into.count += e.count; }

// Sorts the records by key and merges those with equal keys into one.
template <class T, class Key>
void combine(std::vector<T>& records, Key key) {
  std::sort(records.begin(), records.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (kept != 0 && key(records[kept - 1]) == key(records[i])) {
      merge(records[kept - 1], records[i]);
    } else {
      records[kept++] = records[i];
    }
  }
  records.resize(kept);
}

// Collective: combines this rank's records and sends each to the rank home(record) names, which
// receives them by sender (still to be combined there).
template <class T, class Key, class Home>
inbox<T> send_home(const communicator& comm, std::vector<T> records, Key key, Home home) {
  combine(records, key);
  outbox<T> out(comm.size());
  for (const auto& r : records) out.push(home(r), r);
  return exchange(comm, out);
}

// The group of value x in groups sorted by value, which must hold it.
const summary_vertex& group_of(const std::vector<summary_vertex>& groups, std::uint64_t x) {
  return *std::lower_bound(groups.begin(), groups.end(), x,
                           [](const summary_vertex& a, std::uint64_t value) { return a.value < value; });
}

}  // namespace

summary_result summarization(const distributed_graph& g, std::span<const std::uint64_t> vertex_values,
                             const run_options& options) {
  const local_id n = g.local_vertices();
  agree_that(g.comm(), vertex_values.size() == n,
             "summarization needs one value per vertex; rank " + std::to_string(g.comm().rank()) + " got " +
                 std::to_string(vertex_values.size()) + " for " + std::to_string(n));
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t bytes_before = g.comm().bytes_sent();
  const int p = g.comm().size();
  const auto home = [p](std::uint64_t key) { return static_cast<int>(key % static_cast<std::uint64_t>(p)); };
  summary_result result;

  std::vector<summary_vertex> members;
  for (local_id v = 0; v < n; ++v) members.push_back({vertex_values[v], g.external_id(v), 1});
  const auto incoming =
      send_home(g.comm(), std::move(members), vertex_key, [&](const summary_vertex& v) { return home(v.value); });
  result.vertices = incoming.items;
  combine(result.vertices, vertex_key);

  // Each group's home tells the ranks holding members its representative.
  outbox<summary_vertex> answers(p);
  for (int s = 0; s < p; ++s) {
    for (const auto& v : incoming.from(s)) {
      answers.push(s, group_of(result.vertices, v.value));
    }
  }
  auto groups = exchange(g.comm(), answers).items;
  combine(groups, vertex_key);
  std::vector<vertex_id> representative(std::size_t{n} + g.ghost_vertices());
  for (local_id v = 0; v < n; ++v) {
    representative[v] = group_of(groups, vertex_values[v]).representative;
  }
  const ghost_sync mirrors(g);
  mirrors.sync(std::span<vertex_id>(representative));

  std::vector<summary_edge> arcs;
  arcs.reserve(g.local_arcs());
  for (local_id u = 0; u < n; ++u) {
    const auto targets = g.out_neighbors(u);
    const auto weights = g.out_weights(u);
    for (std::size_t k = 0; k < targets.size(); ++k) {
      arcs.push_back({representative[u], representative[targets[k]], weights.empty() ? 1.0 : weights[k], 1});
    }
  }
  result.edges =
      send_home(g.comm(), std::move(arcs), edge_key, [&](const summary_edge& e) { return home(e.source); }).items;
  combine(result.edges, edge_key);
  result.metrics = single_step_metrics(g, start, bytes_before, options);
  return result;
}

}  // namespace eddy::algorithms
