#include "eddy/graph/generators.hpp"

#include <tbb/parallel_for.h>

#include <sstream>

#include "eddy/runtime/error.hpp"

namespace eddy {
namespace {

std::uint64_t mix(std::uint64_t z) {  // splitmix64 finaliser
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31U);
}

double unit(std::uint64_t bits) { return static_cast<double>(bits >> 11U) * 0x1.0p-53; }

// A bijection on [0, 2^scale): odd multipliers and xor-shifts are invertible modulo 2^scale.
std::uint64_t permute(std::uint64_t x, unsigned scale, std::uint64_t seed) {
  const std::uint64_t mask = scale >= 64 ? ~0ULL : (1ULL << scale) - 1;
  const unsigned shift = scale / 2 + 1;
  x ^= mix(seed + 2) & mask;  // so that id 0 does not stay 0
  x = (x * (mix(seed) | 1U)) & mask;
  x ^= x >> shift;
  x = (x * (mix(seed + 1) | 1U)) & mask;
  x ^= x >> shift;
  return x;
}

}  // namespace

std::vector<io::edge_record> kronecker_edges(const kronecker_params& params, int part, int parts) {
  const std::uint64_t total = static_cast<std::uint64_t>(params.edge_factor) << params.scale;
  const std::uint64_t begin = total * static_cast<std::uint64_t>(part) / static_cast<std::uint64_t>(parts);
  const std::uint64_t end = total * static_cast<std::uint64_t>(part + 1) / static_cast<std::uint64_t>(parts);
  // Quadrant choice on 32-bit uniforms against integer thresholds: two levels per random word.
  const auto threshold = [](double p) { return static_cast<std::uint64_t>(p * 4294967296.0); };
  const std::uint64_t a = threshold(params.a);
  const std::uint64_t ab = threshold(params.a + params.b);
  const std::uint64_t abc = threshold(params.a + params.b + params.c);
  std::vector<io::edge_record> edges(end - begin);
  tbb::parallel_for(tbb::blocked_range<std::uint64_t>(begin, end, 4096), [&](const tbb::blocked_range<std::uint64_t>& r) {
    for (std::uint64_t e = r.begin(); e != r.end(); ++e) {
      std::uint64_t state = mix(params.seed ^ mix(e));
      std::uint64_t src = 0, dst = 0, word = 0;
      for (unsigned level = 0; level < params.scale; ++level) {
        if (level % 2 == 0) {
          state = mix(state);
          word = state;
        }
        const std::uint64_t u = (level % 2 == 0 ? word : word >> 32U) & 0xffffffffULL;
        const std::uint64_t right = (u >= a && u < ab) || u >= abc ? 1 : 0;
        const std::uint64_t down = u >= ab ? 1 : 0;
        src = (src << 1U) | down;
        dst = (dst << 1U) | right;
      }
      state = mix(state);
      edges[e - begin] = {permute(src, params.scale, params.seed), permute(dst, params.scale, params.seed), unit(state)};
    }
  });
  return edges;
}

kronecker_params parse_generator_spec(const std::string& spec) {
  std::stringstream in(spec);
  std::string field;
  std::getline(in, field, ':');
  if (field != "kronecker") throw usage_error("unknown generator '" + field + "' (expected gen:kronecker:scale=N)");
  kronecker_params p;
  while (std::getline(in, field, ':')) {
    const auto eq = field.find('=');
    const std::string key = field.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : field.substr(eq + 1);
    try {
      if (key == "scale") p.scale = static_cast<unsigned>(std::stoul(value));
      else if (key == "edge_factor") p.edge_factor = static_cast<unsigned>(std::stoul(value));
      else if (key == "seed") p.seed = std::stoull(value);
      else throw usage_error("unknown generator parameter '" + key + "'");
    } catch (const std::logic_error&) {
      throw usage_error("generator parameter '" + field + "' needs a number");
    }
  }
  if (p.scale == 0 || p.scale > 40) throw usage_error("kronecker scale must be between 1 and 40");
  return p;
}

}  // namespace eddy
