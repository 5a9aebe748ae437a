#include <algorithm>
#include <cstdio>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "algorithm_result.hpp"
#include "eddy/runtime/distributed_sort.hpp"
#include "eddy/runtime/ordered_output.hpp"

namespace eddy::cli {
namespace {

using algorithms::similarity_pair;

// One line of space-separated fields.
template <class First, class... Rest>
void append_row(std::string& out, const First& first, const Rest&... rest) {
  if constexpr (std::is_convertible_v<First, std::string_view>) {
    out += first;
  } else {
    io::append_value(out, first);
  }
  ((out += ' ', io::append_value(out, rest)), ...);
  out += '\n';
}

void append_pair(std::string& out, const similarity_pair& p) { append_row(out, p.u, p.v, p.score); }

// Collective: rows in ascending order across ranks to `path`. The distributed sort by `key` keeps
// equal keys on one rank, so ordering each rank's rows by `before` afterwards orders all of them;
// `placed`: the rows already sit on ranks in key order (skip the sort across ranks).
template <class Row, class Key, class Before, class Append>
void write_sorted_rows(const communicator& comm, const std::vector<Row>& rows, bool placed, Key key, Before before,
                       Append append, const std::string& path) {
  auto sorted = placed ? rows : distributed_sort(comm, rows, key);
  std::sort(sorted.begin(), sorted.end(), before);
  std::string text;
  text.reserve(sorted.size() * 32);
  for (const auto& row : sorted) append(text, row);
  write_rank_ordered(comm, text, path);
}

// Collective: the first k rows of all ranks by `before`, printed by rank 0.
template <class Row, class Before, class Append>
void print_first_rows(const communicator& comm, const std::vector<Row>& rows, std::size_t k, Before before,
                      Append append) {
  auto mine = rows;
  const auto keep = std::min(k, mine.size());
  std::partial_sort(mine.begin(), mine.begin() + static_cast<std::ptrdiff_t>(keep), mine.end(), before);
  mine.resize(keep);
  auto all = comm.all_gather_v<Row>(mine);
  std::sort(all.begin(), all.end(), before);
  all.resize(std::min(k, all.size()));
  std::string text;
  if (comm.rank() == 0) {
    for (const auto& row : all) append(text, row);
  }
  write_rank_ordered(comm, text, "");
}

class pair_scores final : public algorithm_result {
 public:
  explicit pair_scores(algorithms::similarity_result r) : algorithm_result(std::move(r.metrics)), pairs_(std::move(r.pairs)) {}

  void write(const distributed_graph& g, const std::string& path) const override {
    // A vertex's pairs are on its owner, so ranks holding ids in order hold the pairs in order.
    write_sorted_rows(
        g.comm(), pairs_, g.ids_ordered_by_rank(), [](const similarity_pair& p) { return p.u; },
        [](const similarity_pair& a, const similarity_pair& b) { return std::tie(a.u, a.v) < std::tie(b.u, b.v); },
        append_pair, path);
  }

  void print_top(const distributed_graph& g, std::size_t k) const override {
    // Highest score first; equal scores by (u, v), so the list does not depend on ranks.
    const auto before = [](const similarity_pair& a, const similarity_pair& b) {
      return a.score != b.score ? a.score > b.score : std::tie(a.u, a.v) < std::tie(b.u, b.v);
    };
    print_first_rows(g.comm(), pairs_, k, before, append_pair);
  }

 private:
  std::vector<similarity_pair> pairs_;
};

using algorithms::triangle;

void append_triangle(std::string& out, const triangle& t) { append_row(out, t.a, t.b, t.c); }
bool triangle_before(const triangle& x, const triangle& y) { return std::tie(x.a, x.b, x.c) < std::tie(y.a, y.b, y.c); }

class triangle_rows final : public algorithm_result {
 public:
  explicit triangle_rows(algorithms::triangle_list r) : algorithm_result(std::move(r.metrics)), triangles_(std::move(r.triangles)) {}

