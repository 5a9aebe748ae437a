#include "eddy/algorithms/pagerank.hpp"

#include <cmath>

#include "eddy/graph/pregel.hpp"

namespace eddy::algorithms {
namespace {

struct pagerank_program {
  using value_type = double;
  using message_type = double;
  static message_type combine(message_type a, message_type b) { return a + b; }

  pagerank_params params;
  aggregator<double>* sink_mass = nullptr;  // rank held by sinks in the previous iteration
  aggregator<double>* change = nullptr;     // L1 change of this iteration

  void setup(aggregator_registry& aggregators) {
    sink_mass = &aggregators.sum<double>("pagerank.sink_mass");
    change = &aggregators.sum<double>("pagerank.l1_change");
  }

  void compute(vertex_context<pagerank_program>& v, std::span<const message_type> messages) {
    const auto n = static_cast<double>(v.num_vertices());
    if (v.superstep() == 0) {
      v.value() = 1.0 / n;
    } else {
      const double incoming = messages.empty() ? 0.0 : messages[0];
      const double next = (1.0 - params.damping) / n + params.damping * (incoming + sink_mass->previous() / n);
      change->add(std::abs(next - v.value()));
      v.value() = next;
    }
    if (v.superstep() == params.iterations) {
      v.vote_to_halt();
      return;
    }
    if (v.out_degree() == 0) {
      sink_mass->add(v.value());
    } else {
      v.send_to_out_neighbors(v.value() / static_cast<double>(v.out_degree()));
    }
  }
};

}  // namespace

vertex_result<double> pagerank(const distributed_graph& g, const pagerank_params& params, const run_options& options) {
  pagerank_program program{params};
  pregel<pagerank_program> engine(g, program);
  pregel_options run;
  // Superstep 0 initialises; superstep k performs iteration k.
  run.max_supersteps = std::min(options.max_supersteps, params.iterations + 1);
  run.on_superstep = options.on_superstep;
  if (params.tolerance > 0.0) {
    const double tolerance = params.tolerance;
    run.converged = [tolerance](std::uint64_t superstep, const aggregator_registry& a) {
      return superstep > 0 && a.get<double>("pagerank.l1_change").previous() < tolerance;
    };
  }
  auto metrics = engine.run(run);
  return {std::move(engine.values()), std::move(metrics)};
}

}  // namespace eddy::algorithms
