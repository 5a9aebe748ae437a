#include "eddy/algorithms/betweenness.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <span>
#include <utility>
#include <vector>

#include "eddy/algorithms/bfs.hpp"
#include "eddy/graph/checkpoint_store.hpp"
#include "eddy/graph/frontier.hpp"
#include "eddy/graph/ghost_sync.hpp"
#include "eddy/runtime/error.hpp"
#include "step_metrics.hpp"

namespace eddy::algorithms {
namespace {

std::uint64_t mix(std::uint64_t z) noexcept {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

struct keyed_vertex {
  std::uint64_t key;
  vertex_id id;
  bool operator<(const keyed_vertex& o) const { return key != o.key ? key < o.key : id < o.id; }
};

// Collective: the `samples` vertices of smallest key, in ascending key order. Each rank offers
// its own smallest, so the gather is at most p * samples records.
std::vector<vertex_id> choose_sources(const distributed_graph& g, const betweenness_params& params) {
  std::vector<keyed_vertex> mine;
  mine.reserve(g.local_vertices());
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    mine.push_back({betweenness_source_key(params.seed, g.external_id(v)), g.external_id(v)});
  }
  const auto keep = [&](std::vector<keyed_vertex>& list) {
    const auto k = static_cast<std::ptrdiff_t>(std::min<std::uint64_t>(params.samples, list.size()));
    std::partial_sort(list.begin(), list.begin() + k, list.end());
    list.resize(static_cast<std::size_t>(k));
  };
  keep(mine);
  auto all = g.comm().all_gather_v(std::span<const keyed_vertex>(mine));
  keep(all);
  std::vector<vertex_id> sources;
  sources.reserve(all.size());
  for (const auto& s : all) sources.push_back(s.id);
  return sources;
}

// Per source: a level-synchronous BFS that counts shortest paths (pushed along each owned
// frontier vertex's simple out-list; a ghost's counts are summed locally and sent to its owner
// once per level), then the dependencies level by level from the deepest, each owned vertex
// pulling its successors' coefficients (1 + δ(w)) / σ(w), synchronised to the mirrors.
class brandes {
 public:
  explicit brandes(const distributed_graph& g)
      : g_(g), n_(g.local_vertices()), mirrors_(g), slots_(std::size_t{n_} + g.ghost_vertices()), next_(g),
        depth_(slots_), sigma_(slots_), coefficient_(slots_), delta_(n_), sent_(g.ghost_vertices()) {
    const std::vector<vertex_id> ids = slot_external_ids(g);
    successors_.offsets.assign(std::size_t{n_} + 1, 0);
    std::vector<local_id> row;
    for (local_id v = 0; v < n_; ++v) {
      const auto out = g.out_neighbors(v);
      row.assign(out.begin(), out.end());
      std::sort(row.begin(), row.end(), [&](local_id a, local_id b) { return ids[a] < ids[b]; });
      row.erase(std::unique(row.begin(), row.end()), row.end());
      std::erase(row, v);
      successors_.items.insert(successors_.items.end(), row.begin(), row.end());
      successors_.offsets[v + 1] = successors_.items.size();
    }
  }

