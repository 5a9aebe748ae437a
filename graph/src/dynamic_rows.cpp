#include "eddy/graph/dynamic_rows.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <numeric>

namespace eddy {
namespace {

std::uint64_t arc_key(local_id v, local_id far) noexcept { return (std::uint64_t{v} << 32U) | far; }

// Sorts every row by far end and drops repeated arcs (keeping the smallest weight): the rows are
// binary-searched when an update names an arc, and the edge set of a dynamic graph is a set.
// Returns the new offsets; targets and weights are compacted in place.
std::vector<std::uint64_t> sort_rows(const std::vector<std::uint64_t>& offsets, std::vector<local_id>& targets,
                                     std::vector<double>& weights) {
  const std::size_t n = offsets.size() - 1;
  std::vector<std::uint64_t> kept(n + 1, 0);
  const bool weighted = !weights.empty();
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1024), [&](const auto& r) {
    std::vector<std::pair<local_id, double>> row;
    for (std::size_t v = r.begin(); v != r.end(); ++v) {
      const auto begin = offsets[v];
      const auto end = offsets[v + 1];
      if (!weighted) {
        std::sort(targets.begin() + static_cast<std::ptrdiff_t>(begin), targets.begin() + static_cast<std::ptrdiff_t>(end));
        const auto last = std::unique(targets.begin() + static_cast<std::ptrdiff_t>(begin),
                                      targets.begin() + static_cast<std::ptrdiff_t>(end));
        kept[v + 1] = static_cast<std::uint64_t>(last - targets.begin()) - begin;
        continue;
      }
      row.clear();
      for (auto k = begin; k < end; ++k) row.emplace_back(targets[k], weights[k]);
      std::sort(row.begin(), row.end());  // equal far ends: the smallest weight first
      auto out = begin;
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (i > 0 && row[i].first == row[i - 1].first) continue;
        targets[out] = row[i].first;
        weights[out] = row[i].second;
        ++out;
      }
      kept[v + 1] = out - begin;
    }
  });
  std::partial_sum(kept.begin(), kept.end(), kept.begin());
  if (kept.back() != targets.size()) {  // close the gaps left by repeated arcs
    for (std::size_t v = 0; v < n; ++v) {
      const auto length = kept[v + 1] - kept[v];
      std::copy_n(targets.begin() + static_cast<std::ptrdiff_t>(offsets[v]), length,
                  targets.begin() + static_cast<std::ptrdiff_t>(kept[v]));
      if (weighted) {
        std::copy_n(weights.begin() + static_cast<std::ptrdiff_t>(offsets[v]), length,
                    weights.begin() + static_cast<std::ptrdiff_t>(kept[v]));
      }
    }
    targets.resize(kept.back());
    targets.shrink_to_fit();
    if (weighted) {
      weights.resize(kept.back());
      weights.shrink_to_fit();
    }
  }
  return kept;
}

}  // namespace

void dynamic_rows::assign(const std::vector<std::uint64_t>& offsets, std::vector<local_id> targets,
                          std::vector<double> weights, bool weighted) {
  weighted_ = weighted;
  if (!weighted) weights = std::vector<double>();
  targets_ = std::move(targets);
  weights_ = std::move(weights);
  offsets_ = sort_rows(offsets, targets_, weights_);
  const std::size_t n = offsets_.size() - 1;
  degree_.resize(n);
  for (std::size_t v = 0; v < n; ++v) degree_[v] = static_cast<std::uint32_t>(offsets_[v + 1] - offsets_[v]);
  dead_.assign((targets_.size() + 63) / 64, 0);
  added_.assign(n, {});
  added_at_.clear();
  live_arcs_ = targets_.size();
  added_arcs_ = 0;
  dead_arcs_ = 0;
}

void dynamic_rows::add_rows(local_id count) {
  offsets_.insert(offsets_.end(), count, offsets_.back());
  degree_.insert(degree_.end(), count, 0);
  added_.resize(added_.size() + count);
}

