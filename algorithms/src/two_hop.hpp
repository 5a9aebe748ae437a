#pragma once
// The two-hop walk behind the neighbourhood-similarity measures (similarity.cpp) and bipartite
// projections (bipartite_projection.cpp): for every owned u, the vertices sharing a simple
// neighbour with it, grouped and scored per partner.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

#include "eddy/algorithms/similarity.hpp"
#include "simple_neighbours.hpp"
#include "step_metrics.hpp"

namespace eddy::algorithms::two_hop {

// A neighbour as its owner describes it to the ranks mirroring the list's vertex.
struct neighbour_entry {
  vertex_id id;
  std::uint64_t degree;
};

// What one shared neighbour w contributes to the pair it links.
struct contribution {
  vertex_id partner;
  std::uint64_t partner_degree;
  double weight;
  bool operator<(const contribution& o) const { return partner < o.partner; }
};

// Two hops from every owned u: u's neighbours' neighbour lists, which for a ghost neighbour are
// fetched once from its owner (ghost_sync::ghost_lists) with each entry's id and degree, so the
// partner needs no further lookup. Contributions are gathered per u, grouped by partner, and
// scored. include(u) tells whether owned u's pairs are wanted; weight(w's degree) is a shared
// neighbour's contribution; score(shared count, weight sum, d(u), d(v)) the pair's score.
template <class Include, class Weight, class Score>
similarity_result similar_pairs(const distributed_graph& g, const similarity_params& params,
                                const run_options& options, Include include, Weight weight, Score score) {
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t bytes_before = g.comm().bytes_sent();
  const local_id n = g.local_vertices();
  const ghost_sync mirrors(g);
  const auto neighbours = simple_neighbour_lists(g);

  const std::size_t slots = std::size_t{n} + g.ghost_vertices();
  std::vector<vertex_id> ids(slots);
  std::vector<std::uint64_t> degree(slots);
  for (local_id v = 0; v < n; ++v) {
    ids[v] = g.external_id(v);
    degree[v] = neighbours.of(v).size();
  }
  mirrors.sync(std::span<vertex_id>(ids));
  mirrors.sync(std::span<std::uint64_t>(degree));

  vertex_lists<neighbour_entry> owned;
  owned.offsets = neighbours.offsets;
  owned.items.resize(neighbours.items.size());
  tbb::parallel_for(std::size_t{0}, owned.items.size(), [&](std::size_t k) {
    const local_id x = neighbours.items[k];
    owned.items[k] = {ids[x], degree[x]};
  });
  const auto ghosts = mirrors.ghost_lists(owned);
  const auto list_of = [&](local_id w) { return w < n ? owned.of(w) : ghosts.of(w - n); };

  struct scratch {
    std::vector<local_id> order;
    std::vector<contribution> found;
    std::vector<similarity_pair> scored;
    std::vector<similarity_pair> pairs;
  };
  tbb::enumerable_thread_specific<scratch> per_thread;
  const auto better = [](const similarity_pair& a, const similarity_pair& b) {
    return a.score != b.score ? a.score > b.score : a.v < b.v;
  };
  tbb::parallel_for(tbb::blocked_range<local_id>(0, n, 64), [&](const tbb::blocked_range<local_id>& range) {
    auto& s = per_thread.local();
    for (local_id u = range.begin(); u != range.end(); ++u) {
      if (!include(u)) continue;
      const auto mine = neighbours.of(u);
      s.order.assign(mine.begin(), mine.end());
      std::sort(s.order.begin(), s.order.end(), [&](local_id a, local_id b) { return ids[a] < ids[b]; });
      s.found.clear();
      for (const local_id w : s.order) {
        const double share = weight(degree[w]);
        for (const auto& x : list_of(w)) {
          if (x.id != ids[u]) s.found.push_back({x.id, x.degree, share});
        }
      }
      // Stable: a partner's contributions stay in ascending order of the shared neighbour's id.
      std::stable_sort(s.found.begin(), s.found.end());
      s.scored.clear();
      for (std::size_t i = 0; i < s.found.size();) {
        const auto& first = s.found[i];
        std::uint64_t shared = 0;
        double sum = 0.0;
        for (; i < s.found.size() && s.found[i].partner == first.partner; ++i) {
          ++shared;
          sum += s.found[i].weight;
        }
        const double value = score(shared, sum, degree[u], first.partner_degree);
        if (value >= params.min_score) s.scored.push_back({ids[u], first.partner, value});
      }
      if (params.top_k != 0 && s.scored.size() > params.top_k) {
        const auto keep = static_cast<std::ptrdiff_t>(params.top_k);
        std::partial_sort(s.scored.begin(), s.scored.begin() + keep, s.scored.end(), better);
        s.scored.resize(params.top_k);
      }
      s.pairs.insert(s.pairs.end(), s.scored.begin(), s.scored.end());
    }
  });
  similarity_result result;
  for (auto& s : per_thread) result.pairs.insert(result.pairs.end(), s.pairs.begin(), s.pairs.end());
  result.metrics = single_step_metrics(g, start, bytes_before, options);
  return result;
}

}  // namespace eddy::algorithms::two_hop
