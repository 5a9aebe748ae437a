#include "eddy/graph/graph_loader.hpp"

#include <filesystem>

#include "eddy/graph/generators.hpp"
#include "eddy/graph/graph_builder.hpp"
#include "eddy/io/edge_list_reader.hpp"
#include "eddy/io/graph_file.hpp"
#include "graph_file_loader.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/error.hpp"
#include "eddy/runtime/metrics.hpp"

namespace eddy {

graph_format parse_graph_format(const std::string& name) {
  if (name == "auto") return graph_format::automatic;
  if (name == "edgelist") return graph_format::edge_list;
  if (name == "ldbc") return graph_format::ldbc;
  if (name == "hdf5") return graph_format::hdf5;
  throw usage_error("unknown graph format '" + name + "' (expected auto, edgelist, ldbc or hdf5)");
}

namespace {

// An LDBC dataset without a .properties file can still be read when the caller says whether it is
// directed; otherwise the missing file is the error.
io::ldbc_dataset describe_ldbc(const load_request& request) {
  if (io::is_ldbc_prefix(request.path) || !request.directed.has_value()) {
    return io::read_ldbc_properties(request.path);
  }
  io::ldbc_dataset d;
  d.name = std::filesystem::path(request.path).filename().string();
  d.vertex_file = request.path + ".v";
  d.edge_file = request.path + ".e";
  d.directed = *request.directed;
  return d;
}

// By content where it can tell (an HDF5 signature), else by name.
graph_format detect_format(const std::string& path) {
  if (path.ends_with(".h5") || path.ends_with(".hdf5") || io::is_hdf5_file(path)) return graph_format::hdf5;
  return io::is_ldbc_prefix(path) ? graph_format::ldbc : graph_format::edge_list;
}

// An algorithm on nothing would "succeed" with an empty result; a user who pointed at the wrong
// or an empty file wants to be told.
void check_not_empty(const communicator& comm, const distributed_graph& graph, const std::string& file) {
  agree(comm, [&] {
    if (graph.global_vertices() == 0) throw input_error(file, 0, "the graph has no vertices (empty input?)");
  });
}

// Vertices 0..n-1, each rank declaring its share, so that a generator's isolated vertices exist.
vertex_declarations declare_range(const communicator& comm, std::uint64_t n, const std::string& spec) {
  const auto [first, last] = even_share(n, comm.rank(), comm.size());
  vertex_declarations d{std::vector<vertex_id>(last - first), spec, spec};
  for (std::uint64_t v = first; v < last; ++v) d.ids[v - first] = v;
  return d;
}

}  // namespace

loaded_graph load_graph(const communicator& comm, const load_request& request) {
  graph_format format = request.format;
  if (format == graph_format::automatic && !request.path.starts_with("gen:")) format = detect_format(request.path);
  if (format == graph_format::hdf5) {
    auto graph = detail::load_graph_file(comm, request);
    check_not_empty(comm, graph, request.path);
    release_free_memory();
    return loaded_graph{std::move(graph), std::nullopt};
  }
  graph_options options;
  options.weighted = request.weighted;
  options.drop_self_loops = request.drop_self_loops;
  options.drop_duplicates = request.drop_duplicates;

  std::optional<io::ldbc_dataset> ldbc;
  std::optional<vertex_declarations> declared;
  std::optional<bool> generated_directed;
  io::edge_columns edges;
  std::string edge_file = request.path;
  agree(comm, [&] {
    if (request.path.starts_with("gen:")) {
      const auto g = parse_graph_generator(request.path.substr(4));
      generated_directed = generator_directed(g);
      // An undirected generator read as directed gets both arcs of each edge, as in Gelly.
      const bool both = request.directed.value_or(*generated_directed) && !*generated_directed;
      edges = generator_columns(g, comm.rank(), comm.size(), request.weighted, both);
      if (const auto n = generator_vertex_count(g)) declared = declare_range(comm, *n, request.path);
      if (g.simplify) options.drop_self_loops = options.drop_duplicates = true;
      return;
    }
    if (format == graph_format::ldbc) {
      ldbc = describe_ldbc(request);
      edge_file = ldbc->edge_file;
      declared = vertex_declarations{io::read_vertex_list(ldbc->vertex_file, comm.rank(), comm.size()),
                                     ldbc->vertex_file, ldbc->edge_file};
    }
    edges = io::read_edge_columns(edge_file, comm.rank(), comm.size(), io::edge_list_options{request.weighted});
  });
  options.directed = request.directed.value_or(ldbc ? ldbc->directed : generated_directed.value_or(true));
  auto graph = build_graph(comm, std::move(edges), declared, options, make_partitioner(request.partition));
  check_not_empty(comm, graph, ldbc ? ldbc->vertex_file : edge_file);
  release_free_memory();
  return loaded_graph{std::move(graph), std::move(ldbc)};
}

}  // namespace eddy
