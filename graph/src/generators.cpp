#include "eddy/graph/generators.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>

#include "eddy/runtime/error.hpp"

namespace eddy {
namespace {

constexpr std::uint64_t golden = 0x9e3779b97f4a7c15ULL;
// Stream numbers of random_key: 0 the graph, 1 the update streams, 2 R-MAT noise.
constexpr std::uint64_t noise_stream_number = 2;

std::uint64_t mix(std::uint64_t z) {  // splitmix64 finaliser
  z += golden;
  z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31U);
}

double unit(std::uint64_t bits) { return static_cast<double>(bits >> 11U) * 0x1.0p-53; }

// A bijection on [0, 2^scale): odd multipliers and xor-shifts are invertible modulo 2^scale.
class permutation {
 public:
  permutation(unsigned scale, std::uint64_t seed)
      : mask_(scale >= 64 ? ~0ULL : (1ULL << scale) - 1),
        shift_(scale / 2 + 1),
        offset_(mix(seed + 2) & mask_),  // so that id 0 does not stay 0
        first_(mix(seed) | 1U),
        second_(mix(seed + 1) | 1U) {}

  [[nodiscard]] std::uint64_t operator()(std::uint64_t x) const noexcept {
    x ^= offset_;
    x = (x * first_) & mask_;
    x ^= x >> shift_;
    x = (x * second_) & mask_;
    return x ^ (x >> shift_);
  }

 private:
  std::uint64_t mask_;
  unsigned shift_;
  std::uint64_t offset_, first_, second_;
};

// wyrand (Wang Yi): the n-th word of a stream is one 64x64->128-bit multiply of a counter, so
// the words of an edge are independent of each other and computed in parallel by the CPU.
__extension__ using u128 = unsigned __int128;
constexpr std::uint64_t wy_step = 0xa0761d6478bd642fULL;
std::uint64_t wyrand_at(std::uint64_t key, std::uint64_t n) {
  const std::uint64_t x = key + n * wy_step;
  const u128 r = static_cast<u128>(x) * (x ^ 0xe7037ed1a0b428dbULL);
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64U);
}

// R-MAT levels drawn two at a time: a 16-bit uniform indexes a table of the 16 joint outcomes of
// two quadrant choices (probabilities quantised to 1/65536), so one 64-bit random word decides
// eight levels. An entry holds the two source bits above the two destination bits.
class quadrant_table {
 public:
  explicit quadrant_table(const kronecker_params& p) {
    const std::array<double, 4> single = {p.a, p.b, p.c, 1.0 - p.a - p.b - p.c};
    // Quadrant q in the order a, b, c, d: source bit q >> 1, destination bit q & 1.
    double cumulative = 0.0;
    std::size_t u = 0;
    for (unsigned q1 = 0; q1 < 4; ++q1) {
      for (unsigned q2 = 0; q2 < 4; ++q2) {
        cumulative += single[q1] * single[q2];
        const std::size_t end = q1 == 3 && q2 == 3 ? two_.size() : bound(cumulative);
        const auto code = static_cast<std::uint8_t>((q1 >> 1U) << 3U | (q2 >> 1U) << 2U | (q1 & 1U) << 1U | (q2 & 1U));
        for (; u < end; ++u) two_[u] = code;
      }
    }
    cumulative = 0.0;
    u = 0;
    for (unsigned q = 0; q < 4; ++q) {
      cumulative += single[q];
      const std::size_t end = q == 3 ? one_.size() : bound(cumulative);
      for (; u < end; ++u) one_[u] = static_cast<std::uint8_t>(q);
    }
  }

