#include "eddy/graph/graph_builder.hpp"

#include <tbb/parallel_sort.h>

#include <algorithm>
#include <limits>

#include "adjacency_rows.hpp"
#include "arc_shuffle.hpp"
#include "eddy/io/edge_list_reader.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/error.hpp"
#include "eddy/runtime/exchange.hpp"
#include "endpoint_index.hpp"
#include "id_index.hpp"
#include "local_slots.hpp"
#include "owner_requests.hpp"
#include "vertex_order.hpp"

namespace eddy {
namespace {

// Vertices this rank has seen with the number of arc endpoints at each: the partitioner's weights.
std::vector<vertex_weight> vertex_weights(const detail::endpoint_index& ends,
                                          const std::optional<vertex_declarations>& declared) {
  const auto& ids = ends.ids();
  const auto& counts = ends.counts();
  std::vector<vertex_weight> weights(ids.size() + (declared ? declared->ids.size() : 0));
  for (std::size_t i = 0; i < ids.size(); ++i) weights[i] = {ids[i], counts[i], 0};
  if (declared) {
    for (std::size_t i = 0; i < declared->ids.size(); ++i) weights[ids.size() + i] = {declared->ids[i], 0, 1};
    tbb::parallel_sort(weights.begin(), weights.end(),
                       [](const vertex_weight& a, const vertex_weight& b) { return a.id < b.id; });
    merge_sorted_weights(weights);
  }
  return weights;
}

void check_declared(const communicator& comm, const std::vector<vertex_weight>& owned,
                    const std::optional<vertex_declarations>& declared) {
  const auto undeclared =
      std::find_if(owned.begin(), owned.end(), [](const vertex_weight& v) { return v.declared == 0; });
  agree(comm, [&] {
    if (!declared || undeclared == owned.end()) return;
    const std::string what =
        "edge names vertex " + std::to_string(undeclared->id) + ", which " + declared->file + " does not declare";
    try {
      io::report_edge_naming(declared->edge_file, undeclared->id, what);  // throws, naming the line
    } catch (const input_error& e) {
      if (e.line() > 0) throw;  // otherwise the file is not readable here: report without a line
    }
    throw input_error(declared->edge_file, 0, what);
  });
}

// Dense ids of `needed` (external ids), asked of their owners. An owner's vertex sorted[i] (its
// ids ascending) is its vertex slot[i].
std::vector<global_id> resolve_ids(const communicator& comm, const partitioner& owner,
                                   const std::vector<vertex_id>& needed, const std::vector<vertex_id>& sorted,
                                   const std::vector<local_id>& slot, global_id first) {
  const detail::id_index owned_index(sorted);
  return detail::ask_owners<global_id>(
      comm, std::span<const vertex_id>(needed), [&](vertex_id id) { return owner.owner_of(id); },
      [&](vertex_id id) { return first + slot[owned_index.position(id)]; });
}

void drop_self_loops(io::edge_columns& edges) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    if (edges.src[i] == edges.dst[i]) continue;
    edges.src[out] = edges.src[i];
    edges.dst[out] = edges.dst[i];
    if (edges.weighted) edges.weight[out] = edges.weight[i];
    ++out;
  }
  edges.src.resize(out);
  edges.dst.resize(out);
  if (edges.weighted) edges.weight.resize(out);
}

// Decides which vertices this rank owns and numbers them by descending degree now, while the
// partitioner's sums are at hand, so that the rows are built in their final order (the degree is
// the input's: repeats dropped later still count). Sets the external ids and rank offsets and
// rewrites the edges' endpoints as global ids.
void number_vertices(const communicator& comm, io::edge_columns& edges,
                     const std::optional<vertex_declarations>& declared, partitioner& owner, graph_parts& parts) {
  detail::endpoint_index ends(edges.src, edges.dst);
  auto owned = owner.assign(comm, vertex_weights(ends, declared));
  ends.release_counts();
  check_declared(comm, owned, declared);
  std::vector<vertex_id> sorted(owned.size());
  std::vector<std::uint64_t> degree(owned.size());
  for (std::size_t i = 0; i < owned.size(); ++i) {
    sorted[i] = owned[i].id;
    degree[i] = owned[i].degree;
  }
  owned = std::vector<vertex_weight>();
  const auto order = detail::by_descending_degree(degree);
  degree = std::vector<std::uint64_t>();
  parts.external_ids.resize(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) parts.external_ids[k] = sorted[order[k]];
  const auto counts = comm.all_gather(static_cast<std::uint64_t>(parts.external_ids.size()));
  parts.rank_offsets.assign(counts.size() + 1, 0);
  for (std::size_t r = 0; r < counts.size(); ++r) parts.rank_offsets[r + 1] = parts.rank_offsets[r] + counts[r];
  agree(comm, [&] {
    if (parts.external_ids.size() >= std::numeric_limits<local_id>::max()) {
      throw error("a rank holds more than 2^32 vertices and ghosts; run with more ranks");
    }
  });
  const global_id first = parts.rank_offsets[static_cast<std::size_t>(comm.rank())];
  parts.slots_by_external_id = detail::inverse(order);
  ends.assign(resolve_ids(comm, owner, ends.ids(), sorted, parts.slots_by_external_id, first));
  ends.translate(edges.src);
  ends.translate(edges.dst);
}

