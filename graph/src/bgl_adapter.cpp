// Conversions between eddy's distributed graph and Boost.Graph adjacency_lists (bgl_adapter.hpp).
#include "eddy/graph/bgl_adapter.hpp"

#include <algorithm>
#include <numeric>
#include <span>
#include <string>
#include <vector>

#include "eddy/graph/ghost_sync.hpp"
#include "eddy/graph/graph_builder.hpp"
#include "eddy/io/edge_record.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/error.hpp"
#include "eddy/runtime/exchange.hpp"

namespace eddy {
namespace {

template <class G>
constexpr bool bgl_directed = std::same_as<G, bgl_digraph>;

// Which of this rank's stored arcs become BGL edges.
struct arc_selection {
  // Directed graphs also keep the in-arcs of owned vertices from ghosts: the local partition
  // wants every edge of its owned vertices, but a gather takes each arc from its source's CSR only.
  bool in_arcs_from_ghosts = false;
  // An undirected graph stores an edge as two arcs, which an undirected BGL graph wants once: the
  // arc from the end with the larger global id is dropped...
  bool one_per_edge = false;
  // ...except, in the local partition, an arc to a ghost, whose twin is stored on the ghost's
  // owner and so is not among this rank's arcs.
  bool keep_arcs_to_ghosts = false;
};

template <class G>
arc_selection selection(const distributed_graph& g, bool local) {
  const bool once = !g.directed() && !bgl_directed<G>;
  return {local && g.directed(), once, local && once};
}

// Calls f(source slot, target slot, weight) for each selected arc, in slots of this rank.
template <class F>
void for_each_selected_arc(const distributed_graph& g, const arc_selection& s, F&& f) {
  const local_id n = g.local_vertices();
  for (local_id v = 0; v < n; ++v) {
    const auto targets = g.out_neighbors(v);
    const auto weights = g.out_weights(v);
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const local_id t = targets[i];
      if (s.one_per_edge && g.global_of(t) < g.global_of(v) && !(s.keep_arcs_to_ghosts && !g.is_local(t))) continue;
      f(v, t, weights.empty() ? 1.0 : weights[i]);
    }
    if (!s.in_arcs_from_ghosts) continue;
    const auto sources = g.in_neighbors(v);
    const auto in_weights = g.in_weights(v);
    for (std::size_t i = 0; i < sources.size(); ++i) {
      if (!g.is_local(sources[i])) f(sources[i], v, in_weights.empty() ? 1.0 : in_weights[i]);
    }
  }
}

// Every rank sends `mine` to `root`, which receives all of them in rank order (empty elsewhere).
template <class T>
std::vector<T> gather_to(const communicator& comm, std::span<const T> mine, int root) {
  std::vector<std::size_t> counts(static_cast<std::size_t>(comm.size()), 0);
  counts[static_cast<std::size_t>(root)] = mine.size();
  inbox<T> in;
  exchange(comm, mine, counts, in);
  return std::move(in.items);
}

// A BGL graph on `ids` (vertex i named ids[i]).
template <class G>
G with_vertices(std::span<const vertex_id> ids) {
  G out(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) out[i].id = ids[i];
  return out;
}

struct global_arc {
  global_id source;
  global_id target;
  double weight;
};

}  // namespace

template <bgl_adapter_graph G>
bgl_partition<G> local_bgl_graph(const distributed_graph& g) {
  const local_id n = g.local_vertices();
  std::vector<vertex_id> ids(std::size_t{n} + g.ghost_vertices());
  std::copy(g.external_ids().begin(), g.external_ids().end(), ids.begin());
  ghost_sync(g).sync(std::span<vertex_id>(ids));
  bgl_partition<G> out{with_vertices<G>(ids), n};
  for_each_selected_arc(g, selection<G>(g, true), [&](local_id s, local_id t, double w) {
    boost::add_edge(s, t, bgl_edge{w}, out.graph);
  });
  return out;
}