dynamic_rows::place dynamic_rows::find(local_id v, local_id far) const noexcept {
  const auto first = targets_.begin() + static_cast<std::ptrdiff_t>(offsets_[v]);
  const auto last = targets_.begin() + static_cast<std::ptrdiff_t>(offsets_[v + 1]);
  const auto it = std::lower_bound(first, last, far);
  if (it != last && *it == far) {
    const auto k = static_cast<std::uint64_t>(it - targets_.begin());
    return {is_dead(k) ? place::dead : place::base, k};
  }
  // insert() brings deleted base arcs back in place, so an arc is never both dead and added.
  if (added_[v].empty()) return {};
  const auto at = added_at_.find(arc_key(v, far));
  if (!at) return {};
  return {place::added, *at};
}

double dynamic_rows::weight_at(local_id v, place p) const noexcept {
  if (!weighted_) return 1.0;
  return p.kind == place::base ? weights_[p.at] : added_[v][p.at].weight;
}

void dynamic_rows::set_weight(local_id v, place p, double w) noexcept {
  if (!weighted_) return;
  if (p.kind == place::base) {
    weights_[p.at] = w;
  } else {
    added_[v][p.at].weight = w;
  }
}

void dynamic_rows::insert(local_id v, local_id far, double w, place p) {
  if (!weighted_) w = 1.0;
  if (p.kind == place::dead) {  // back in its old place: no added entry, one tombstone less
    dead_[p.at / 64] &= ~(std::uint64_t{1} << (p.at % 64));
    --dead_arcs_;
    if (weighted_) weights_[p.at] = w;
  } else {
    added_at_.put(arc_key(v, far), static_cast<std::uint32_t>(added_[v].size()));
    added_[v].push_back({far, w});
    ++added_arcs_;
  }
  ++degree_[v];
  ++live_arcs_;
}

void dynamic_rows::erase(local_id v, place p) {
  if (p.kind == place::base) {
    dead_[p.at / 64] |= std::uint64_t{1} << (p.at % 64);
    ++dead_arcs_;
  } else {
    auto& row = added_[v];
    added_at_.erase(arc_key(v, row[p.at].far));
    if (p.at + 1 != row.size()) {
      row[p.at] = row.back();
      added_at_.put(arc_key(v, row[p.at].far), static_cast<std::uint32_t>(p.at));
    }
    row.pop_back();
    --added_arcs_;
  }
  --degree_[v];
  --live_arcs_;
}

bool dynamic_rows::wants_compaction() const noexcept {
  return added_arcs_ + dead_arcs_ > compact_minimum_ + static_cast<std::uint64_t>(compact_fraction_ * static_cast<double>(targets_.size()));
}

void dynamic_rows::compact() {
  const std::size_t n = degree_.size();
  std::vector<std::uint64_t> offsets(n + 1, 0);
  for (std::size_t v = 0; v < n; ++v) offsets[v + 1] = offsets[v] + degree_[v];
  std::vector<local_id> targets(offsets.back());
  std::vector<double> weights(weighted_ ? offsets.back() : 0);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1024), [&](const auto& r) {
    for (std::size_t v = r.begin(); v != r.end(); ++v) {
      auto at = offsets[v];
      for_each(static_cast<local_id>(v), [&](local_id far, double w) {
        targets[at] = far;
        if (weighted_) weights[at] = w;
        ++at;
      });
    }
  });
  const bool weighted = weighted_;
  assign(offsets, std::move(targets), std::move(weights), weighted);
}

std::uint64_t dynamic_rows::memory_bytes() const noexcept {
  const auto bytes = [](const auto& v) { return static_cast<std::uint64_t>(v.capacity() * sizeof(v[0])); };
  std::uint64_t total = bytes(offsets_) + bytes(targets_) + bytes(weights_) + bytes(dead_) + bytes(added_) +
                        bytes(degree_) + added_at_.memory_bytes();
  for (const auto& row : added_) total += bytes(row);
  return total;
}

}  // namespace eddy
