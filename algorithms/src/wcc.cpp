#include "eddy/algorithms/wcc.hpp"

#include <algorithm>

#include "eddy/graph/pregel.hpp"

namespace eddy::algorithms {
namespace {

// Min-label propagation (HashMin): a vertex forwards its label only when it got smaller.
struct wcc_program {
  using value_type = vertex_id;
  using message_type = vertex_id;
  static message_type combine(message_type a, message_type b) { return std::min(a, b); }

  void compute(vertex_context<wcc_program>& v, std::span<const message_type> messages) {
    if (v.superstep() == 0) {
      v.value() = v.id();
      v.send_to_all_neighbors(v.value());
    } else if (!messages.empty() && messages[0] < v.value()) {
      v.value() = messages[0];
      v.send_to_all_neighbors(v.value());
    }
    v.vote_to_halt();
  }
};

}  // namespace

vertex_result<vertex_id> wcc(const distributed_graph& g, const run_options& options) {
  wcc_program program;
  pregel<wcc_program> engine(g, program);
  auto metrics = engine.run({options.max_supersteps, {}, options.on_superstep});
  return {std::move(engine.values()), std::move(metrics)};
}

}  // namespace eddy::algorithms
