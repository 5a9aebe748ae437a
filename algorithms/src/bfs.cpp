#include "eddy/algorithms/bfs.hpp"

#include <algorithm>

#include "source_check.hpp"
#include "eddy/graph/pregel.hpp"

namespace eddy::algorithms {
namespace {

struct bfs_program {
  using value_type = std::int64_t;
  using message_type = std::int64_t;
  static message_type combine(message_type a, message_type b) { return std::min(a, b); }

  vertex_id source;

  void compute(vertex_context<bfs_program>& v, std::span<const message_type> messages) {
    if (v.superstep() == 0) {
      v.value() = unreachable_depth;
      if (v.id() == source) {
        v.value() = 0;
        v.send_to_out_neighbors(1);
      }
    } else if (!messages.empty() && messages[0] < v.value()) {
      v.value() = messages[0];
      v.send_to_out_neighbors(messages[0] + 1);
    }
    v.vote_to_halt();
  }
};

}  // namespace

vertex_result<std::int64_t> bfs(const distributed_graph& g, vertex_id source, const run_options& options) {
  require_source(g, source);
  bfs_program program{source};
  pregel<bfs_program> engine(g, program);
  auto metrics = engine.run({options.max_supersteps, {}, options.on_superstep});
  return {std::move(engine.values()), std::move(metrics)};
}

}  // namespace eddy::algorithms
