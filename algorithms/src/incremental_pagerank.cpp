// Incremental PageRank by signed residual push.
//
// The LDBC PageRank x (sinks' rank spread evenly) solves x = c*1 + d*P*x with P the column-
// stochastic matrix of non-sink out-edges and c = ((1-d) + d*sink mass)/N. So x is proportional
// to z = (I - dP)^-1 * 1, the solution of z = 1 + d*P*z, and x = z / sum(z): the coupling through
// N and the sink mass disappears into the normalisation. z is kept together with its residual
// r = 1 + d*P*z - z. Pushing a vertex moves its residual into z and d*r/deg into each
// out-neighbour's residual; an edge change only moves the changed source's old contributions
// (revoked) and new ones (sent), and a new vertex brings its source term 1. Residuals are signed.
//
// Error bound: ||z* - z||_1 <= ||r||_1 / (1-d), hence ||x* - x||_1 <= 2 ||r||_1 / ((1-d) sum(z)).
// Pushing goes on until ||r||_1 <= T (1-d) sum(z) / 2, so the ranks are within T of the exact
// PageRank of the current graph (L1).
#include <algorithm>
#include <cmath>

#include "eddy/algorithms/incremental.hpp"
#include "eddy/runtime/exchange.hpp"
#include "incremental_rounds.hpp"

namespace eddy::algorithms {
namespace {

class incremental_pagerank final : public incremental_algorithm<double> {
 public:
  incremental_pagerank(const dynamic_graph& g, double damping, double tolerance, std::span<const double> start)
      : g_(g), d_(damping), tolerance_(tolerance) {
    const local_id n = g.local_vertices();
    z_.assign(n, 0.0);
    state_.assign(n, {1.0, 0.0F, 0, 0});
    for (local_id v = 0; v < n; ++v) {
      state_[v].cost = cost(v);
      enqueue(v);
    }
    ghost_r_.grow(g.ghost_vertices());
    // Collective either way: a rank owning no vertex has no ranks to pass but must take part.
    if (g.comm().all_reduce(start.empty() ? 0 : 1, reduce_op::max) == 1) seed_from_ranks(start);
    (void)converge();
  }

  incremental_stats update(const graph_changes& changes) override {
    const local_id n = g_.local_vertices();
    z_.resize(n, 0.0);
    state_.resize(n, {1.0, 0.0F, 0, 0});  // a new vertex brings its source term
    for (local_id v = changes.first_new_vertex; v < n; ++v) state_[v].cost = cost(v);
    for (const auto& c : changes.out) state_[c.row].cost = cost(c.row);
    ghost_r_.grow(g_.ghost_vertices());
    move_contributions(changes.out);
    for (local_id v = changes.first_new_vertex; v < n; ++v) enqueue(v);
    return converge();
  }

  [[nodiscard]] std::vector<double> values() const override {
    double local = 0.0;
    for (const double z : z_) local += z;
    const double total = g_.comm().all_reduce(local, reduce_op::sum);
    std::vector<double> x(z_.size());
    for (std::size_t v = 0; v < x.size(); ++v) x[v] = total > 0.0 ? z_[v] / total : 0.0;
    return x;
  }

 private:
  // Starts from converged ranks x of the same graph: z = x / c (the scale at which z solves its
  // own equation), and the residual of that z computed exactly with one pass over the arcs.
  void seed_from_ranks(std::span<const double> x) {
    const local_id n = g_.local_vertices();
    double sinks = 0.0;
    for (local_id v = 0; v < n; ++v) sinks += g_.out_degree(v) == 0 ? x[v] : 0.0;
    sinks = g_.comm().all_reduce(sinks, reduce_op::sum);
    const auto total = static_cast<double>(g_.global_vertices());
    const double c = ((1.0 - d_) + d_ * sinks) / total;
    for (local_id v = 0; v < n; ++v) {
      z_[v] = x[v] / c;
      state_[v].r -= z_[v];
    }
    for (local_id v = 0; v < n; ++v) spread(v, d_ * z_[v]);
    send_ghost_residuals();
  }

  // The residual change of a batch: for each owned source whose out-row changed, every current
  // out-neighbour gains d*z/k' and every former one loses d*z/k (k, k': degree before, after).
  void move_contributions(std::vector<arc_change> changed) {
    // A row may change several times in a batch, between other rows' changes: group by row.
    std::stable_sort(changed.begin(), changed.end(), [](const arc_change& a, const arc_change& b) { return a.row < b.row; });
    std::size_t i = 0;
    while (i < changed.size()) {
      const local_id u = changed[i].row;
      net_.clear();
      for (; i < changed.size() && changed[i].row == u; ++i) {
        const auto kind = changed[i].kind;
        if (kind == io::update_kind::reweight) continue;  // PageRank ignores weights
        net_.push_back({changed[i].far, kind == io::update_kind::add ? 1 : -1});
      }
      if (net_.empty() || z_[u] == 0.0) continue;
      std::sort(net_.begin(), net_.end());
      const auto now = static_cast<double>(g_.out_degree(u));
      int gained = 0;
      for (const auto& [far, sign] : net_) gained += sign;
      const double before = now - gained;
      const double share_now = now > 0 ? d_ * z_[u] / now : 0.0;
      const double share_before = before > 0 ? d_ * z_[u] / before : 0.0;
      // Arcs present before and after get the difference; net additions the new share; net
      // removals lose the old one.
      g_.for_each_out(u, [&](local_id w, double) {
        add_residual(w, net_sign(w) > 0 ? share_now : share_now - share_before);
      });
      for (std::size_t j = 0; j < net_.size(); ++j) {  // each far end once
        if ((j == 0 || net_[j].first != net_[j - 1].first) && net_sign(net_[j].first) < 0) {
          add_residual(net_[j].first, -share_before);
        }
      }
    }
  }

