#pragma once
// Boost.Graph (BGL) adapter: a rank's local partition, or a whole small graph gathered on one
// rank, as a BGL adjacency_list that BGL's algorithms accept, and a BGL graph held by one rank
// distributed into eddy.
//
// The BGL graphs are adjacency_lists with vertices and edges in vectors (so vertex_index is
// built in), each vertex carrying its external eddy id and each edge its weight (1.0 when the eddy
// graph is unweighted). Two types: bgl_digraph (bidirectional, so in_edges and in_degree work)
// and bgl_ugraph (undirected, what boost::connected_components requires).
//
// Which arcs become BGL edges:
// - directed eddy graph → bgl_digraph: every arc once; → bgl_ugraph: every arc as an undirected
//   edge (its direction forgotten), e.g. for weakly connected components.
// - undirected eddy graph → bgl_ugraph: every edge once (a self-loop too); → bgl_digraph: both
//   arcs of every edge, as eddy stores them, and one arc for a self-loop.
// BGL's undirected adjacency_list counts a self-loop twice in out_degree; eddy counts it once.
#include <boost/graph/adjacency_list.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "eddy/graph/distributed_graph.hpp"
#include "eddy/graph/partitioner.hpp"
#include "eddy/graph/types.hpp"
#include "eddy/runtime/communicator.hpp"

namespace eddy {

struct bgl_vertex {
  vertex_id id = 0;  // the vertex's external id
};
struct bgl_edge {
  double weight = 1.0;
};

template <class Directed>
using bgl_graph = boost::adjacency_list<boost::vecS, boost::vecS, Directed, bgl_vertex, bgl_edge>;
using bgl_digraph = bgl_graph<boost::bidirectionalS>;
using bgl_ugraph = bgl_graph<boost::undirectedS>;

template <class G>
concept bgl_adapter_graph = std::same_as<G, bgl_digraph> || std::same_as<G, bgl_ugraph>;

// A rank's local partition: BGL vertices [0, owned) are the rank's owned vertices in slot order,
// the rest its ghosts (the remote endpoints of its arcs) in ghost-slot order, so BGL vertex i is
// eddy slot i.
template <class G>
struct bgl_partition {
  G graph;
  std::size_t owned = 0;
};

// Collective (one mirror synchronisation fetches the ghosts' external ids from their owners).
// The arcs are those stored on this rank: every out-arc of an owned vertex and, for directed
// graphs, every in-arc of an owned vertex from a ghost. So an owned vertex has all its edges and
// its eddy out/in degrees, while a ghost has only its edges to this rank's vertices, and no edge
// joins two ghosts. A BGL algorithm run on the partition therefore answers for the subgraph
// induced by the arcs stored here, not for the whole graph: components split where a path
// leaves the rank, distances and BFS depths are upper bounds along local paths only.
template <bgl_adapter_graph G>
[[nodiscard]] bgl_partition<G> local_bgl_graph(const distributed_graph& g);

// The default cap of gather_bgl_graph: 2^27 BGL edges.
inline constexpr std::uint64_t default_bgl_gather_limit = std::uint64_t{1} << 27;

// Collective: the whole graph on `root` (nullopt on the other ranks), BGL vertex i being the
// vertex with the i-th smallest external id, isolated vertices included, weights kept.
// Memory: the root receives 8 bytes per vertex and 24 per edge and builds an adjacency_list,
// whose list nodes and per-vertex edge vectors take several times that; the other ranks send
// copies of their ids and arcs. Throws usage_error on every rank when the BGL graph would have
// more than `max_edges` edges.
template <bgl_adapter_graph G>
[[nodiscard]] std::optional<G> gather_bgl_graph(const distributed_graph& g, int root = 0,
                                                std::uint64_t max_edges = default_bgl_gather_limit);

// Collective: the BGL graph held by `root` (`graph` is read there only and may be null
// elsewhere) as an eddy graph built by build_graph with `options` and `owner`. Each BGL vertex
// becomes the eddy vertex named by its bgl_vertex::id (not its BGL index), declared so that
// isolated vertices stay; each BGL edge becomes one edge with its bgl_edge::weight (kept when
// options.weighted). options.directed must match G (bgl_digraph: directed); otherwise usage_error.
// Two BGL vertices with the same id are bad input (error on every rank). The root holds all
// edges until the builder ships them to their owners: 24 bytes per edge besides the BGL graph.
template <bgl_adapter_graph G>
[[nodiscard]] distributed_graph distribute_bgl_graph(const communicator& comm, const G* graph,
                                                     const graph_options& options,
                                                     std::unique_ptr<partitioner> owner, int root = 0);

}  // namespace eddy
