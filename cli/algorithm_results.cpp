#include <algorithm>
#include <cstdio>
#include <tuple>

#include "algorithm_result.hpp"
#include "eddy/runtime/distributed_sort.hpp"
#include "eddy/runtime/ordered_output.hpp"

namespace eddy::cli {
namespace {

using algorithms::similarity_pair;

void append_pair(std::string& out, const similarity_pair& p) {
  io::append_value(out, p.u);
  out += ' ';
  io::append_value(out, p.v);
  out += ' ';
  io::append_value(out, p.score);
  out += '\n';
}

class pair_scores final : public algorithm_result {
 public:
  explicit pair_scores(algorithms::similarity_result r) : algorithm_result(std::move(r.metrics)), pairs_(std::move(r.pairs)) {}

  void write(const distributed_graph& g, const std::string& path) const override {
    // A vertex's pairs are on its owner; equal keys stay on one rank through the sort, so
    // ordering each rank's pairs by (u, v) afterwards orders all of them.
    auto pairs = g.ids_ordered_by_rank() ? pairs_ : distributed_sort(g.comm(), pairs_, [](const similarity_pair& p) { return p.u; });
    std::sort(pairs.begin(), pairs.end(), [](const similarity_pair& a, const similarity_pair& b) {
      return std::tie(a.u, a.v) < std::tie(b.u, b.v);
    });
    std::string text;
    text.reserve(pairs.size() * 32);
    for (const auto& p : pairs) append_pair(text, p);
    write_rank_ordered(g.comm(), text, path);
  }

  void print_top(const distributed_graph& g, std::size_t k) const override {
    // Highest score first; equal scores by (u, v), so the list does not depend on ranks.
    const auto before = [](const similarity_pair& a, const similarity_pair& b) {
      return a.score != b.score ? a.score > b.score : std::tie(a.u, a.v) < std::tie(b.u, b.v);
    };
    auto mine = pairs_;
    const auto keep = std::min(k, mine.size());
    std::partial_sort(mine.begin(), mine.begin() + static_cast<std::ptrdiff_t>(keep), mine.end(), before);
    mine.resize(keep);
    auto all = g.comm().all_gather_v<similarity_pair>(mine);
    std::sort(all.begin(), all.end(), before);
    all.resize(std::min(k, all.size()));
    std::string text;
    if (g.comm().rank() == 0) {
      for (const auto& p : all) append_pair(text, p);
    }
    write_rank_ordered(g.comm(), text, "");
  }

 private:
  std::vector<similarity_pair> pairs_;
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
      for (const std::size_t i : order) {
        text += algorithms::triad_names[i];
        text += ' ';
        io::append_value(text, counts_[i]);
        text += '\n';
      }
    }
    write_rank_ordered(g.comm(), text, path);
  }

  std::array<std::uint64_t, 16> counts_;
};

}  // namespace

std::unique_ptr<algorithm_result> pairs_of(algorithms::similarity_result r) {
  return std::make_unique<pair_scores>(std::move(r));
}

std::unique_ptr<algorithm_result> census_of(algorithms::triad_census r) {
  return std::make_unique<triad_counts>(std::move(r));
}

}  // namespace eddy::cli
