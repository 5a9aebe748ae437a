// The edges of Gelly's regular generators, each computed from its index alone.
#include <tbb/parallel_for.h>

#include <algorithm>

#include "eddy/graph/generators.hpp"

namespace eddy {
namespace {

__extension__ using u128 = unsigned __int128;

// Edge i of a grid lies along dimension j when i falls in that dimension's block. Within the
// block, edges come line by line (a line: all coordinates fixed but j), each line's edges joining
// positions p and p + 1, then the wrap-around edge joining the last position to the first.
class grid_edges {
 public:
  explicit grid_edges(const graph_generator& g) {
    std::uint64_t stride = 1;
    for (std::size_t j = 0; j < g.dims.size(); ++j) {
      const std::uint64_t size = g.dims[j];
      const std::uint64_t per_line = size - 1 + (g.wrap[j] && size > 2 ? 1 : 0);
      dims_.push_back({size, stride, per_line, total_});
      total_ += g.vertices / size * per_line;
      stride *= size;
    }
  }

  [[nodiscard]] std::uint64_t count() const noexcept { return total_; }

  [[nodiscard]] std::pair<std::uint64_t, std::uint64_t> operator()(std::uint64_t i) const noexcept {
    std::size_t j = 0;
    while (j + 1 < dims_.size() && dims_[j + 1].first_edge <= i) ++j;
    const dimension& d = dims_[j];
    const std::uint64_t k = i - d.first_edge, line = k / d.per_line, position = k % d.per_line;
    const std::uint64_t v = line / d.stride * d.stride * d.size + position * d.stride + line % d.stride;
    return {v, position + 1 < d.size ? v + d.stride : v - position * d.stride};
  }

 private:
  struct dimension {
    std::uint64_t size, stride, per_line, first_edge;
  };
  std::vector<dimension> dims_;
  std::uint64_t total_ = 0;
};

// Edge i of a circulant graph leaves vertex i / K for the (i % K)-th of its K offsets.
class circulant_edges {
 public:
  explicit circulant_edges(const graph_generator& g) : n_(g.vertices), ranges_(g.offsets) {
    for (const auto& r : ranges_) per_vertex_ += r.count;
  }

  [[nodiscard]] std::uint64_t count() const noexcept { return n_ * per_vertex_; }

  [[nodiscard]] std::pair<std::uint64_t, std::uint64_t> operator()(std::uint64_t i) const noexcept {
    const std::uint64_t v = i / per_vertex_;
    std::uint64_t k = i % per_vertex_;
    std::size_t r = 0;
    while (k >= ranges_[r].count) k -= ranges_[r++].count;
    return {v, (v + ranges_[r].first + k) % n_};
  }

 private:
  std::uint64_t n_;
  std::vector<offset_range> ranges_;
  std::uint64_t per_vertex_ = 0;
};

// Edge i of a complete graph: row u holds (u, u+1), ..., (u, n-1), and the rows before u hold
// u(2n - u - 1)/2 edges; a binary search finds the row.
class complete_edges {
 public:
  explicit complete_edges(const graph_generator& g) : n_(g.vertices) {}

  [[nodiscard]] std::uint64_t count() const noexcept { return before(n_); }