  // Collective: adds the dependencies of every vertex on `source` into `centrality`.
  void add_source(vertex_id source, std::vector<double>& centrality) {
    std::fill(depth_.begin(), depth_.end(), unreachable_depth);
    std::fill(sigma_.begin(), sigma_.end(), 0.0);
    std::fill(delta_.begin(), delta_.end(), 0.0);
    levels_.clear();
    levels_.emplace_back();
    const auto owned_source = g_.find_local(source);
    if (owned_source) {
      depth_[*owned_source] = 0;
      sigma_[*owned_source] = 1.0;
      levels_.back().push_back(*owned_source);
    }
    while (g_.comm().all_reduce(std::uint64_t{levels_.back().size()}, reduce_op::sum) != 0) {
      expand(static_cast<std::int64_t>(levels_.size()));
    }
    levels_.pop_back();  // the empty one
    mirrors_.sync(std::span<std::int64_t>(depth_));
    for (std::size_t d = levels_.size(); d-- > 1;) {
      for (const local_id w : levels_[d]) coefficient_[w] = (1.0 + delta_[w]) / sigma_[w];
      mirrors_.sync(std::span<double>(coefficient_));
      const auto& parents = levels_[d - 1];
      const auto child = static_cast<std::int64_t>(d);
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, parents.size(), 64), [&](const auto& r) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) {
          const local_id v = parents[i];
          double sum = 0.0;
          for (const local_id w : successors_.of(v)) {
            if (depth_[w] == child) sum += coefficient_[w];
          }
          delta_[v] = sigma_[v] * sum;
        }
      });
    }
    for (std::size_t d = 1; d < levels_.size(); ++d) {
      for (const local_id v : levels_[d]) centrality[v] += delta_[v];
    }
  }

 private:
  // Collective: discovers level `level` from the last one and counts its shortest paths.
  void expand(std::int64_t level) {
    next_.clear();
    std::atomic<std::size_t> queued{0};
    queue_.resize(g_.ghost_vertices());
    const auto& current = levels_.back();
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, current.size(), 64), [&](const auto& r) {
      for (std::size_t i = r.begin(); i != r.end(); ++i) {
        const local_id u = current[i];
        for (const local_id w : successors_.of(u)) {
          if (w >= n_ && std::atomic_ref<std::uint8_t>(sent_[w - n_]).exchange(1) == 0) {
            queue_[queued.fetch_add(1)] = w;
          }
          if (w >= n_ || discover(w, level)) std::atomic_ref<double>(sigma_[w]).fetch_add(sigma_[u]);
        }
      }
    });
    const std::span<const local_id> ghosts(queue_.data(), queued.load());
    std::vector<double> counts(ghosts.size());
    for (std::size_t i = 0; i < ghosts.size(); ++i) {
      counts[i] = std::exchange(sigma_[ghosts[i]], 0.0);
      sent_[ghosts[i] - n_] = 0;
    }
    mirrors_.send_to_owners(ghosts, std::span<const double>(counts), [&](local_id w, double paths) {
      if (discover(w, level)) sigma_[w] += paths;
    });
    const auto found = next_.members();
    levels_.emplace_back(found.begin(), found.end());
  }

  // Whether owned w lies on level `level`: reached there now (it joins the next frontier) or
  // before by another path of the same length.
  bool discover(local_id w, std::int64_t level) {
    std::int64_t seen = unreachable_depth;
    if (std::atomic_ref<std::int64_t>(depth_[w]).compare_exchange_strong(seen, level)) {
      next_.add(w);
      return true;
    }
    return seen == level;
  }

  const distributed_graph& g_;
  local_id n_;
  ghost_sync mirrors_;
  std::size_t slots_;
  vertex_lists<local_id> successors_;  // simple out-lists, ascending external id
  frontier next_;
  std::vector<std::int64_t> depth_;
  std::vector<double> sigma_;        // shortest paths from the source; a ghost's: this level's to send
  std::vector<double> coefficient_;  // (1 + δ) / σ of the level being pulled
  std::vector<double> delta_;
  std::vector<std::uint8_t> sent_;  // per ghost: queued this level
  std::vector<local_id> queue_;
  std::vector<std::vector<local_id>> levels_;  // owned vertices by depth
};

}  // namespace

std::uint64_t betweenness_source_key(std::uint64_t seed, vertex_id id) noexcept { return mix(seed ^ mix(id)); }

vertex_result<double> betweenness(const distributed_graph& g, const betweenness_params& params,
                                  const run_options& options) {
  if (params.samples == 0) throw usage_error("betweenness needs at least one sample");
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t bytes_before = g.comm().bytes_sent();
  const auto sources = choose_sources(g, params);
  brandes state(g);
  std::vector<double> centrality(g.local_vertices(), 0.0);
  for (const vertex_id s : sources) state.add_source(s, centrality);
  double scale = g.directed() ? 1.0 : 0.5;
  if (!sources.empty()) scale = scale * static_cast<double>(g.global_vertices()) / static_cast<double>(sources.size());
  for (double& b : centrality) b *= scale;
  return {std::move(centrality), single_step_metrics(g, start, bytes_before, options)};
}

}  // namespace eddy::algorithms