  int net_sign(local_id far) const {
    const auto it = std::lower_bound(net_.begin(), net_.end(), std::pair<local_id, int>{far, -2});
    int sum = 0;
    for (auto j = it; j != net_.end() && j->first == far; ++j) sum += j->second;
    return sum;
  }

  void add_residual(local_id w, double amount) {
    if (is_ghost(w)) {
      ghost_r_.add(w, amount);
      return;
    }
    state_[w].r += amount;
    enqueue(w);
  }

  [[nodiscard]] bool above(local_id v, double residual) const {
    return std::abs(residual) > threshold_ * state_[v].cost;
  }
  [[nodiscard]] float cost(local_id v) const { return 1.0F + static_cast<float>(g_.out_degree(v)); }

  // Every vertex with a nonzero residual is in active_; those above the round's threshold are
  // also queued for pushing.
  void enqueue(local_id v) {
    auto& st = state_[v];
    if (st.active == 0) {
      st.active = 1;
      active_.push_back(v);
    }
    if (st.queued == 0 && std::abs(st.r) > threshold_ * st.cost) {
      st.queued = 1;
      queue_.push_back(v);
    }
  }

  // d*amount/deg(v) to each out-neighbour of v.
  void spread(local_id v, double amount) {
    const auto degree = g_.out_degree(v);
    if (degree == 0) return;
    const double share = amount / static_cast<double>(degree);
    g_.for_each_out(v, [&](local_id w, double) { add_residual(w, share); });
  }

  // Collective: hands the residuals collected for ghosts to their owners.
  void send_ghost_residuals() {
    outbox<addressed<double>> out(g_.comm().size());
    ghost_r_.flush(g_, out);
    (void)exchange_once<double>(g_.comm(), out, [&](local_id v, double amount) {
      state_[v].r += amount;
      enqueue(v);
    });
  }


  // Pushes until ||r||_1 <= T (1-d) sum(z) / 2. A round pushes the vertices whose residual
  // exceeds threshold * (1 + out-degree), the threshold being half the mean residual per unit of
  // (1 + out-degree) over the vertices holding one: a push costs the vertex's out-degree, so a
  // residual is worth pushing when it is large for that cost (as in Andersen, Chung and Lang's
  // local PageRank), and large residuals go first (as in Gauss-Southwell) without sorting. A round
  // pushes locally as far as it goes, then hands ghosts' residuals to their owners.
  incremental_stats converge() {
    double local_z = 0.0;
    for (const double z : z_) local_z += z;
    const double total_z = g_.comm().all_reduce(local_z, reduce_op::sum);
    const auto vertices = static_cast<double>(std::max<std::uint64_t>(g_.global_vertices(), 1));
    // Before anything is pushed sum(z) may be 0; N is a lower bound of sum(z*) (z* >= 1).
    const double budget = tolerance_ * (1.0 - d_) * std::max(total_z, vertices) / 2.0;
    incremental_stats stats;
    std::uint64_t pushed = 0;
    while (true) {
      double norm[2] = {0.0, 0.0};  // sum of |r|, and of 1 + out-degree, over vertices with r != 0
      std::size_t kept = 0;
      for (const local_id v : active_) {
        auto& st = state_[v];
        if (st.r == 0.0) {
          st.active = 0;
          continue;
        }
        norm[0] += std::abs(st.r);
        norm[1] += st.cost;
        active_[kept++] = v;
      }
      active_.resize(kept);
      g_.comm().all_reduce_in_place(std::span<double>(norm), reduce_op::sum);
      if (norm[0] <= budget) break;
      threshold_ = norm[0] / (2.0 * norm[1]);
      for (const local_id v : queue_) state_[v].queued = 0;  // left by arrivals since the last round
      queue_.clear();
      for (const local_id v : active_) enqueue(v);
      for (std::size_t head = 0; head < queue_.size(); ++head) {
        const local_id v = queue_[head];
        auto& st = state_[v];
        st.queued = 0;
        const double a = st.r;
        if (!(std::abs(a) > threshold_ * st.cost)) continue;
        st.r = 0.0;
        z_[v] += a;
        ++pushed;
        spread(v, d_ * a);
      }
      queue_.clear();
      send_ghost_residuals();
      ++stats.supersteps;
    }
    stats.touched = g_.comm().all_reduce(pushed, reduce_op::sum);
    return stats;
  }

  const dynamic_graph& g_;
  double d_;
  double tolerance_;
  double threshold_ = 0.0;  // of the current round, per unit of 1 + out-degree
  std::vector<double> z_;
  // What the inner loop touches per vertex, in one cache line's quarter: residual, push cost
  // (1 + out-degree) and the queue flags.
  struct vertex_state {
    double r;
    float cost;
    std::uint8_t queued;
    std::uint8_t active;
  };
  std::vector<vertex_state> state_;
  ghost_messages<double> ghost_r_;  // residuals for ghosts, summed until the round's exchange
  std::vector<local_id> queue_;
  std::vector<local_id> active_;
  std::vector<std::pair<local_id, int>> net_;
};

}  // namespace

std::unique_ptr<incremental_algorithm<double>> make_incremental_pagerank(const dynamic_graph& g, double damping,
                                                                         double tolerance, std::span<const double> ranks) {
  return std::make_unique<incremental_pagerank>(g, damping, tolerance, ranks);
}

}  // namespace eddy::algorithms
