#include "eddy/algorithms/sssp.hpp"

#include <algorithm>
#include <limits>

#include "eddy/graph/pregel.hpp"
#include "source_check.hpp"

namespace eddy::algorithms {
namespace {

// Bellman-Ford in supersteps: a vertex relaxes its out-edges whenever its distance improves.
struct sssp_program {
  using value_type = double;
  using message_type = double;
  static message_type combine(message_type a, message_type b) { return std::min(a, b); }

  vertex_id source;

  static void relax(vertex_context<sssp_program>& v) {
    for (const auto e : v.out_edges()) v.send(e.target, v.value() + e.weight);
  }
  void compute(vertex_context<sssp_program>& v, std::span<const message_type> messages) {
    if (v.superstep() == 0) {
      v.value() = std::numeric_limits<double>::infinity();
      if (v.id() == source) {
        v.value() = 0.0;
        relax(v);
      }
    } else if (!messages.empty() && messages[0] < v.value()) {
      v.value() = messages[0];
      relax(v);
    }
    v.vote_to_halt();
  }
};

}  // namespace

vertex_result<double> sssp(const distributed_graph& g, vertex_id source, const run_options& options) {
  require_source(g, source);
  sssp_program program{source};
  pregel<sssp_program> engine(g, program);
  auto metrics = engine.run({options.max_supersteps, {}, options.on_superstep});
  return {std::move(engine.values()), std::move(metrics)};
}

}  // namespace eddy::algorithms
