#include "eddy/algorithms/triadic_census.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <chrono>
#include <functional>
#include <utility>

#include "eddy/runtime/error.hpp"
#include "simple_neighbours.hpp"
#include "step_metrics.hpp"
#include "triangles.hpp"

namespace eddy::algorithms {
namespace {

enum triad : std::size_t {
  t003, t012, t102, t021D, t021U, t021C, t111D, t111U, t030T, t030C, t201, t120D, t120U, t120C, t210, t300
};
using census = std::array<std::uint64_t, 16>;

// Dyad bits as seen from x towards y (1: x -> y, 2: y -> x, 3: both); reversed, as seen from y.
constexpr std::uint8_t reversed(std::uint8_t bits) {
  return static_cast<std::uint8_t>(((bits & 1U) << 1U) | ((bits & 2U) >> 1U));
}

// The class of a connected-but-open triad a - c - b, from the centre c's dyads with a and b.
constexpr triad open_triad(std::uint8_t ca, std::uint8_t cb) {
  if (ca > cb) std::swap(ca, cb);
  if (ca == 1 && cb == 1) return t021D;  // a <- c -> b
  if (ca == 2 && cb == 2) return t021U;  // a -> c <- b
  if (ca == 1 && cb == 2) return t021C;
  if (ca == 3 && cb == 3) return t201;
  return ca == 2 ? t111D : t111U;  // one mutual dyad; the other arc enters (D) or leaves (U) c
}

// The class of a triangle from its dyads (v,u), (v,w), (u,w), each seen from the first vertex.
constexpr triad closed_triad(std::uint8_t vu, std::uint8_t vw, std::uint8_t uw) {
  const int mutual = (vu == 3) + (vw == 3) + (uw == 3);
  if (mutual == 3) return t300;
  if (mutual == 2) return t210;
  const int out_v = (vu & 1) + (vw & 1);
  const int out_u = ((vu >> 1) & 1) + (uw & 1);
  const int out_w = ((vw >> 1) & 1) + ((uw >> 1) & 1);
  if (mutual == 0) return out_v == 1 && out_u == 1 && out_w == 1 ? t030C : t030T;
  // One mutual dyad: classify by the arcs of the vertex outside it.
  const int out_z = uw == 3 ? out_v : vw == 3 ? out_u : out_w;
  return out_z == 2 ? t120D : out_z == 0 ? t120U : t120C;
}

std::uint64_t choose3(std::uint64_t n) {
  if (n < 3) return 0;
  // One of three consecutive numbers is divisible by 3 and one of two by 2: divide first.
  std::uint64_t f[3] = {n, n - 1, n - 2};
  for (auto& x : f) {
    if (x % 3 == 0) {
      x /= 3;
      break;
    }
  }
  for (auto& x : f) {
    if (x % 2 == 0) {
      x /= 2;
      break;
    }
  }
  std::uint64_t out = 0;
  if (__builtin_mul_overflow(f[0], f[1], &out) || __builtin_mul_overflow(out, f[2], &out)) {
    throw error("triadic census: C(N, 3) does not fit in 64 bits");
  }
  return out;
}

}  // namespace

// Counting by connected pairs (Batagelj and Mrvar): triads with three connected pairs are the
// triangles, each enumerated once; with two, one per centre c and pair of c's neighbours, minus
// the pairs that close a triangle; with one, one per connected pair {x, y} and third vertex linked
// to neither, N - d(x) - d(y) + (common neighbours), the last term again from the triangles.
// Intermediate sums may wrap below zero: unsigned arithmetic makes the totals exact regardless.
triad_census triadic_census(const distributed_graph& g, const run_options& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t bytes_before = g.comm().bytes_sent();
  const local_id n = g.local_vertices();
  const std::uint64_t vertices = g.global_vertices();
  const ghost_sync mirrors(g);
  const auto lists = build_upward_lists(g, mirrors);  // degree: ghost copies included
  tbb::enumerable_thread_specific<census> partial(census{});

  tbb::parallel_for(tbb::blocked_range<local_id>(0, n, 256), [&](const tbb::blocked_range<local_id>& range) {
    auto& c = partial.local();
    for (local_id v = range.begin(); v != range.end(); ++v) {
      std::uint64_t by_dyad[4] = {0, 0, 0, 0};  // neighbours v -> x, x -> v, both
      for_each_simple_neighbour(g, v, [&](local_id x, std::uint8_t bits) {
        ++by_dyad[bits];
        if (g.global_of(v) < g.global_of(x)) c[bits == 3 ? t102 : t012] += vertices - lists.degree[v] - lists.degree[x];
      });
      const std::uint64_t out = by_dyad[1];
      const std::uint64_t in = by_dyad[2];
      const std::uint64_t both = by_dyad[3];
      c[t021D] += out * (out - 1) / 2;
      c[t021U] += in * (in - 1) / 2;
      c[t021C] += out * in;
      c[t111D] += both * in;
      c[t111U] += both * out;
      c[t201] += both * (both - 1) / 2;
    }
  });
  for_each_triangle(g, lists, [&](local_id, local_id, local_id, std::uint8_t vu, std::uint8_t vw, std::uint8_t uw) {
    auto& c = partial.local();
    ++c[closed_triad(vu, vw, uw)];
    --c[open_triad(vu, vw)];
    --c[open_triad(reversed(vu), uw)];
    --c[open_triad(reversed(vw), reversed(uw))];
    for (const std::uint8_t dyad : {vu, vw, uw}) ++c[dyad == 3 ? t102 : t012];
  });

  triad_census result;
  result.counts = partial.combine([](census a, const census& b) {
    for (std::size_t i = 0; i < a.size(); ++i) a[i] += b[i];
    return a;
  });
  g.comm().all_reduce_in_place(std::span<std::uint64_t>(result.counts), reduce_op::sum);
  std::uint64_t others = 0;
  for (std::size_t i = 1; i < result.counts.size(); ++i) others += result.counts[i];
  result.counts[t003] = choose3(vertices) - others;
  result.metrics = single_step_metrics(g, start, bytes_before, options);
  return result;
}

}  // namespace eddy::algorithms
