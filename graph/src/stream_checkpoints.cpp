#include "eddy/graph/stream_checkpoints.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "eddy/graph/graph_builder.hpp"
#include "eddy/graph/partitioner.hpp"
#include "eddy/runtime/collective.hpp"

namespace eddy {
namespace {

constexpr const char* source_value = "stream_source";

}  // namespace

stream_checkpoints::stream_checkpoints(const communicator& comm, checkpoint_settings settings)
    : comm_(comm), store_(comm, std::move(settings)) {}

void stream_checkpoints::save(std::uint64_t batch, const dynamic_graph& g, std::span<const double> values,
                              std::span<const std::byte> source, std::uint64_t offset) {
  // Every edge once: an undirected edge from its smaller end (a self-loop is stored once).
  io::edge_columns edges;
  edges.weighted = g.weighted();
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    const vertex_id id = g.external_id(v);
    g.for_each_out(v, [&](local_id far, double w) {
      const vertex_id other = g.external_id(far);
      if (!g.directed() && other < id) return;
      edges.push_back({id, other, w});
    });
  }
  const std::uint64_t mine = edges.size();
  const std::uint64_t first_edge = comm_.exclusive_sum(mine);
  io::checkpoint_header h;
  h.kind = "stream";
  h.batch = batch;
  h.stream_offset = offset;
  h.vertices = g.global_vertices();
  h.edges = comm_.all_reduce(mine, reduce_op::sum);
  h.weighted = g.weighted();
  const std::uint64_t first_vertex = comm_.exclusive_sum(std::uint64_t{g.local_vertices()});
  // Writing a column is collective: a rank that owns no vertex yet has no values but takes part.
  const bool with_values = comm_.all_reduce(values.empty() ? 0 : 1, reduce_op::max) != 0;
  const std::uint64_t data_bytes =
      h.vertices * 8 * (with_values ? 2 : 1) + h.edges * 8 * (h.weighted ? 3 : 2) + source.size();
  store_.write(batch, h, data_bytes, [&](io::checkpoint_writer& out) {
    out.write_column("external_id", first_vertex, g.external_ids());
    if (with_values) out.write_column("value", first_vertex, values);
    out.write_edges(first_edge, edges.src, edges.dst, edges.weight);
    out.write_value(source_value, source);
  });
}

std::optional<resumed_stream> stream_checkpoints::resume(const graph_options& options, const std::string& partition) {
  if (!store_.settings().resume) return std::nullopt;
  const auto start = std::chrono::steady_clock::now();  // finding and checking it included
  const auto path = store_.newest_valid("stream", "");
  if (!path) {
    store_.note("no valid checkpoint in " + store_.settings().dir + ": starting from the beginning");
    return std::nullopt;
  }
  io::checkpoint_reader in(comm_, *path);
  const auto& h = in.header();
  agree_that(comm_, h.weighted == options.weighted,
             *path + ": " + (h.weighted ? "weighted" : "unweighted") + " graph, this stream's is not",
             exit_code::usage);
  // Each rank reads an equal share of the edges and of the vertices; building the graph places
  // them for this job.
  const auto share = [&](std::uint64_t total, std::uint64_t& first) {
    const auto p = static_cast<std::uint64_t>(comm_.size());
    const auto r = static_cast<std::uint64_t>(comm_.rank());
    first = total * r / p;
    return total * (r + 1) / p - first;
  };
  std::uint64_t first = 0;
  const std::uint64_t n_edges = share(h.edges, first);
  io::edge_columns edges;
  edges.weighted = h.weighted;
  edges.src.resize(n_edges);
  edges.dst.resize(n_edges);
  edges.weight.resize(h.weighted ? n_edges : 0);
  in.read_edges(first, edges.src, edges.dst, edges.weight);
  const std::uint64_t n_vertices = share(h.vertices, first);
  vertex_declarations declared{std::vector<vertex_id>(n_vertices), *path, *path};
  in.read_column("external_id", first, std::span<std::uint64_t>(declared.ids));
  graph_options built = options;
  built.drop_duplicates = false;  // a set already
  resumed_stream r{*path, build_graph(comm_, std::move(edges), declared, built, make_partitioner(partition)), {},
                   h.batch, in.read_value(source_value)};
  const bool has_values =
      std::any_of(in.columns().begin(), in.columns().end(), [](const io::column_info& c) { return c.name == "value"; });
  if (has_values) {
    r.values.resize(r.graph.local_vertices());
    const vertex_column column{"value", io::column_type::f64, r.values.data()};
    restore_vertex_columns(r.graph, in, std::span<const vertex_column>(&column, 1));
  }
  char text[512];
  std::snprintf(text, sizeof text, "resumed from %s: %llu batches, %llu updates taken (%.3f s)", path->c_str(),
                static_cast<unsigned long long>(h.batch), static_cast<unsigned long long>(h.stream_offset),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  store_.note(text);
  return r;
}

}  // namespace eddy
