#pragma once
// Synthetic update streams over a Kronecker graph, and both written as text: the base graph as an
// edge list and the stream in the update format (`a SRC DST [WEIGHT] [TIME]`, `d SRC DST [TIME]`).
// Every update is computed from counters, so a seed gives the same files at any number of ranks.
#include <cstdint>
#include <string>
#include <vector>

#include "eddy/graph/generators.hpp"
#include "eddy/io/edge_update.hpp"
#include "eddy/runtime/communicator.hpp"

namespace eddy {

struct update_stream_params {
  kronecker_params graph;        // the base graph the stream changes
  std::uint64_t updates = 0;     // updates in the stream
  double delete_fraction = 0.2;  // probability that an update is a delete
  bool weighted = false;         // adds carry their edge's weight (else 1.0)
  bool times = false;            // every update carries its index as its time
};

// Update i is a delete with probability delete_fraction, decided by a counter-based draw of
// (seed, i), else an add. With E the base's edge count, the a-th add (a = 0, 1, ...) inserts
// Kronecker edge E + a, the generator's stream continued, so adds follow the graph's degree
// distribution; a delete removes Kronecker edge m, m uniform in [0, E + adds before i): an edge of
// the base or one added earlier. That edge may be deleted already or have duplicates, as in real
// streams; readers count such deletes as ignored.
class update_generator {
 public:
  // Throws usage_error for parameters that make no stream (see check_update_stream_params).
  explicit update_generator(const update_stream_params& params);

  [[nodiscard]] bool is_delete(std::uint64_t index) const noexcept;
  // The number of the Kronecker edge update `index` adds or deletes; `adds_before` are the adds
  // among updates [0, index).
  [[nodiscard]] std::uint64_t edge_number(std::uint64_t index, std::uint64_t adds_before) const noexcept;
  [[nodiscard]] io::edge_update update(std::uint64_t index, std::uint64_t adds_before) const noexcept;

  // Adds among updates [begin, end), counted in parallel.
  [[nodiscard]] std::uint64_t count_adds(std::uint64_t begin, std::uint64_t end) const;
  // Updates [begin, end), made in parallel; `adds_before` are the adds among [0, begin).
  [[nodiscard]] std::vector<io::edge_update> updates(std::uint64_t begin, std::uint64_t end,
                                                     std::uint64_t adds_before) const;

  [[nodiscard]] const update_stream_params& params() const noexcept { return params_; }

 private:
  update_stream_params params_;
  std::uint64_t base_edges_;
  std::uint64_t key_;
  kronecker_edge_source edges_;
};

// Throws usage_error unless the graph is a valid Kronecker graph with at least one edge (a delete
// needs one) and delete_fraction is in [0, 1].
void check_update_stream_params(const update_stream_params& params);

// Collective: writes the Kronecker graph of kronecker_edges as `SRC DST` lines (`SRC DST WEIGHT`
// when weighted) in edge order; each rank formats its share of the edges. Replaces `path` only
// on success.
void write_kronecker_edge_list(const communicator& comm, const kronecker_params& params, bool weighted,
                               const std::string& path);

// Collective: writes the stream's updates, one line each in index order; each rank formats a
// contiguous share. Returns the number of adds in the whole stream. Replaces `path` only on success.
std::uint64_t write_update_stream(const communicator& comm, const update_stream_params& params,
                                  const std::string& path);

}  // namespace eddy