  [[nodiscard]] std::pair<std::uint64_t, std::uint64_t> operator()(std::uint64_t i) const noexcept {
    std::uint64_t low = 0, high = n_ - 1;  // the row is the last u with before(u) <= i
    while (low < high) {
      const std::uint64_t mid = low + (high - low + 1) / 2;
      if (before(mid) <= i) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return {low, low + 1 + (i - before(low))};
  }

 private:
  [[nodiscard]] std::uint64_t before(std::uint64_t u) const noexcept {
    return static_cast<std::uint64_t>(static_cast<u128>(u) * (2 * n_ - u - 1) / 2);
  }
  std::uint64_t n_;
};

// Calls emit(k, src, dst) for edges [begin, end) of `edge`, k counting from 0, in parallel.
template <class Edge, class Emit>
void for_edges(const Edge& edge, std::uint64_t begin, std::uint64_t end, Emit&& emit) {
  tbb::parallel_for(tbb::blocked_range<std::uint64_t>(begin, end, 8192),
                    [&](const tbb::blocked_range<std::uint64_t>& r) {
                      for (std::uint64_t i = r.begin(); i != r.end(); ++i) {
                        const auto [src, dst] = edge(i);
                        emit(i - begin, src, dst);
                      }
                    });
}

template <class Edge>
io::edge_columns columns_of(const Edge& edge, int part, int parts) {
  const auto [begin, end] = even_share(edge.count(), part, parts);
  io::edge_columns out;
  out.src.resize(end - begin);
  out.dst.resize(end - begin);
  for_edges(edge, begin, end, [&](std::uint64_t k, std::uint64_t src, std::uint64_t dst) {
    out.src[k] = src;
    out.dst[k] = dst;
  });
  return out;
}

// The star's and the singleton-edge graph's edges as one formula each.
struct formula_edges {
  std::uint64_t total;
  bool star;
  [[nodiscard]] std::uint64_t count() const noexcept { return total; }
  [[nodiscard]] std::pair<std::uint64_t, std::uint64_t> operator()(std::uint64_t i) const noexcept {
    using edge = std::pair<std::uint64_t, std::uint64_t>;
    return star ? edge{0, i + 1} : edge{2 * i, 2 * i + 1};
  }
};

// Every edge followed by its reverse, weights copied along.
void add_reverses(io::edge_columns& edges) {
  const std::size_t m = edges.src.size();
  io::edge_columns both;
  both.weighted = edges.weighted;
  both.src.resize(2 * m);
  both.dst.resize(2 * m);
  if (edges.weighted) both.weight.resize(2 * m);
  for (std::size_t i = 0; i < m; ++i) {
    both.src[2 * i] = both.dst[2 * i + 1] = edges.src[i];
    both.dst[2 * i] = both.src[2 * i + 1] = edges.dst[i];
    if (edges.weighted) both.weight[2 * i] = both.weight[2 * i + 1] = edges.weight[i];
  }
  edges = std::move(both);
}

}  // namespace

bool generator_directed(const graph_generator& g) noexcept {
  return g.kind == generator_kind::kronecker || g.kind == generator_kind::circulant;
}

std::optional<std::uint64_t> generator_vertex_count(const graph_generator& g) noexcept {
  if (g.kind == generator_kind::kronecker) return std::nullopt;
  return g.vertices;
}

std::uint64_t generator_edge_count(const graph_generator& g) noexcept {
  switch (g.kind) {
    case generator_kind::kronecker:
      return kronecker_edge_count(g.kronecker);
    case generator_kind::grid:
      return grid_edges(g).count();
    case generator_kind::circulant:
      return circulant_edges(g).count();
    case generator_kind::complete:
      return complete_edges(g).count();
    case generator_kind::star:
      return g.vertices - 1;
    case generator_kind::singleton_edge:
      return g.vertices / 2;
    case generator_kind::empty:
      break;
  }
  return 0;
}

std::uint64_t generator_isolated_vertices(const graph_generator& g) noexcept {
  return g.kind != generator_kind::kronecker && generator_edge_count(g) == 0 ? g.vertices : 0;
}

io::edge_columns generator_columns(const graph_generator& g, int part, int parts, bool weighted,
                                   bool both_directions) {
  io::edge_columns edges;
  switch (g.kind) {
    case generator_kind::kronecker:
      edges = kronecker_columns(g.kronecker, part, parts, weighted);
      break;
    case generator_kind::grid:
      edges = columns_of(grid_edges(g), part, parts);
      break;
    case generator_kind::circulant:
      edges = columns_of(circulant_edges(g), part, parts);
      break;
    case generator_kind::complete:
      edges = columns_of(complete_edges(g), part, parts);
      break;
    case generator_kind::star:
    case generator_kind::singleton_edge:
      edges = columns_of(formula_edges{generator_edge_count(g), g.kind == generator_kind::star}, part, parts);
      break;
    case generator_kind::empty:
      break;
  }
  if (weighted && !edges.weighted) {
    edges.weighted = true;
    edges.weight.assign(edges.src.size(), 1.0);
  }
  if (both_directions) add_reverses(edges);
  return edges;
}

}  // namespace eddy
