#include "stream_verify.hpp"

#include <chrono>
#include <cmath>
#include <limits>

#include "eddy/algorithms/bfs.hpp"
#include "eddy/algorithms/pagerank.hpp"
#include "eddy/algorithms/sssp.hpp"
#include "eddy/algorithms/wcc.hpp"
#include "eddy/runtime/exchange.hpp"

namespace eddy::cli {
namespace {

using clock_type = std::chrono::steady_clock;

template <class T>
struct id_value {
  vertex_id id;
  T value;
};

// Sends each (id, value) of the static result to the rank owning the id in the dynamic graph,
// where distance(incremental, static) is summed; ids missing on either side count as differing.
template <class T, class Distance>
double compare(const dynamic_graph& g, const distributed_graph& s, std::span<const T> expected, std::span<const T> values,
               Distance distance) {
  const auto& comm = g.comm();
  outbox<id_value<T>> out(comm.size());
  for (local_id v = 0; v < s.local_vertices(); ++v) out.push(g.owner_of(s.external_id(v)), {s.external_id(v), expected[v]});
  const auto in = exchange(comm, out);
  double total = 0.0;
  for (const auto& [id, value] : in.items) {
    const auto slot = g.find_local(id);
    total += slot ? distance(values[*slot], value) : 1.0;
  }
  const auto mine = static_cast<double>(in.items.size());
  double sums[2] = {total, std::abs(mine - static_cast<double>(g.local_vertices()))};
  comm.all_reduce_in_place(std::span<double>(sums), reduce_op::sum);
  return sums[0] + sums[1];
}

template <class T>
double differing(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isinf(a) && std::isinf(b)) return 0.0;
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)) ? 0.0 : 1.0;  // sums in another order
  } else {
    return a == b ? 0.0 : 1.0;
  }
}

template <class T, class Run>
verification exact(const dynamic_graph& g, std::span<const T> values, Run run) {
  const auto s = g.snapshot();
  const auto start = clock_type::now();
  const std::vector<T> expected = run(s);
  verification v;
  v.recompute_seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  v.error = compare<T>(g, s, expected, values, [](const T& a, const T& b) { return differing(a, b); });
  v.ok = v.error == 0.0;
  return v;
}

// A source missing from the graph leaves every vertex unreachable, as the incremental runs do.
template <class T, class Run>
std::vector<T> from_source(const distributed_graph& s, vertex_id source, T unreachable, Run run) {
  if (!s.contains(source)) return std::vector<T>(s.local_vertices(), unreachable);
  return run(s, source, algorithms::run_options{}).values;
}

}  // namespace

verification verify_double(const dynamic_graph& g, std::span<const double> values, const verify_request& r) {
  if (r.algorithm == "sssp") {
    return exact<double>(g, values, [&](const distributed_graph& s) {
      return from_source<double>(s, r.source, std::numeric_limits<double>::infinity(),
                                 [](const auto& graph, vertex_id src, const auto& o) { return algorithms::sssp(graph, src, o); });
    });
  }
  const auto s = g.snapshot();
  algorithms::pagerank_params params;
  params.damping = r.damping;
  params.iterations = 1000000;
  params.tolerance = r.tolerance;
  const auto start = clock_type::now();
  (void)algorithms::pagerank(s, params);  // what recomputing costs, at the stream's tolerance
  verification v;
  v.recompute_seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  params.tolerance = r.tolerance * 1e-3;  // the reference: converged far beyond the tolerance
  const auto reference = algorithms::pagerank(s, params);
  v.error = compare<double>(g, s, reference.values, values, [](double a, double b) { return std::abs(a - b); });
  v.ok = v.error <= r.tolerance;
  return v;
}

verification verify_int(const dynamic_graph& g, std::span<const std::int64_t> values, const verify_request& r) {
  return exact<std::int64_t>(g, values, [&](const distributed_graph& s) {
    if (r.algorithm == "degree") {
      std::vector<std::int64_t> degrees(s.local_vertices());
      for (local_id v = 0; v < s.local_vertices(); ++v) degrees[v] = static_cast<std::int64_t>(s.out_degree(v));
      return degrees;
    }
    return from_source<std::int64_t>(s, r.source, algorithms::unreachable_depth,
                                     [](const auto& graph, vertex_id src, const auto& o) { return algorithms::bfs(graph, src, o); });
  });
}

verification verify_id(const dynamic_graph& g, std::span<const vertex_id> values, const verify_request&) {
  return exact<vertex_id>(g, values, [](const distributed_graph& s) { return algorithms::wcc(s).values; });
}

}  // namespace eddy::cli
