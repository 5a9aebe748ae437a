#include "eddy/graph/graph_writer.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "eddy/io/graph_file.hpp"
#include "eddy/runtime/error.hpp"
#include "eddy/runtime/ordered_output.hpp"
#include "owner_requests.hpp"
#include "vertex_order.hpp"

namespace eddy {
namespace {

using io::graph_dataset;

// One direction's rows: offsets at their global place, far ends as global ids, weights.
// Files number vertices by ascending external id (so that any rank count can cut them into
// ranges); `file_id` gives that number for every slot and `by_id` the owned slots in that order.
template <class Far>
void write_rows(const distributed_graph& g, io::graph_file_writer& file, bool in, const std::vector<global_id>& file_id,
                const std::vector<local_id>& by_id) {
  const local_id n = g.local_vertices();
  const auto degree = [&](local_id v) { return in ? g.in_degree(v) : g.out_degree(v); };
  std::uint64_t arcs = 0;
  for (local_id v = 0; v < n; ++v) arcs += degree(v);
  const std::uint64_t base = g.comm().exclusive_sum(arcs);
  // The last rank also writes the closing offset, the total.
  const bool last = g.comm().rank() + 1 == g.comm().size();
  std::vector<std::uint64_t> offsets(n + (last ? 1U : 0U));
  std::vector<Far> far;
  std::vector<double> weights;
  far.reserve(arcs);
  if (g.weighted()) weights.reserve(arcs);
  std::vector<std::pair<Far, double>> row;  // sorted by file id: the file's rows are sorted
  std::uint64_t at = base;
  for (local_id k = 0; k < n; ++k) {
    const local_id v = by_id[k];
    offsets[k] = at;
    at += degree(v);
    const auto targets = in ? g.in_neighbors(v) : g.out_neighbors(v);
    const auto w = in ? g.in_weights(v) : g.out_weights(v);
    row.resize(targets.size());
    for (std::size_t i = 0; i < targets.size(); ++i) row[i] = {static_cast<Far>(file_id[targets[i]]), w.empty() ? 0.0 : w[i]};
    std::sort(row.begin(), row.end());
    for (const auto& [target, weight] : row) {
      far.push_back(target);
      if (g.weighted()) weights.push_back(weight);
    }
  }
  if (last) offsets[n] = at;
  file.write(in ? graph_dataset::in_offsets : graph_dataset::out_offsets, g.first_global(),
             std::span<const std::uint64_t>(offsets));
  file.write(in ? graph_dataset::in_targets : graph_dataset::out_targets, base, std::span<const Far>(far));
  if (g.weighted()) {
    file.write(in ? graph_dataset::in_weights : graph_dataset::out_weights, base, std::span<const double>(weights));
  }
}

}  // namespace

void write_graph_file(const distributed_graph& g, const std::string& path) {
  if (!g.ids_ordered_by_rank()) throw usage_error("graph files are written from chunk-partitioned graphs");
  io::graph_file_header header;
  header.directed = g.directed();
  header.weighted = g.weighted();
  header.self_loops_dropped = g.options().drop_self_loops;
  header.duplicates_dropped = g.options().drop_duplicates;
  header.vertices = g.global_vertices();
  header.edges = g.global_edges();
  header.arcs = g.global_arcs();
  header.wide_targets = header.vertices > std::numeric_limits<std::uint32_t>::max();
  io::graph_file_writer file(g.comm(), path, header);
  const auto file_id = detail::external_order_ids(g);
  std::vector<local_id> by_id(g.local_vertices());
  std::vector<vertex_id> ids(g.local_vertices());
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    const auto k = static_cast<std::size_t>(file_id[v] - g.first_global());
    by_id[k] = v;
    ids[k] = g.external_id(v);
  }
  file.write(graph_dataset::external_id, g.first_global(), std::span<const vertex_id>(ids));
  for (const bool in : {false, true}) {
    if (in && !g.directed()) continue;
    if (header.wide_targets) {
      write_rows<std::uint64_t>(g, file, in, file_id, by_id);
    } else {
      write_rows<std::uint32_t>(g, file, in, file_id, by_id);
    }
  }
  file.commit();
}

void write_edge_list(const distributed_graph& g, const std::string& path) {
  // External ids of the ghosts, asked of their owners.
  std::vector<global_id> ghosts(g.ghost_vertices());
  for (local_id i = 0; i < g.ghost_vertices(); ++i) ghosts[i] = g.global_of(g.local_vertices() + i);
  const auto& offsets = g.rank_offsets();
  const auto ghost_ids = detail::ask_owners<vertex_id>(
      g.comm(), std::span<const global_id>(ghosts),
      [&](global_id x) {
        return static_cast<int>(std::upper_bound(offsets.begin() + 1, offsets.end(), x) - offsets.begin()) - 1;
      },
      [&](global_id x) { return g.external_id(static_cast<local_id>(x - g.first_global())); });
  ghosts = {};
  const auto external = [&](local_id slot) {
    return g.is_local(slot) ? g.external_id(slot) : ghost_ids[slot - g.local_vertices()];
  };

  std::vector<char> text;
  char line[96];
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    const auto far = g.out_neighbors(v);
    const auto weights = g.out_weights(v);
    const global_id self = g.first_global() + v;
    for (std::size_t i = 0; i < far.size(); ++i) {
      if (!g.directed() && g.global_of(far[i]) < self) continue;  // printed from the other end
      char* p = std::to_chars(line, line + 24, g.external_id(v)).ptr;
      *p++ = ' ';
      p = std::to_chars(p, p + 24, external(far[i])).ptr;
      if (g.weighted()) {
        *p++ = ' ';
        p = std::to_chars(p, line + sizeof line - 1, weights[i]).ptr;
      }
      *p++ = '\n';
      text.insert(text.end(), line, p);
    }
  }
  write_rank_ordered(g.comm(), text, path);
}

}  // namespace eddy
