#include "eddy/algorithms/community_detection.hpp"

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <limits>
#include <span>
#include <vector>

#include "workset_labels.hpp"

namespace eddy::algorithms {
namespace {

struct scored {
  vertex_id label;
  double score;
  std::uint64_t sends;  // 1: the vertex is in Gelly's workset and sends this superstep
};

struct message {
  vertex_id label;
  double score;
  auto operator<=>(const message&) const = default;
};

// The label with the largest summed score (ties to the smaller label) and the largest single
// score that came with it. Sorting first fixes the order of the sums whatever order the
// neighbours are stored in.
message choose(std::vector<message>& received) {
  std::sort(received.begin(), received.end());
  message best{0, 0.0};
  double best_sum = -std::numeric_limits<double>::max();
  for (std::size_t i = 0; i < received.size();) {
    double sum = 0.0;
    std::size_t j = i;
    for (; j < received.size() && received[j].label == received[i].label; ++j) sum += received[j].score;
    if (sum > best_sum || i == 0) {  // ascending labels and a strict test: a tie keeps the smaller
      best_sum = sum;
      best = received[j - 1];        // the group's largest score is its last
    }
    i = j;
  }
  return best;
}

// What the sending neighbours in `from` offer: their label and score times the edge's weight.
void gather(std::span<const scored> state, std::span<const local_id> from, std::span<const double> weights,
            std::vector<message>& received) {
  for (std::size_t i = 0; i < from.size(); ++i) {
    const scored& u = state[from[i]];
    if (u.sends != 0) received.push_back({u.label, u.score * (weights.empty() ? 1.0 : weights[i])});
  }
}

}  // namespace

vertex_result<vertex_id> community_detection(const distributed_graph& g, const community_detection_params& params,
                                             const run_options& options) {
  tbb::enumerable_thread_specific<std::vector<message>> scratch;
  // The graph taken as undirected: a vertex hears its in- and out-neighbours.
  const auto decide = [&](local_id v, std::uint64_t superstep, std::span<const scored> state) {
    auto& received = scratch.local();
    received.clear();
    gather(state, g.in_neighbors(v), g.in_weights(v), received);
    if (g.directed()) gather(state, g.out_neighbors(v), g.out_weights(v), received);
    if (received.empty()) return scored{state[v].label, state[v].score, 0};
    const message chosen = choose(received);
    const double attenuation = params.delta / static_cast<double>(superstep);
    return scored{chosen.label, chosen.label == state[v].label ? chosen.score : chosen.score - attenuation, 1};
  };
  return run_workset_labels<scored>(
      g, options, params.iterations, "community_detection",
      [&](local_id v) { return scored{g.external_id(v), 1.0, 1}; }, decide);
}

}  // namespace eddy::algorithms