  // Source and destination labels of `levels` levels from word(0), word(1), ...
  template <class Word>
  void operator()(unsigned levels, const Word& word, std::uint64_t& src, std::uint64_t& dst) const noexcept {
    std::uint64_t s = 0, d = 0;
    unsigned level = 0, w = 0;
    for (; level + 8 <= levels; level += 8) {
      const std::uint64_t bits = word(w++);
      const unsigned c0 = two_[bits & 0xffffU], c1 = two_[(bits >> 16U) & 0xffffU];
      const unsigned c2 = two_[(bits >> 32U) & 0xffffU], c3 = two_[bits >> 48U];
      s = s << 8U | ((c0 >> 2U) << 6U | (c1 >> 2U) << 4U | (c2 >> 2U) << 2U | c3 >> 2U);
      d = d << 8U | ((c0 & 3U) << 6U | (c1 & 3U) << 4U | (c2 & 3U) << 2U | (c3 & 3U));
    }
    if (level < levels) {
      std::uint64_t bits = word(w);
      for (; level + 2 <= levels; level += 2, bits >>= 16U) {
        const unsigned c = two_[bits & 0xffffU];
        s = s << 2U | c >> 2U;
        d = d << 2U | (c & 3U);
      }
      if (level < levels) {
        const unsigned c = one_[bits & 0xffffU];
        s = s << 1U | c >> 1U;
        d = d << 1U | (c & 1U);
      }
    }
    src = s;
    dst = d;
  }

 private:
  static std::size_t bound(double cumulative) {
    return std::min<std::size_t>(65536, static_cast<std::size_t>(std::llround(cumulative * 65536.0)));
  }
  std::array<std::uint8_t, 65536> two_{};
  std::array<std::uint8_t, 65536> one_{};
};

}  // namespace

// Edge e uses words [e * W, (e + 1) * W) of the stream: the level words, then the weight's word,
// which is drawn only when asked for; labels thus do not depend on whether weights are wanted.
// With noise every level has its own constants, so the quadrant table cannot serve; the levels
// then draw from a stream of their own: five words per level (four perturbations, one choice).
struct kronecker_edge_source::tables {
  explicit tables(const kronecker_params& p)
      : draw(p),
        label(p.scale, p.seed),
        key(mix(p.seed)),
        noise_key(random_key(p.seed, noise_stream_number)),
        params(p),
        scale(p.scale),
        level_words((p.scale + 7) / 8) {}
  quadrant_table draw;
  permutation label;
  std::uint64_t key;
  std::uint64_t noise_key;
  kronecker_params params;
  unsigned scale;
  unsigned level_words;
};

namespace {

constexpr std::uint64_t words_per_noisy_level = 5;

std::array<double, 4> perturbed_constants(const kronecker_params& p, std::uint64_t key, std::uint64_t e,
                                          unsigned level) noexcept {
  std::array<double, 4> k = {p.a, p.b, p.c, 1.0 - p.a - p.b - p.c};
  if (p.noise <= 0.0) return k;
  const std::uint64_t first = (e * p.scale + level) * words_per_noisy_level;
  double sum = 0.0;
  for (std::size_t i = 0; i < k.size(); ++i) {
    k[i] *= 1.0 - p.noise / 2 + p.noise * unit(wyrand_at(key, first + i));
    sum += k[i];
  }
  for (double& x : k) x /= sum;
  return k;
}

void noisy_levels(const kronecker_params& p, std::uint64_t key, std::uint64_t e, std::uint64_t& src,
                  std::uint64_t& dst) {
  std::uint64_t s = 0, d = 0;
  for (unsigned level = 0; level < p.scale; ++level) {
    const auto k = perturbed_constants(p, key, e, level);
    const std::uint64_t choice = (e * p.scale + level) * words_per_noisy_level + 4;
    const double u = unit(wyrand_at(key, choice));
    const unsigned q = u < k[0] ? 0U : u < k[0] + k[1] ? 1U : u < k[0] + k[1] + k[2] ? 2U : 3U;
    s = s << 1U | q >> 1U;
    d = d << 1U | (q & 1U);
  }
  src = s;
  dst = d;
}

}  // namespace

