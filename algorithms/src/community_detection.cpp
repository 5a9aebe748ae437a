#include "eddy/algorithms/community_detection.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include "eddy/graph/ghost_sync.hpp"
#include "eddy/runtime/error.hpp"
#include "eddy/runtime/superstep_driver.hpp"

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

// Pull formulation: each vertex reads its sending neighbours' labels and scores from a
// slot-indexed array whose ghost entries are refreshed once per superstep.
struct community_step {
  const distributed_graph& g;
  const ghost_sync& mirrors;
  const community_detection_params& params;
  std::vector<scored> state;  // slot-indexed: owned, then ghosts
  std::vector<scored> next = std::vector<scored>(g.local_vertices());

  void gather(std::span<const local_id> from, std::span<const double> weights, std::vector<message>& received) const {
    for (std::size_t i = 0; i < from.size(); ++i) {
      const scored& u = state[from[i]];
      if (u.sends != 0) received.push_back({u.label, u.score * (weights.empty() ? 1.0 : weights[i])});
    }
  }

  step_counts compute(std::uint64_t superstep) {
    const local_id n = g.local_vertices();
    if (superstep == 0) {
      for (local_id v = 0; v < n; ++v) state[v] = {g.external_id(v), 1.0, 1};
      return {n, mirrors.mirrored()};
    }
    const double attenuation = params.delta / static_cast<double>(superstep);
    tbb::enumerable_thread_specific<std::vector<message>> scratch;
    const std::uint64_t heard = tbb::parallel_reduce(
        tbb::blocked_range<local_id>(0, n, 256), std::uint64_t{0},
        [&](const tbb::blocked_range<local_id>& r, std::uint64_t count) {
          auto& received = scratch.local();
          for (local_id v = r.begin(); v != r.end(); ++v) {
            received.clear();
            gather(g.in_neighbors(v), g.in_weights(v), received);
            if (g.directed()) gather(g.out_neighbors(v), g.out_weights(v), received);
            if (received.empty()) {
              next[v] = {state[v].label, state[v].score, 0};
              continue;
            }
            const message chosen = choose(received);
            const double score = chosen.label == state[v].label ? chosen.score : chosen.score - attenuation;
            next[v] = {chosen.label, score, 1};
            ++count;
          }
          return count;
        },
        std::plus<>{});
    std::copy(next.begin(), next.end(), state.begin());
    return {heard, mirrors.mirrored()};  // nobody heard anything: nobody sends, the run is over
  }
  std::uint64_t exchange() {
    mirrors.sync(std::span<scored>(state));
    return 0;
  }
};

}  // namespace

vertex_result<vertex_id> community_detection(const distributed_graph& g, const community_detection_params& params,
                                             const run_options& options) {
  if (options.checkpoints != nullptr) throw error("community_detection takes no checkpoints");
  const ghost_sync mirrors(g);
  community_step step{g, mirrors, params, std::vector<scored>(std::size_t{g.local_vertices()} + g.ghost_vertices())};
  aggregator_registry aggregators;
  superstep_options run;
  run.max_supersteps = std::min(options.max_supersteps, params.iterations + 1);  // superstep 0 initialises
  run.on_superstep = options.on_superstep;
  auto metrics = run_supersteps(g.comm(), aggregators, step, run);
  std::vector<vertex_id> labels(g.local_vertices());
  for (local_id v = 0; v < g.local_vertices(); ++v) labels[v] = step.state[v].label;
  return {std::move(labels), std::move(metrics)};
}

}  // namespace eddy::algorithms
