// Degrees need no propagation: the dynamic graph keeps them, so an update only reads them again.
#include "eddy/algorithms/incremental.hpp"

namespace eddy::algorithms {
namespace {

class incremental_degree final : public incremental_algorithm<std::int64_t> {
 public:
  explicit incremental_degree(const dynamic_graph& g) : g_(g) {}
  incremental_stats update(const graph_changes&) override { return {}; }
  [[nodiscard]] std::vector<std::int64_t> values() const override {
    std::vector<std::int64_t> degrees(g_.local_vertices());
    for (local_id v = 0; v < g_.local_vertices(); ++v) degrees[v] = g_.out_degree(v);
    return degrees;
  }

 private:
  const dynamic_graph& g_;
};

}  // namespace

std::unique_ptr<incremental_algorithm<std::int64_t>> make_incremental_degree(const dynamic_graph& g) {
  return std::make_unique<incremental_degree>(g);
}

}  // namespace eddy::algorithms