std::array<double, 4> kronecker_level_constants(const kronecker_params& params, std::uint64_t e,
                                                unsigned level) noexcept {
  return perturbed_constants(params, random_key(params.seed, noise_stream_number), e, level);
}

kronecker_edge_source::kronecker_edge_source(const kronecker_params& params)
    : tables_(std::make_unique<const tables>(params)) {}

kronecker_edge_source::~kronecker_edge_source() = default;

io::edge_record kronecker_edge_source::operator()(std::uint64_t e, bool weighted) const noexcept {
  const tables& t = *tables_;
  const std::uint64_t first = e * (t.level_words + 1);
  std::uint64_t src = 0, dst = 0;
  if (t.params.noise > 0.0) {
    noisy_levels(t.params, t.noise_key, e, src, dst);
  } else {
    t.draw(
        t.scale, [&](unsigned w) { return wyrand_at(t.key, first + w); }, src, dst);
  }
  return {t.label(src), t.label(dst), weighted ? unit(wyrand_at(t.key, first + t.level_words)) : 1.0};
}

std::uint64_t kronecker_edge_count(const kronecker_params& params) noexcept {
  return static_cast<std::uint64_t>(params.edge_factor) << params.scale;
}

std::pair<std::uint64_t, std::uint64_t> even_share(std::uint64_t total, int part, int parts) noexcept {
  const auto k = static_cast<std::uint64_t>(parts);
  const auto i = static_cast<std::uint64_t>(part);
  // Without total * part, which overflows for large totals and many parts.
  const auto at = [&](std::uint64_t j) { return total / k * j + total % k * j / k; };
  return {at(i), at(i + 1)};
}

std::uint64_t random_word(std::uint64_t key, std::uint64_t n) noexcept { return wyrand_at(key, n); }

std::uint64_t random_key(std::uint64_t seed, std::uint64_t stream) noexcept {
  // Stream 0 keeps the key the Kronecker graphs have always been drawn with.
  return stream == 0 ? mix(seed) : mix(mix(seed) ^ mix(stream));
}

double random_unit(std::uint64_t word) noexcept { return unit(word); }

namespace {

// Calls emit(index, src, dst, weight) for edges [begin, end) of the stream, in parallel.
template <class Emit>
void generate(const kronecker_params& params, std::uint64_t begin, std::uint64_t end, bool weighted, Emit&& emit) {
  const kronecker_edge_source source(params);
  tbb::parallel_for(
      tbb::blocked_range<std::uint64_t>(begin, end, 8192), [&](const tbb::blocked_range<std::uint64_t>& r) {
        for (std::uint64_t e = r.begin(); e != r.end(); ++e) {
          const io::edge_record edge = source(e, weighted);
          emit(e - begin, edge.src, edge.dst, edge.weight);
        }
      });
}

std::pair<std::uint64_t, std::uint64_t> edge_range(const kronecker_params& params, int part, int parts) {
  return even_share(kronecker_edge_count(params), part, parts);
}

}  // namespace

io::edge_columns kronecker_columns(const kronecker_params& params, int part, int parts, bool weighted) {
  const auto [begin, end] = edge_range(params, part, parts);
  io::edge_columns edges;
  edges.weighted = weighted;
  edges.src.resize(end - begin);
  edges.dst.resize(end - begin);
  if (weighted) edges.weight.resize(end - begin);
  generate(params, begin, end, weighted, [&](std::uint64_t i, std::uint64_t s, std::uint64_t d, double w) {
    edges.src[i] = s;
    edges.dst[i] = d;
    if (weighted) edges.weight[i] = w;
  });
  return edges;
}

std::vector<io::edge_record> kronecker_edges(const kronecker_params& params, int part, int parts) {
  const auto [begin, end] = edge_range(params, part, parts);
  std::vector<io::edge_record> edges(end - begin);
  generate(params, begin, end, true, [&](std::uint64_t i, std::uint64_t s, std::uint64_t d, double w) {
    edges[i] = {s, d, w};
  });
  return edges;
}

}  // namespace eddy
