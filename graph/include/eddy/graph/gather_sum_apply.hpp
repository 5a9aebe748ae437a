#pragma once
// Gelly's gather-sum-apply model. Each superstep, over the edges between a vertex and its
// neighbours in the chosen direction (edge_direction::in: the vertex gathers from its
// in-neighbours, so values flow along edges), gather maps a neighbour's value and the edge's
// weight to a partial value; sum folds the partials (it must be associative and commutative: it
// is also the combiner, so partials are folded before they travel); apply gets the sum and may set
// the vertex's new value. As in Gelly, only neighbours whose value changed in the previous
// superstep (all in the first) are gathered, and apply runs only on vertices that gathered.
//
//   gather_sum_apply<double, double> pr(g, [&](vertex_id) { return 1.0 / n; });
//   pr.run([](const double& rank, double) { return rank; },   // (with degrees: rank / out-degree)
//          [](const double& a, const double& b) { return a + b; },
//          [&](auto& v, const double& sum) { v.set_value(0.15 / n + 0.85 * sum); }, options);
#include <functional>

#include "eddy/graph/vertex_iteration.hpp"

namespace eddy {

template <class V, class G>
class gather_sum_apply {
 public:
  // The neighbour's view (value, degrees, aggregators) and the edge's weight.
  using gather_fn = std::function<G(const vertex_view<V>& neighbour, double weight)>;
  using sum_fn = std::function<G(const G&, const G&)>;
  using apply_fn = std::function<void(updating_view<V>&, const G& sum)>;

  gather_sum_apply(const distributed_graph& g, const std::function<V(vertex_id)>& initial, sum_fn sum)
      : engine_(g, initial, std::move(sum)) {}

  [[nodiscard]] aggregator_registry& aggregators() noexcept { return engine_.aggregators(); }
  [[nodiscard]] broadcast_set& broadcasts() noexcept { return engine_.broadcasts(); }
  [[nodiscard]] const std::vector<V>& values() const noexcept { return engine_.values(); }

  // Collective.
  run_metrics run(gather_fn gather, apply_fn apply, const vertex_iteration_options& options) {
    // Gathering from in-neighbours is pushing along out-edges, and the reverse.
    const edge_direction push = options.direction == edge_direction::in    ? edge_direction::out
                                : options.direction == edge_direction::out ? edge_direction::in
                                                                           : edge_direction::all;
    return engine_.run(
        [this, push, gather = std::move(gather)](const vertex_view<V>& view, local_id v, vertex_messenger<G>& mail) {
          engine_.for_each_edge(v, push, [&](local_id slot, double w) { mail.send(slot, gather(view, w)); });
        },
        [apply = std::move(apply)](updating_view<V>& view, std::span<const G> sums) { apply(view, sums[0]); },
        options);
  }

 private:
  vertex_iteration<V, G> engine_;
};

}  // namespace eddy