template <bgl_adapter_graph G>
std::optional<G> gather_bgl_graph(const distributed_graph& g, int root, std::uint64_t max_edges) {
  const auto& comm = g.comm();
  if (root < 0 || root >= comm.size()) {
    throw usage_error("gather_bgl_graph: root " + std::to_string(root) + " is not a rank of the job");
  }
  const auto chosen = selection<G>(g, false);
  std::uint64_t mine = 0;
  for_each_selected_arc(g, chosen, [&](local_id, local_id, double) { ++mine; });
  const auto total = comm.all_reduce(mine, reduce_op::sum);
  if (total > max_edges) {
    throw usage_error("gather_bgl_graph: the graph has " + std::to_string(total) + " edges, more than the limit of " +
                      std::to_string(max_edges) + " for gathering on one rank");
  }
  std::vector<global_arc> arcs;
  arcs.reserve(mine);
  for_each_selected_arc(g, chosen, [&](local_id s, local_id t, double w) {
    arcs.push_back({g.global_of(s), g.global_of(t), w});
  });
  // Concatenated in rank order, every rank's owned ids are indexed by global id.
  const auto by_global = gather_to<vertex_id>(comm, g.external_ids(), root);
  const auto all_arcs = gather_to<global_arc>(comm, arcs, root);
  if (comm.rank() != root) return std::nullopt;

  std::vector<global_id> order(by_global.size());
  std::iota(order.begin(), order.end(), global_id{0});
  std::sort(order.begin(), order.end(), [&](global_id a, global_id b) { return by_global[a] < by_global[b]; });
  std::vector<std::size_t> index_of(order.size());
  std::vector<vertex_id> ids(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    index_of[order[i]] = i;
    ids[i] = by_global[order[i]];
  }
  auto out = with_vertices<G>(ids);
  for (const auto& a : all_arcs) boost::add_edge(index_of[a.source], index_of[a.target], bgl_edge{a.weight}, out);
  return out;
}

template <bgl_adapter_graph G>
distributed_graph distribute_bgl_graph(const communicator& comm, const G* graph, const graph_options& options,
                                       std::unique_ptr<partitioner> owner, int root) {
  if (options.directed != bgl_directed<G>) {
    throw usage_error(std::string("distribute_bgl_graph: a ") + (bgl_directed<G> ? "directed" : "undirected") +
                      " BGL graph needs graph_options::directed = " + (bgl_directed<G> ? "true" : "false"));
  }
  if (root < 0 || root >= comm.size()) {
    throw usage_error("distribute_bgl_graph: root " + std::to_string(root) + " is not a rank of the job");
  }
  vertex_declarations declared;
  declared.file = "the BGL graph";
  std::vector<io::edge_record> edges;
  agree(comm, [&] {
    if (comm.rank() != root) return;
    if (graph == nullptr) throw usage_error("distribute_bgl_graph: no graph on the root rank");
    const G& bgl = *graph;
    declared.ids.reserve(boost::num_vertices(bgl));
    for (const auto v : boost::make_iterator_range(boost::vertices(bgl))) declared.ids.push_back(bgl[v].id);
    // The builder would merge vertices sharing an id, silently joining their edges.
    auto sorted = declared.ids;
    std::sort(sorted.begin(), sorted.end());
    const auto twin = std::adjacent_find(sorted.begin(), sorted.end());
    if (twin != sorted.end()) {
      throw error("distribute_bgl_graph: two BGL vertices have the id " + std::to_string(*twin), exit_code::bad_input);
    }
    edges.reserve(boost::num_edges(bgl));
    for (const auto e : boost::make_iterator_range(boost::edges(bgl))) {
      edges.push_back({bgl[boost::source(e, bgl)].id, bgl[boost::target(e, bgl)].id, bgl[e].weight});
    }
  });
  return build_graph(comm, edges, declared, options, std::move(owner));
}

template bgl_partition<bgl_digraph> local_bgl_graph<bgl_digraph>(const distributed_graph&);
template bgl_partition<bgl_ugraph> local_bgl_graph<bgl_ugraph>(const distributed_graph&);
template std::optional<bgl_digraph> gather_bgl_graph<bgl_digraph>(const distributed_graph&, int, std::uint64_t);
template std::optional<bgl_ugraph> gather_bgl_graph<bgl_ugraph>(const distributed_graph&, int, std::uint64_t);
template distributed_graph distribute_bgl_graph<bgl_digraph>(const communicator&, const bgl_digraph*,
                                                             const graph_options&, std::unique_ptr<partitioner>, int);
template distributed_graph distribute_bgl_graph<bgl_ugraph>(const communicator&, const bgl_ugraph*,
                                                            const graph_options&, std::unique_ptr<partitioner>, int);

}  // namespace eddy
