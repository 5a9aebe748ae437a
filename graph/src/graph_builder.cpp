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

// Dense ids of `needed` (external ids), asked of their owners.
std::vector<global_id> resolve_ids(const communicator& comm, const partitioner& owner,
                                   const std::vector<vertex_id>& needed, const std::vector<vertex_id>& owned,
                                   global_id first) {
  const detail::id_index owned_index(owned);
  return detail::ask_owners<global_id>(
      comm, std::span<const vertex_id>(needed), [&](vertex_id id) { return owner.owner_of(id); },
      [&](vertex_id id) { return first + owned_index.position(id); });
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

template <class Far>
void move_rows(detail::adjacency_rows<Far>& rows, adjacency& adj, std::vector<Far>& far) {
  adj.offsets = std::move(rows.offsets);
  adj.weights = std::move(rows.weights);
  far = std::move(rows.far);
}

// Ships the arcs of `edges` (global ids; consumed) to their rows' owners and builds the rows and
// slots there. Far is the narrowest type holding every global id.
template <class Far, bool Weighted>
std::uint64_t build_adjacency(const communicator& comm, io::edge_columns& edges, graph_parts& parts) {
  using record = detail::arc_record<Far, Weighted>;
  const auto& options = parts.options;
  const auto n_local = static_cast<local_id>(parts.external_ids.size());
  const global_id first = parts.rank_offsets[static_cast<std::size_t>(comm.rank())];
  const std::uint64_t n_global = parts.rank_offsets.back();
  std::vector<Far> out_far, in_far;
  std::uint64_t self_loops = 0;
  if (!options.directed) {
    auto packed = detail::pack_arcs<record>(edges, detail::arc_kind::both, parts.rank_offsets);
    edges = {};
    auto rows = detail::build_rows(detail::exchange_arcs(comm, std::move(packed)), n_local, first, n_global,
                                   options.drop_duplicates);
    self_loops = rows.self_loops;
    move_rows(rows, parts.out, out_far);
  } else {
    auto out = detail::pack_arcs<record>(edges, detail::arc_kind::out, parts.rank_offsets);
    auto in = detail::pack_arcs<record>(edges, detail::arc_kind::in, parts.rank_offsets);
    edges = {};
    auto out_rows = detail::build_rows(detail::exchange_arcs(comm, std::move(out)), n_local, first, n_global,
                                       options.drop_duplicates);
    move_rows(out_rows, parts.out, out_far);
    auto in_rows = detail::build_rows(detail::exchange_arcs(comm, std::move(in)), n_local, first, n_global,
                                      options.drop_duplicates);
    move_rows(in_rows, parts.in, in_far);
  }
  detail::assign_slots(comm, parts, out_far, in_far);
  return self_loops;
}

}  // namespace

distributed_graph build_graph(const communicator& comm, io::edge_columns edges,
                              const std::optional<vertex_declarations>& declared, const graph_options& options,
                              std::unique_ptr<partitioner> owner) {
  const int p = comm.size();
  if (options.drop_self_loops) drop_self_loops(edges);
  graph_parts parts;
  parts.options = options;
  {
    detail::endpoint_index ends(edges.src, edges.dst);
    auto owned = owner->assign(comm, vertex_weights(ends, declared));
    ends.release_counts();
    check_declared(comm, owned, declared);
    parts.external_ids.resize(owned.size());
    for (std::size_t i = 0; i < owned.size(); ++i) parts.external_ids[i] = owned[i].id;
    owned = {};
    const auto counts = comm.all_gather(static_cast<std::uint64_t>(parts.external_ids.size()));
    parts.rank_offsets.assign(static_cast<std::size_t>(p) + 1, 0);
    for (std::size_t r = 0; r < counts.size(); ++r) parts.rank_offsets[r + 1] = parts.rank_offsets[r] + counts[r];
    agree(comm, [&] {
      if (parts.external_ids.size() >= std::numeric_limits<local_id>::max()) {
        throw error("a rank holds more than 2^32 vertices and ghosts; run with more ranks");
      }
    });
    const global_id first = parts.rank_offsets[static_cast<std::size_t>(comm.rank())];
    ends.assign(resolve_ids(comm, *owner, ends.ids(), parts.external_ids, first));
    ends.translate(edges.src);
    ends.translate(edges.dst);
  }

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
