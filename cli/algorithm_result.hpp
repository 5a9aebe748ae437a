#pragma once
// What an algorithm run by `eddy run` hands back: its metrics and a result that writes itself,
// whatever its shape (a value or several per vertex, scored vertex pairs, named counts), so the command does not need to know each algorithm's result type. `--top K`
// orders rows by their first value column.
#include <cstddef>
#include <memory>
#include <span>
#include <string>

#include "eddy/algorithms/run_options.hpp"
#include "eddy/algorithms/similarity.hpp"
#include "eddy/algorithms/summarization.hpp"
#include "eddy/algorithms/triadic_census.hpp"
#include "eddy/algorithms/triangle_listing.hpp"
#include "eddy/graph/distributed_graph.hpp"
#include "eddy/io/vertex_value_writer.hpp"
#include "top_values.hpp"

namespace eddy::cli {

class algorithm_result {
 public:
  explicit algorithm_result(run_metrics metrics) : metrics_(std::move(metrics)) {}
  virtual ~algorithm_result() = default;
  algorithm_result(const algorithm_result&) = delete;
  algorithm_result& operator=(const algorithm_result&) = delete;

  [[nodiscard]] const run_metrics& metrics() const noexcept { return metrics_; }
  [[nodiscard]] run_metrics& metrics() noexcept { return metrics_; }
  // A line for standard error beside the result (a global count), or empty; the same on every rank.
  [[nodiscard]] const std::string& summary() const noexcept { return summary_; }
  void set_summary(std::string text) { summary_ = std::move(text); }
  // Collective: the result's lines, sorted by vertex id, to `path` (empty: standard output).
  virtual void write(const distributed_graph& g, const std::string& path) const = 0;
  // Collective: the `k` lines with the largest values, largest first, printed by rank 0.
  virtual void print_top(const distributed_graph& g, std::size_t k) const = 0;

 private:
  run_metrics metrics_;
  std::string summary_;
};

// One "vertex value" line per vertex (docs/ALGORITHMS.md).
template <class T>
class vertex_values final : public algorithm_result {
 public:
  explicit vertex_values(algorithms::vertex_result<T> r) : algorithm_result(std::move(r.metrics)), values_(std::move(r.values)) {}

  void write(const distributed_graph& g, const std::string& path) const override {
    io::write_vertex_values<T>(g.comm(), g.external_ids(), values_, g.ids_ordered_by_rank(), path);
  }
  void print_top(const distributed_graph& g, std::size_t k) const override {
    print_top_values<T>(g.comm(), g.external_ids(), values_, k);
  }

 private:
  std::vector<T> values_;
};

template <class T>
[[nodiscard]] std::unique_ptr<algorithm_result> values_of(algorithms::vertex_result<T> r) {
  return std::make_unique<vertex_values<T>>(std::move(r));
}

// "u v score" lines sorted by u, then v: the pairs of Jaccard and Adamic-Adar.
[[nodiscard]] std::unique_ptr<algorithm_result> pairs_of(algorithms::similarity_result r);
// "v REPRESENTATIVE VALUE SIZE" lines (groups by value), then "e SOURCE TARGET VALUE COUNT" lines
// (edge groups by source, target, value): a graph summary.
[[nodiscard]] std::unique_ptr<algorithm_result> summary_of(algorithms::summary_result r);
// "a b c" lines, a < b < c, sorted: every triangle once. `--top K` prints the first K.
[[nodiscard]] std::unique_ptr<algorithm_result> triangles_of(algorithms::triangle_list r);
// "TYPE count" lines, one per triad type in the usual order: the triadic census.
[[nodiscard]] std::unique_ptr<algorithm_result> census_of(algorithms::triad_census r);

}  // namespace eddy::cli
