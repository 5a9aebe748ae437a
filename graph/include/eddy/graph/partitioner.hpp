#pragma once
// Deciding which rank owns which vertex. Every partitioner leaves each rank with a sorted run of
// owned vertices and can answer owner_of(id) anywhere afterwards without communication.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "eddy/graph/types.hpp"
#include "eddy/runtime/communicator.hpp"

namespace eddy {

struct vertex_weight {
  vertex_id id = 0;
  std::uint64_t degree = 0;    // arcs stored at this vertex (out + in)
  std::uint64_t declared = 0;  // non-zero when a vertex file lists the vertex
};

class partitioner {
 public:
  virtual ~partitioner() = default;
  [[nodiscard]] virtual std::string name() const = 0;
  // Collective. `partial` holds vertices this rank has seen (each id at most once per rank, degree
  // counts partial). Returns the vertices this rank owns: unique, sorted by id, counts summed.
  [[nodiscard]] virtual std::vector<vertex_weight> assign(const communicator& comm,
                                                          std::vector<vertex_weight> partial) = 0;
  [[nodiscard]] virtual int owner_of(vertex_id id) const = 0;
  // True when rank r's ids are all below rank r+1's, so writing ranks in order yields sorted output.
  [[nodiscard]] virtual bool ordered() const = 0;
};

// Contiguous id ranges balanced on degree + alpha per vertex, alpha = 8(p-1) as in Gemini: a rank's
// cost grows with its arcs and, through messages to and from mirrors, with its vertex count.
[[nodiscard]] std::unique_ptr<partitioner> make_chunk_partitioner();
// The chunk partitioner of ranges already decided: rank r owns the ids from first_ids[r] up to the
// next rank's first id (UINT64_MAX for a rank that owns nothing). assign() must not be called.
[[nodiscard]] std::unique_ptr<partitioner> make_chunk_partitioner(std::vector<vertex_id> first_ids);

// The chunk rule itself, for loaders that know degrees without a partitioner: alpha for `ranks`
// ranks, and the owner of a vertex whose predecessors (in id order) weigh `before` of `total`
// (weight = degree + alpha).
[[nodiscard]] std::uint64_t chunk_alpha(int ranks) noexcept;
[[nodiscard]] int chunk_owner(std::uint64_t before, std::uint64_t total, int ranks) noexcept;
// Owner by a hash of the id: oblivious to structure, balanced in expectation.
[[nodiscard]] std::unique_ptr<partitioner> make_hash_partitioner();
// "chunk" or "hash"; throws usage_error otherwise.
[[nodiscard]] std::unique_ptr<partitioner> make_partitioner(const std::string& name);

// Merges entries with equal ids of a sorted vector, summing their counts.
void merge_sorted_weights(std::vector<vertex_weight>& sorted);

}  // namespace eddy
