#include "eddy/graph/vertex_checkpoints.hpp"

#include <chrono>
#include <cstdio>

#include "eddy/runtime/collective.hpp"

namespace eddy {
namespace {

std::string aggregator_value(const std::string& name) { return "aggregator." + name; }

}  // namespace

vertex_checkpoints::vertex_checkpoints(const distributed_graph& g, checkpoint_settings settings)
    : g_(g), store_(g.comm(), std::move(settings)), fingerprint_(graph_fingerprint(g)) {}

void vertex_checkpoints::add(const std::string& name, std::span<double> owned) {
  columns_.push_back({name, io::column_type::f64, owned.data()});
}
void vertex_checkpoints::add(const std::string& name, std::span<std::int64_t> owned) {
  columns_.push_back({name, io::column_type::i64, owned.data()});
}
void vertex_checkpoints::add(const std::string& name, std::span<std::uint64_t> owned) {
  columns_.push_back({name, io::column_type::u64, owned.data()});
}

bool vertex_checkpoints::completed(std::uint64_t superstep, const aggregator_registry& aggregators) {
  const bool stop = store_.stop_requested();
  if (stop || store_.due(superstep + 1)) save(superstep, aggregators);
  if (stop) store_.settle();
  if (stop) store_.note("stopping after superstep " + std::to_string(superstep) + " on request (signal)");
  return stop;
}

void vertex_checkpoints::save(std::uint64_t superstep, const aggregator_registry& aggregators) {
  io::checkpoint_header h;
  h.kind = "run";
  h.superstep = superstep + 1;
  h.vertices = g_.global_vertices();
  h.graph_fingerprint = fingerprint_;
  h.graph_file = store_.graph_file(g_, fingerprint_);
  if (vertex_file_.empty()) vertex_file_ = store_.vertex_file(g_, fingerprint_);
  h.vertex_file = vertex_file_;
  std::uint64_t data_bytes = h.vertices * 8 * columns_.size();
  aggregators.for_each([&](const std::string&, const aggregator_base& a) { data_bytes += a.saved().size(); });
  store_.write(superstep + 1, h, data_bytes, [&](io::checkpoint_writer& out) {
    write_vertex_columns(g_, out, columns_, false);
    aggregators.for_each([&](const std::string& name, const aggregator_base& a) {
      out.write_value(aggregator_value(name), a.saved());
    });
  });
}

std::optional<std::uint64_t> vertex_checkpoints::resume(aggregator_registry& aggregators) {
  if (!store_.settings().resume) return std::nullopt;
  const auto start = std::chrono::steady_clock::now();  // finding and checking it included
  const auto path = store_.newest_valid("run", fingerprint_);
  if (!path) {
    store_.note("no valid checkpoint in " + store_.settings().dir + ": starting from the beginning");
    return std::nullopt;
  }
  io::checkpoint_reader in(g_.comm(), *path);
  restore_vertex_columns(g_, in, columns_);
  std::vector<std::string> names;
  aggregators.for_each([&](const std::string& name, const aggregator_base&) { names.push_back(name); });
  for (const auto& name : names) {
    const auto bytes = in.read_value(aggregator_value(name));
    agree(g_.comm(), [&] {
      aggregators.for_each([&](const std::string& other, aggregator_base& a) {
        if (other == name) a.restore(bytes);
      });
    });
  }
  restore_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::uint64_t done = in.header().superstep;
  char text[512];
  std::snprintf(text, sizeof text, "resumed from %s: %llu supersteps done (%.3f s)", path->c_str(),
                static_cast<unsigned long long>(done), restore_seconds_);
  store_.note(text);
  return done - 1;
}

}  // namespace eddy
