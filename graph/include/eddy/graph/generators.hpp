#pragma once
// Synthetic graphs generated in parallel: each rank makes its share of the edges from a
// counter-based random stream, so a seed gives the same graph at any number of ranks.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "eddy/io/edge_record.hpp"
#include "eddy/runtime/communicator.hpp"

namespace eddy {

struct kronecker_params {
  unsigned scale = 16;             // 2^scale vertex ids
  unsigned edge_factor = 16;       // edges = edge_factor * 2^scale
  double a = 0.57, b = 0.19, c = 0.19;  // Graph500 initiator; d = 1 - a - b - c
  std::uint64_t seed = 1;
  // Gelly's R-MAT noise: at every level of every edge each of a, b, c, d is multiplied by a
  // uniform draw from [1 - noise/2, 1 + noise/2] and the four renormalised. 0 disables it.
  double noise = 0.0;
};

// The initiator edge e uses at `level` (a, b, c, d, summing to 1): the constants themselves
// without noise, else their seeded perturbation. Exposed so that the perturbation can be checked.
[[nodiscard]] std::array<double, 4> kronecker_level_constants(const kronecker_params& params, std::uint64_t e,
                                                              unsigned level) noexcept;

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

// Throws usage_error unless the parameters describe a graph the generator makes (scale 1..40,
// a, b, c and d = 1 - a - b - c not negative, noise in [0, 2]).
void check_kronecker_params(const kronecker_params& params);

// Parses a Kronecker spec such as "kronecker:scale=20:edge_factor=16:seed=1" (the text after
// "gen:"; all keys in docs/GENERATORS.md); throws usage_error, also for another generator's spec.
[[nodiscard]] kronecker_params parse_generator_spec(const std::string& spec);

// The generators of Flink Gelly besides R-MAT. Vertex ids are 0..n-1 as in Gelly; every edge is
// computed from its index, so a part of the edges needs no other part. docs/GENERATORS.md lists
// the edges of each.
enum class generator_kind { kronecker, grid, circulant, complete, star, empty, singleton_edge };

struct offset_range {
  std::uint64_t first = 1;  // offsets first, first + 1, ..., first + count - 1
  std::uint64_t count = 1;
};

struct graph_generator {
  std::string name;  // as the spec names it: hypercube, cycle and path are grids, echo is circulant
  generator_kind kind = generator_kind::kronecker;
  kronecker_params kronecker;         // kronecker only
  bool simplify = false;              // kronecker only: built without self-loops and repeated edges
  std::uint64_t vertices = 0;         // every kind but kronecker
  std::vector<std::uint64_t> dims;    // grid: sizes; the first dimension varies fastest in the ids
  std::vector<bool> wrap;             // grid: join the ends of a dimension (of size 3 or more)
  std::vector<offset_range> offsets;  // circulant: sorted, not overlapping, within 1..vertices-1
};

// Parses the text after "gen:", e.g. "grid:dims=3x4:wrap=1x0" or "circulant:n=10:offsets=1..2,5";
// throws usage_error naming the bad key or value.
[[nodiscard]] graph_generator parse_graph_generator(const std::string& spec);

// Whether the generator's edges are meant as arcs (Kronecker, circulant and echo: Gelly's oriented
// graphs) rather than as undirected edges listed once (the others).
[[nodiscard]] bool generator_directed(const graph_generator& g) noexcept;

// The vertex count, isolated vertices included; none for Kronecker, whose vertices are its edges'
// endpoints.
[[nodiscard]] std::optional<std::uint64_t> generator_vertex_count(const graph_generator& g) noexcept;

// The number of edges the generator lists (an undirected edge once).
[[nodiscard]] std::uint64_t generator_edge_count(const graph_generator& g) noexcept;

// Vertices on no edge, which an edge list cannot show. Every generator either touches all of its
// vertices or has no edges at all.
[[nodiscard]] std::uint64_t generator_isolated_vertices(const graph_generator& g) noexcept;

// Edges [part*E/parts, (part+1)*E/parts) of the generator's list; with `both_directions` each
// edge is followed by its reverse (how an undirected generator's graph is read as directed).
// Weights, when `weighted`: Kronecker's random ones, 1.0 for the others.
[[nodiscard]] io::edge_columns generator_columns(const graph_generator& g, int part, int parts, bool weighted,
                                                 bool both_directions);

// Collective: the edges of generator_columns as `SRC DST` lines (`SRC DST WEIGHT` when weighted)
// in the generator's edge order, each rank formatting its share: the same bytes at any number of
// ranks. Replaces `path` only on success.
void write_generator_edge_list(const communicator& comm, const graph_generator& g, bool weighted,
                               bool both_directions, const std::string& path);

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
