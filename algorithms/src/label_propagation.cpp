#include "eddy/algorithms/label_propagation.hpp"

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <span>
#include <vector>

#include "workset_labels.hpp"

namespace eddy::algorithms {
namespace {

struct labelled {
  vertex_id label;
  std::uint64_t sends;  // 1: the vertex is in Gelly's workset and sends this superstep
};

// Gelly's choice: the most frequent label, ties to the larger; `own` competes with frequency 1.
vertex_id adopt(std::vector<vertex_id>& received, vertex_id own) {
  std::sort(received.begin(), received.end());
  vertex_id best = own;
  std::size_t best_count = 1;
  for (std::size_t i = 0; i < received.size();) {
    std::size_t j = i;
    while (j < received.size() && received[j] == received[i]) ++j;
    // Ascending order: a later label of equal frequency is larger and wins the tie.
    if (j - i > best_count || (j - i == best_count && received[i] > best)) {
      best_count = j - i;
      best = received[i];
    }
    i = j;
  }
  return best;
}

}  // namespace

vertex_result<vertex_id> label_propagation(const distributed_graph& g, std::uint64_t iterations,
                                           const run_options& options) {
  tbb::enumerable_thread_specific<std::vector<vertex_id>> scratch;
  // Labels travel along out-edges: a vertex hears its sending in-neighbours.
  const auto decide = [&](local_id v, std::uint64_t, std::span<const labelled> state) {
    auto& received = scratch.local();
    received.clear();
    for (const local_id u : g.in_neighbors(v)) {
      if (state[u].sends != 0) received.push_back(state[u].label);
    }
    return received.empty() ? labelled{state[v].label, 0} : labelled{adopt(received, state[v].label), 1};
  };
  return run_workset_labels<labelled>(
      g, options, iterations, "label_propagation", [&](local_id v) { return labelled{g.external_id(v), 1}; }, decide);
}

}  // namespace eddy::algorithms
