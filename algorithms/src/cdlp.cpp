#include "eddy/algorithms/cdlp.hpp"

#include <algorithm>
#include <vector>

#include "eddy/graph/pregel.hpp"

namespace eddy::algorithms {
namespace {

// No combiner: the receiver needs every neighbour's label to count them.
struct cdlp_program {
  using value_type = vertex_id;
  using message_type = vertex_id;

  std::uint64_t iterations;

  static vertex_id most_frequent(std::span<const vertex_id> labels) {
    thread_local std::vector<vertex_id> sorted;
    sorted.assign(labels.begin(), labels.end());
    std::sort(sorted.begin(), sorted.end());
    vertex_id best = sorted[0];
    std::size_t best_count = 0;
    for (std::size_t i = 0; i < sorted.size();) {
      std::size_t j = i;
      while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
      if (j - i > best_count) {  // strictly greater: ties keep the smaller label seen first
        best_count = j - i;
        best = sorted[i];
      }
      i = j;
    }
    return best;
  }

  void compute(vertex_context<cdlp_program>& v, std::span<const message_type> messages) {
    if (v.superstep() == 0) {
      v.value() = v.id();
    } else if (!messages.empty()) {
      v.value() = most_frequent(messages);
    }
    if (v.superstep() == iterations) {
      v.vote_to_halt();
      return;
    }
    v.send_to_all_neighbors(v.value());
  }
};

}  // namespace

vertex_result<vertex_id> cdlp(const distributed_graph& g, std::uint64_t iterations, const run_options& options) {
  cdlp_program program{iterations};
  pregel<cdlp_program> engine(g, program);
  auto metrics = engine.run({std::min(options.max_supersteps, iterations + 1), {}, options.on_superstep});
  return {std::move(engine.values()), std::move(metrics)};
}

}  // namespace eddy::algorithms