// Ships the arcs of `edges` (global ids; consumed) to their rows' owners and builds the rows and
// slots there. Far is the narrowest type holding every global id.
template <class Far, bool Weighted>
std::uint64_t build_adjacency(const communicator& comm, io::edge_columns& edges, graph_parts& parts) {
  using record = detail::arc_record<Far, Weighted>;
  const auto& options = parts.options;
  const auto n_local = static_cast<local_id>(parts.external_ids.size());
  const auto self = static_cast<std::size_t>(comm.rank());
  const global_id first = parts.rank_offsets[self];
  const unsigned shift = detail::bucket_shift(n_local, static_cast<std::size_t>(comm.size()));
  const auto pack = [&](detail::arc_kind kind) {
    return detail::pack_arcs<record>(edges, kind, parts.rank_offsets, self);
  };
  const auto rows_of = [&](detail::packed_arcs<record> packed, adjacency& adj, std::vector<Far>& far) {
    auto rows = detail::build_rows(detail::exchange_arcs(comm, std::move(packed)), n_local, first, shift,
                                   options.drop_duplicates);
    adj.offsets = std::move(rows.offsets);
    adj.weights = std::move(rows.weights);
    far = std::move(rows.far);
    return rows.self_loops;
  };
  std::vector<Far> out_far, in_far;
  std::uint64_t self_loops = 0;
  if (!options.directed) {
    auto packed = pack(detail::arc_kind::both);
    edges = {};
    self_loops = rows_of(std::move(packed), parts.out, out_far);
  } else {
    auto out = pack(detail::arc_kind::out);
    auto in = pack(detail::arc_kind::in);
    edges = {};
    rows_of(std::move(out), parts.out, out_far);
    rows_of(std::move(in), parts.in, in_far);
  }
  detail::assign_slots(comm, parts, out_far, in_far);
  return self_loops;
}

}  // namespace

distributed_graph build_graph(const communicator& comm, io::edge_columns edges,
                              const std::optional<vertex_declarations>& declared, const graph_options& options,
                              std::unique_ptr<partitioner> owner) {
  if (options.drop_self_loops) drop_self_loops(edges);
  graph_parts parts;
  parts.options = options;
  number_vertices(comm, edges, declared, *owner, parts);

  const bool narrow = parts.rank_offsets.back() <= std::uint64_t{1} << 32U;
  const bool weighted = options.weighted;
  std::uint64_t self_loops = 0;
  if (narrow && weighted) self_loops = build_adjacency<std::uint32_t, true>(comm, edges, parts);
  if (narrow && !weighted) self_loops = build_adjacency<std::uint32_t, false>(comm, edges, parts);
  if (!narrow && weighted) self_loops = build_adjacency<std::uint64_t, true>(comm, edges, parts);
  if (!narrow && !weighted) self_loops = build_adjacency<std::uint64_t, false>(comm, edges, parts);

  std::uint64_t sums[2] = {parts.out.targets.size(), self_loops};
  comm.all_reduce_in_place(std::span<std::uint64_t>(sums), reduce_op::sum);
  parts.global_arcs = sums[0];
  parts.global_edges = options.directed ? sums[0] : (sums[0] + sums[1]) / 2;
  parts.owner = std::move(owner);
  return distributed_graph(comm, std::move(parts));
}

distributed_graph build_graph(const communicator& comm, const std::vector<io::edge_record>& edges,
                              const std::optional<vertex_declarations>& declared, const graph_options& options,
                              std::unique_ptr<partitioner> owner) {
  return build_graph(comm, io::to_columns(edges, options.weighted), declared, options, std::move(owner));
}

}  // namespace eddy