  void write(const distributed_graph& g, const std::string& path) const override {
    // A triangle is found from its lowest-ranked corner, not its smallest id: always sorted across ranks.
    write_sorted_rows(
        g.comm(), triangles_, false, [](const triangle& t) { return t.a; }, triangle_before, append_triangle, path);
  }

  // Triangles carry no value to rank by: the first k in ascending order.
  void print_top(const distributed_graph& g, std::size_t k) const override {
    print_first_rows(g.comm(), triangles_, k, triangle_before, append_triangle);
  }

 private:
  std::vector<triangle> triangles_;
};

class triad_counts final : public algorithm_result {
 public:
  explicit triad_counts(algorithms::triad_census r) : algorithm_result(std::move(r.metrics)), counts_(r.counts) {}

  void write(const distributed_graph& g, const std::string& path) const override {
    std::vector<std::size_t> order(counts_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    emit(g, order, path);
  }

  void print_top(const distributed_graph& g, std::size_t k) const override {
    std::vector<std::size_t> order(counts_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return counts_[a] > counts_[b]; });
    order.resize(std::min(k, order.size()));
    emit(g, order, "");
  }

 private:
  void emit(const distributed_graph& g, const std::vector<std::size_t>& order, const std::string& path) const {
    std::string text;
    if (g.comm().rank() == 0) {  // every rank holds the same counts
      for (const std::size_t i : order) append_row(text, algorithms::triad_names[i], counts_[i]);
    }
    write_rank_ordered(g.comm(), text, path);
  }

  std::array<std::uint64_t, 16> counts_;
};

// Summaries are small (one row per group): rank 0 gathers and writes them.
class graph_summary final : public algorithm_result {
 public:
  explicit graph_summary(algorithms::summary_result r)
      : algorithm_result(std::move(r.metrics)), vertices_(std::move(r.vertices)), edges_(std::move(r.edges)) {}

  void write(const distributed_graph& g, const std::string& path) const override { emit(g, path, ~std::size_t{0}); }
  // The k largest groups, and no edges.
  void print_top(const distributed_graph& g, std::size_t k) const override { emit(g, "", k); }

 private:
  void emit(const distributed_graph& g, const std::string& path, std::size_t top) const {
    auto vertices = g.comm().all_gather_v<algorithms::summary_vertex>(vertices_);
    auto edges = g.comm().all_gather_v<algorithms::summary_edge>(edges_);
    std::string text;
    if (g.comm().rank() == 0) {
      if (top != ~std::size_t{0}) {
        std::stable_sort(vertices.begin(), vertices.end(), [](const auto& a, const auto& b) { return a.size > b.size; });
        vertices.resize(std::min(top, vertices.size()));
        edges.clear();
      } else {
        std::sort(vertices.begin(), vertices.end(), [](const auto& a, const auto& b) { return a.value < b.value; });
        std::sort(edges.begin(), edges.end(), [](const auto& a, const auto& b) {
          return std::tie(a.source, a.target, a.value) < std::tie(b.source, b.target, b.value);
        });
      }
      for (const auto& v : vertices) append_row(text, "v", v.representative, v.value, v.size);
      for (const auto& e : edges) append_row(text, "e", e.source, e.target, e.value, e.count);
    }
    write_rank_ordered(g.comm(), text, path);
  }

  std::vector<algorithms::summary_vertex> vertices_;
  std::vector<algorithms::summary_edge> edges_;
};

}  // namespace

std::unique_ptr<algorithm_result> summary_of(algorithms::summary_result r) {
  return std::make_unique<graph_summary>(std::move(r));
}

std::unique_ptr<algorithm_result> pairs_of(algorithms::similarity_result r) {
  return std::make_unique<pair_scores>(std::move(r));
}

std::unique_ptr<algorithm_result> triangles_of(algorithms::triangle_list r) {
  return std::make_unique<triangle_rows>(std::move(r));
}

std::unique_ptr<algorithm_result> census_of(algorithms::triad_census r) {
  return std::make_unique<triad_counts>(std::move(r));
}

}  // namespace eddy::cli
