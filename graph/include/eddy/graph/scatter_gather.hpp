#pragma once
// Gelly's scatter-gather (signal/collect) model. Each superstep a scatter function runs on every
// vertex whose value changed in the previous superstep (every vertex in the first) and sends
// messages along its edges in the chosen direction; then a gather function runs on every vertex
// that received messages and may set a new value, which makes the vertex scatter next time.
// Messages may be of any type: trivially copyable ones are copied as bytes, others serialized.
//
//   scatter_gather<double, double> sssp(g, [&](vertex_id id) { return id == source ? 0.0 : inf; });
//   sssp.run([](auto& v) { v.for_each_edge([&](vertex_handle t, double w) { v.send(t, v.value() + w); }); },
//            [](auto& v, std::span<const double> m) {
//              const double best = *std::min_element(m.begin(), m.end());
//              if (best < v.value()) v.set_value(best); }, options);
#include <functional>
#include <span>

#include "eddy/graph/pregel_context.hpp"
#include "eddy/graph/vertex_iteration.hpp"

namespace eddy {

template <class V, class M>
class scatter_gather {
  using engine_type = vertex_iteration<V, M>;

 public:
  class scatter_context : public vertex_view<V> {
   public:
    scatter_context(const vertex_view<V>& view, const engine_type& engine, vertex_messenger<M>& mail)
        : vertex_view<V>(view), engine_(&engine), mail_(&mail) {}
    // f(vertex_handle target, double weight) for each edge in the run's direction.
    template <class F>
    void for_each_edge(F&& f) const {
      engine_->for_each_edge(this->v_, this->o_->direction,
                             [&](local_id slot, double w) { f(vertex_handle{slot}, w); });
    }
    void send(vertex_handle target, M message) { mail_->send(target.slot, std::move(message)); }
    void send_to_neighbors(const M& message) {
      for_each_edge([&](vertex_handle t, double) { send(t, message); });
    }

   private:
    const engine_type* engine_;
    vertex_messenger<M>* mail_;
  };
  using scatter_fn = std::function<void(scatter_context&)>;
  using gather_fn = std::function<void(updating_view<V>&, std::span<const M>)>;

  // combine, if given, merges messages to one vertex before they travel: gather then sees one.
  scatter_gather(const distributed_graph& g, const std::function<V(vertex_id)>& initial,
                 typename vertex_messenger<M>::combine_fn combine = {})
      : engine_(g, initial, std::move(combine)) {}

  [[nodiscard]] aggregator_registry& aggregators() noexcept { return engine_.aggregators(); }
  [[nodiscard]] broadcast_set& broadcasts() noexcept { return engine_.broadcasts(); }
  [[nodiscard]] const std::vector<V>& values() const noexcept { return engine_.values(); }

  // Collective.
  run_metrics run(scatter_fn scatter, gather_fn gather, const vertex_iteration_options& options) {
    return engine_.run(
        [this, scatter = std::move(scatter)](const vertex_view<V>& view, local_id, vertex_messenger<M>& mail) {
          scatter_context ctx(view, engine_, mail);
          scatter(ctx);
        },
        std::move(gather), options);
  }

 private:
  engine_type engine_;
};

}  // namespace eddy
