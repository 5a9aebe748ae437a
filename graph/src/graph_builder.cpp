#include "eddy/graph/graph_builder.hpp"

#include "id_index.hpp"

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <limits>

#include "eddy/io/edge_list_reader.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/error.hpp"
#include "eddy/runtime/exchange.hpp"
#include "eddy/runtime/radix_sort.hpp"

namespace eddy {
namespace {

struct arc {
  global_id key;    // the endpoint whose owner stores the arc
  global_id other;  // the far endpoint
  double weight;
};

// Vertices this rank has seen with the number of arc endpoints at each: the partitioner's weights.
std::vector<vertex_weight> count_endpoints(const std::vector<io::edge_record>& edges,
                                           const std::optional<vertex_declarations>& declared) {
  std::vector<vertex_id> ends;
  ends.reserve(edges.size() * 2);
  for (const auto& e : edges) {
    ends.push_back(e.src);
    ends.push_back(e.dst);
  }
  radix_sort(ends);
  std::vector<vertex_weight> weights;
  for (std::size_t i = 0; i < ends.size();) {
    std::size_t j = i;
    while (j < ends.size() && ends[j] == ends[i]) ++j;
    weights.push_back({ends[i], j - i, 0});
    i = j;
  }
  if (declared) {
    for (const auto id : declared->ids) weights.push_back({id, 0, 1});
    tbb::parallel_sort(weights.begin(), weights.end(),
                       [](const vertex_weight& a, const vertex_weight& b) { return a.id < b.id; });
    merge_sorted_weights(weights);
  }
  return weights;
}

// Dense ids of `needed` (sorted external ids), asked of their owners.
std::vector<global_id> resolve_ids(const communicator& comm, const partitioner& owner,
                                   const std::vector<vertex_id>& needed, const std::vector<vertex_id>& owned,
                                   global_id first) {
  const int p = comm.size();
  outbox<vertex_id> requests(p);
  for (const auto id : needed) requests.push(owner.owner_of(id), id);
  const auto asked = exchange(comm, requests);
  outbox<global_id> answers(p);
  for (int s = 0; s < p; ++s) {
    for (const auto id : asked.from(s)) {
      const auto it = std::lower_bound(owned.begin(), owned.end(), id);
      answers.push(s, first + static_cast<global_id>(it - owned.begin()));
    }
  }
  const auto got = exchange(comm, answers);
  std::vector<std::size_t> cursor(got.offsets.begin(), got.offsets.end() - 1);
  std::vector<global_id> result(needed.size());
  for (std::size_t i = 0; i < needed.size(); ++i) {
    result[i] = got.items[cursor[static_cast<std::size_t>(owner.owner_of(needed[i]))]++];
  }
  return result;
}

// Lays the arcs that arrived here out as compressed rows over the owned vertices: a counting sort
// by owned vertex, then each (short) row sorted by far end, so rows can be merged and intersected.
void build_rows(const std::vector<arc>& arcs, local_id n_local, global_id first, bool drop_duplicates,
                std::vector<std::uint64_t>& offsets, std::vector<global_id>& far, std::vector<double>& weights,
                bool weighted) {
  offsets.assign(static_cast<std::size_t>(n_local) + 1, 0);
  for (const auto& a : arcs) ++offsets[a.key - first + 1];
  for (std::size_t v = 0; v < n_local; ++v) offsets[v + 1] += offsets[v];
  struct end_point {
    global_id far;
    double weight;
    bool operator<(const end_point& o) const { return far != o.far ? far < o.far : weight < o.weight; }
  };
  std::vector<end_point> row_items(arcs.size());
  {
    std::vector<std::uint64_t> fill(offsets.begin(), offsets.end() - 1);
    for (const auto& a : arcs) row_items[fill[a.key - first]++] = {a.other, a.weight};
  }
  std::vector<std::uint64_t> kept(n_local);
  tbb::parallel_for(local_id{0}, n_local, [&](local_id v) {
    auto* begin = row_items.data() + offsets[v];
    auto* end = row_items.data() + offsets[v + 1];
    std::sort(begin, end);
    if (drop_duplicates) end = std::unique(begin, end, [](const end_point& a, const end_point& b) { return a.far == b.far; });
    kept[v] = static_cast<std::uint64_t>(end - begin);
  });
  // Compact rows that lost duplicates, then split into the far-end and weight arrays.
  std::uint64_t at = 0;
  for (local_id v = 0; v < n_local; ++v) {
    if (at != offsets[v]) std::copy_n(row_items.begin() + static_cast<std::ptrdiff_t>(offsets[v]), kept[v], row_items.begin() + static_cast<std::ptrdiff_t>(at));
    offsets[v] = at;
    at += kept[v];
  }
  offsets[n_local] = at;
  far.resize(at);
  if (weighted) weights.resize(at);
  tbb::parallel_for(std::uint64_t{0}, at, [&](std::uint64_t i) {
    far[i] = row_items[i].far;
    if (weighted) weights[i] = row_items[i].weight;
  });
}

}  // namespace

distributed_graph build_graph(const communicator& comm, std::vector<io::edge_record> edges,
                              const std::optional<vertex_declarations>& declared, const graph_options& options,
                              std::unique_ptr<partitioner> owner) {
  const int p = comm.size();
  if (options.drop_self_loops) {
    std::erase_if(edges, [](const io::edge_record& e) { return e.src == e.dst; });
  }
  auto seen = count_endpoints(edges, declared);
  std::vector<vertex_id> needed;
  needed.reserve(seen.size());
  for (const auto& v : seen) {
    if (v.degree > 0) needed.push_back(v.id);
  }

  graph_parts parts;
  parts.options = options;
  auto owned = owner->assign(comm, std::move(seen));
  vertex_id undeclared = 0;
  bool all_declared = true;
  if (declared) {
    for (const auto& v : owned) {
      if (v.declared == 0) {
        all_declared = false;
        undeclared = v.id;
        break;
      }
    }
  }
  agree(comm, [&] {
    if (!all_declared) {
      const std::string what =
          "edge names vertex " + std::to_string(undeclared) + ", which " + declared->file + " does not declare";
      try {
        io::report_edge_naming(declared->edge_file, undeclared, what);  // throws, naming the line
      } catch (const input_error& e) {
        if (e.line() > 0) throw;  // otherwise the file is not readable here: report without a line
      }
      throw input_error(declared->edge_file, 0, what);
    }
  });

  parts.external_ids.resize(owned.size());
  for (std::size_t i = 0; i < owned.size(); ++i) parts.external_ids[i] = owned[i].id;
  owned = {};
  const auto counts = comm.all_gather(static_cast<std::uint64_t>(parts.external_ids.size()));
  parts.rank_offsets.assign(static_cast<std::size_t>(p) + 1, 0);
  for (int r = 0; r < p; ++r) parts.rank_offsets[static_cast<std::size_t>(r) + 1] = parts.rank_offsets[static_cast<std::size_t>(r)] + counts[static_cast<std::size_t>(r)];
  const global_id first = parts.rank_offsets[static_cast<std::size_t>(comm.rank())];
  const auto dense = resolve_ids(comm, *owner, needed, parts.external_ids, first);

  const detail::id_index needed_index(needed);
  const auto dense_of = [&](vertex_id id) { return dense[needed_index.position(id)]; };
  const auto owner_of_global = [&](global_id g) {
    return static_cast<int>(std::upper_bound(parts.rank_offsets.begin(), parts.rank_offsets.end(), g) -
                            parts.rank_offsets.begin()) - 1;
  };
  outbox<arc> out_arcs(p), in_arcs(p);
  for (const auto& e : edges) {
    const global_id s = dense_of(e.src);
    const global_id d = dense_of(e.dst);
    out_arcs.push(owner_of_global(s), {s, d, e.weight});
    if (options.directed) {
      in_arcs.push(owner_of_global(d), {d, s, e.weight});
    } else if (s != d) {
      out_arcs.push(owner_of_global(d), {d, s, e.weight});
    }
  }
  edges = {};
  auto out_in = exchange(comm, out_arcs);
  out_arcs.clear();
  auto in_in = exchange(comm, in_arcs);
  in_arcs.clear();

  const auto n_local = static_cast<local_id>(parts.external_ids.size());
  std::vector<global_id> out_far, in_far;
  build_rows(out_in.items, n_local, first, options.drop_duplicates, parts.out.offsets, out_far, parts.out.weights,
             options.weighted);
  out_in.items = {};
  std::uint64_t self_loops = 0;  // stored once even when undirected
  for (local_id v = 0; v < n_local; ++v) {
    for (auto i = parts.out.offsets[v]; i < parts.out.offsets[v + 1]; ++i) self_loops += out_far[i] == first + v ? 1 : 0;
  }
  if (options.directed) {
    build_rows(in_in.items, n_local, first, options.drop_duplicates, parts.in.offsets, in_far, parts.in.weights,
               options.weighted);
  }
  in_in.items = {};

  // Ghosts: every remote endpoint, in global order (hence grouped by owner).
  const global_id last = first + n_local;
  for (const auto* far : {&out_far, &in_far}) {
    for (const auto g : *far) {
      if (g < first || g >= last) parts.ghost_globals.push_back(g);
    }
  }
  tbb::parallel_sort(parts.ghost_globals.begin(), parts.ghost_globals.end());
  parts.ghost_globals.erase(std::unique(parts.ghost_globals.begin(), parts.ghost_globals.end()),
                            parts.ghost_globals.end());
  agree(comm, [&] {
    if (static_cast<std::uint64_t>(n_local) + parts.ghost_globals.size() >= std::numeric_limits<local_id>::max()) {
      throw error("a rank holds more than 2^32 vertices and ghosts; run with more ranks");
    }
  });
  const auto& ghosts = parts.ghost_globals;
  const auto slot_of = [&](global_id g) -> local_id {
    if (g >= first && g < last) return static_cast<local_id>(g - first);
    return n_local + static_cast<local_id>(std::lower_bound(ghosts.begin(), ghosts.end(), g) - ghosts.begin());
  };
  for (auto [far, adj] : {std::pair{&out_far, &parts.out}, std::pair{&in_far, &parts.in}}) {
    adj->targets.resize(far->size());
    tbb::parallel_for(std::size_t{0}, far->size(), [&](std::size_t i) { adj->targets[i] = slot_of((*far)[i]); });
    *far = {};
  }
  parts.ghost_rank_begin.resize(static_cast<std::size_t>(p) + 1);
  for (int r = 0; r <= p; ++r) {
    const auto at = std::lower_bound(ghosts.begin(), ghosts.end(), parts.rank_offsets[static_cast<std::size_t>(r)]);
    parts.ghost_rank_begin[static_cast<std::size_t>(r)] = n_local + static_cast<local_id>(at - ghosts.begin());
  }

  std::uint64_t sums[2] = {parts.out.targets.size(), self_loops};
  comm.all_reduce_in_place(std::span<std::uint64_t>(sums), reduce_op::sum);
  parts.global_arcs = sums[0];
  parts.global_edges = options.directed ? sums[0] : (sums[0] + sums[1]) / 2;
  parts.owner = std::move(owner);
  return distributed_graph(comm, std::move(parts));
}

}  // namespace eddy
