#pragma once
// The distinct vertex ids among this rank's edge endpoints, how often each occurs, and where any
// endpoint sits in that sorted list. When the ids span a range not much larger than the number of
// endpoints (generated graphs, most SNAP files) a table indexed by id does both jobs in one pass
// and one memory access per lookup; otherwise the endpoints are radix-sorted and looked up through
// a bucketed index.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "eddy/graph/types.hpp"
#include "id_index.hpp"

namespace eddy::detail {

class endpoint_index {
 public:
  // Counts every entry of both columns.
  endpoint_index(std::span<const vertex_id> src, std::span<const vertex_id> dst);
  endpoint_index(const endpoint_index&) = delete;  // the sparse lookup points into ids_
  endpoint_index& operator=(const endpoint_index&) = delete;

  // Distinct endpoints, ascending, and how many endpoints name each.
  [[nodiscard]] const std::vector<vertex_id>& ids() const noexcept { return ids_; }
  [[nodiscard]] const std::vector<std::uint64_t>& counts() const noexcept { return counts_; }
  void release_counts() { counts_ = std::vector<std::uint64_t>(); }

  // Gives every endpoint a value (values[k] belongs to ids()[k]); then translate() replaces ids by
  // their values. In direct mode values below 2^32 replace the positions in the table, so that a
  // translation is one memory access.
  void assign(std::vector<std::uint64_t> values);
  void translate(std::span<vertex_id> ids) const;

 private:
  std::vector<vertex_id> ids_;
  std::vector<std::uint64_t> counts_;
  // Direct mode: table_[id - min_] is the id's position; sparse mode: sorted_ looks it up.
  std::vector<std::uint32_t> table_;
  vertex_id min_ = 0;
  std::optional<id_index> sorted_;
  std::vector<std::uint64_t> values_;  // empty when the table holds the values
};

}  // namespace eddy::detail
