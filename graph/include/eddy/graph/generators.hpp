#pragma once
// Synthetic graphs generated in parallel: each rank makes its share of the edges from a
// counter-based random stream, so a seed gives the same graph at any number of ranks.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "eddy/io/edge_record.hpp"

namespace eddy {

struct kronecker_params {
  unsigned scale = 16;             // 2^scale vertex ids
  unsigned edge_factor = 16;       // edges = edge_factor * 2^scale
  double a = 0.57, b = 0.19, c = 0.19;  // Graph500 initiator; d = 1 - a - b - c
  std::uint64_t seed = 1;
};

// Graph500 Kronecker (R-MAT) edges [part*E/parts, (part+1)*E/parts), vertex labels permuted by a
// seed-dependent bijection, weights uniform in [0, 1). Edge i depends on (params, i) only.
[[nodiscard]] std::vector<io::edge_record> kronecker_edges(const kronecker_params& params, int part, int parts);

// The same edges as columns; weights (the same values) only when `weighted`.
[[nodiscard]] io::edge_columns kronecker_columns(const kronecker_params& params, int part, int parts, bool weighted);

// The number of edges kronecker_edges makes: edge_factor * 2^scale.
[[nodiscard]] std::uint64_t kronecker_edge_count(const kronecker_params& params) noexcept;

// Edge number e of the generator, for any e: below kronecker_edge_count it is edge e of
// kronecker_edges, beyond it the same stream continues with the same distribution, which is where
// update streams draw the edges they add. Holds the generator's tables: build one, ask many times.
class kronecker_edge_source {
 public:
  explicit kronecker_edge_source(const kronecker_params& params);
  ~kronecker_edge_source();
  kronecker_edge_source(const kronecker_edge_source&) = delete;
  kronecker_edge_source& operator=(const kronecker_edge_source&) = delete;

  // The weight is drawn only when `weighted` (else 1.0); the labels do not depend on it.
  [[nodiscard]] io::edge_record operator()(std::uint64_t e, bool weighted) const noexcept;

 private:
  struct tables;
  std::unique_ptr<const tables> tables_;
};

// Throws usage_error unless the parameters describe a graph the generator makes (scale 1..40).
void check_kronecker_params(const kronecker_params& params);

// Parses "kronecker:scale=20:edge_factor=16:seed=1" (the text after "gen:"); throws usage_error.
[[nodiscard]] kronecker_params parse_generator_spec(const std::string& spec);

// The counter-based random stream the generators draw from. Word n of the stream keyed `key`
// depends on (key, n) only, so any rank or thread draws any word without drawing the others.
[[nodiscard]] std::uint64_t random_word(std::uint64_t key, std::uint64_t n) noexcept;

// The key of stream number `stream` of a seed. Stream 0 is the Kronecker graph's; other generators
// using the same seed take another number so that their words are unrelated to the graph's.
[[nodiscard]] std::uint64_t random_key(std::uint64_t seed, std::uint64_t stream) noexcept;

// A word as a uniform double in [0, 1) (its top 53 bits).
[[nodiscard]] double random_unit(std::uint64_t word) noexcept;

// Part `part` of `total` items cut into `parts` shares that differ by at most one:
// [part * total / parts, (part + 1) * total / parts), without overflow for any total.
[[nodiscard]] std::pair<std::uint64_t, std::uint64_t> even_share(std::uint64_t total, int part, int parts) noexcept;

}  // namespace eddy
