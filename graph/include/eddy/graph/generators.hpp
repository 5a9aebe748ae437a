#pragma once
// Synthetic graphs generated in parallel: each rank makes its share of the edges from a
// counter-based random stream, so a seed gives the same graph at any number of ranks.
#include <cstdint>
#include <string>
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

// Parses "kronecker:scale=20:edge_factor=16:seed=1" (the text after "gen:"); throws usage_error.
[[nodiscard]] kronecker_params parse_generator_spec(const std::string& spec);

}  // namespace eddy
