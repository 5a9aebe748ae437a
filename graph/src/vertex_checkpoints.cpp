#include "eddy/graph/vertex_checkpoints.hpp"

#include <bit>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "eddy/graph/ghost_sync.hpp"
#include "eddy/io/checkpoint_file.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/error.hpp"
#include "eddy/runtime/exchange.hpp"

namespace eddy {
namespace {

using clock_type = std::chrono::steady_clock;

std::uint64_t mix(std::uint64_t z) {  // splitmix64's finaliser
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31U);
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

std::string aggregator_value(const std::string& name) { return "aggregator." + name; }

}  // namespace

std::string graph_fingerprint(const distributed_graph& g) {
  const local_id n = g.local_vertices();
  std::vector<vertex_id> ids(std::size_t{n} + g.ghost_vertices());
  std::copy(g.external_ids().begin(), g.external_ids().end(), ids.begin());
  ghost_sync(g).sync(std::span<vertex_id>(ids));
  // A sum of hashes: the same whichever rank holds which vertex and arc.
  std::uint64_t sum = 0;
  for (local_id v = 0; v < n; ++v) {
    const std::uint64_t from = mix(ids[v]);
    sum += mix(from);
    const auto far = g.out_neighbors(v);
    const auto weights = g.out_weights(v);
    for (std::size_t k = 0; k < far.size(); ++k) {
      std::uint64_t arc = mix(from ^ mix(ids[far[k]] + 0x51ed27ULL));
      if (!weights.empty()) arc = mix(arc ^ std::bit_cast<std::uint64_t>(weights[k]));
      sum += arc;
    }
  }
  sum = g.comm().all_reduce(sum, reduce_op::sum);
  sum = mix(sum ^ (g.directed() ? 1U : 2U));
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(sum));
  return text;
}

vertex_checkpoints::vertex_checkpoints(const distributed_graph& g, checkpoint_settings settings)
    : g_(g), settings_(std::move(settings)), dir_(settings_.dir) {
  agree(g.comm(), [&] {
    if (g.comm().rank() == 0) dir_.prepare();
  });
  fingerprint_ = graph_fingerprint(g);
}

void vertex_checkpoints::add(const std::string& name, std::span<double> owned) {
  columns_.push_back({name, kind::f64, owned.data()});
}
void vertex_checkpoints::add(const std::string& name, std::span<std::int64_t> owned) {
  columns_.push_back({name, kind::i64, owned.data()});
}
void vertex_checkpoints::add(const std::string& name, std::span<std::uint64_t> owned) {
  columns_.push_back({name, kind::u64, owned.data()});
}

void vertex_checkpoints::note(const std::string& text) const {
  if (settings_.note) settings_.note(text);
}

bool vertex_checkpoints::completed(std::uint64_t superstep, const aggregator_registry& aggregators) {
  const bool stop = g_.comm().all_reduce(stop_signal() != 0 ? 1 : 0, reduce_op::max) != 0;
  const bool due = settings_.every > 0 && (superstep + 1) % settings_.every == 0;
  if (due || stop) save(superstep, aggregators);
  if (stop) note("stopping after superstep " + std::to_string(superstep) + " on request (signal)");
  return stop;
}

void vertex_checkpoints::save(std::uint64_t superstep, const aggregator_registry& aggregators) {
  const auto start = clock_type::now();
  const auto& comm = g_.comm();
  io::checkpoint_header h;
  h.kind = "run";
  h.algorithm = settings_.algorithm;
  h.parameters = settings_.parameters;
  h.superstep = superstep + 1;
  h.ranks = static_cast<std::uint64_t>(comm.size());
  h.vertices = g_.global_vertices();
  h.graph_fingerprint = fingerprint_;
  h.created = utc_now();
  comm.broadcast(h.created, 0);  // attributes are written collectively: the same on every rank
  const std::string path = dir_.path_of(superstep + 1);
  std::uint64_t data_bytes = h.vertices * 8 * (1 + columns_.size());
  aggregators.for_each([&](const std::string&, const aggregator_base& a) { data_bytes += a.saved().size(); });
  io::checkpoint_writer out(comm, path, h, data_bytes);
  const std::uint64_t first = g_.first_global();
  const std::size_t n = g_.local_vertices();
  out.write_column("external_id", first, g_.external_ids());
  for (const auto& c : columns_) {
    switch (c.type) {
      case kind::f64:
        out.write_column(c.name, first, std::span<const double>(static_cast<const double*>(c.data), n));
        break;
      case kind::i64:
        out.write_column(c.name, first, std::span<const std::int64_t>(static_cast<const std::int64_t*>(c.data), n));
        break;
      case kind::u64:
        out.write_column(c.name, first, std::span<const std::uint64_t>(static_cast<const std::uint64_t*>(c.data), n));
        break;
    }
  }
  aggregators.for_each([&](const std::string& name, const aggregator_base& a) {
    out.write_value(aggregator_value(name), a.saved());
  });
  out.commit();
  if (comm.rank() == 0) (void)dir_.prune(settings_.keep);
  comm.barrier();
  ++written_;
  const double seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  write_seconds_ += seconds;
  char text[512];
  std::snprintf(text, sizeof text, "checkpoint after superstep %llu: %s (%.3f s)",
                static_cast<unsigned long long>(superstep), path.c_str(), seconds);
  note(text);
}

std::optional<std::string> vertex_checkpoints::newest_valid() const {
  const auto& comm = g_.comm();
  // Rank 0 lists the directory, so every rank tries the same files in the same order.
  std::string listing;
  if (comm.rank() == 0) {
    for (const auto& path : dir_.newest_first()) listing += path + "\n";
  }
  comm.broadcast(listing, 0);
  for (std::size_t at = 0; at < listing.size();) {
    const std::size_t end = listing.find('\n', at);
    const std::string path = listing.substr(at, end - at);
    at = end + 1;
    try {
      io::checkpoint_reader in(comm, path);
      const auto& h = in.header();
      // A checkpoint of another job is not damaged: resuming from it would be wrong, so say so.
      agree_that(comm, h.kind == "run" && h.algorithm == settings_.algorithm,
                 path + ": a checkpoint of '" + h.kind + " " + h.algorithm + "', not of this run of " +
                     settings_.algorithm + "; use another --checkpoint-dir",
                 exit_code::usage);
      agree_that(comm, h.parameters == settings_.parameters,
                 path + ": taken with other parameters (" + h.parameters + ", now " + settings_.parameters +
                     "); use another --checkpoint-dir",
                 exit_code::usage);
      agree_that(comm, h.graph_fingerprint == fingerprint_,
                 path + ": taken on another graph (fingerprint " + h.graph_fingerprint + ", this graph's " +
                     fingerprint_ + "); use another --checkpoint-dir",
                 exit_code::usage);
      in.verify();
      return path;
    } catch (const collective_error& e) {
      if (e.code() != exit_code::bad_input) throw;
      note("skipping checkpoint " + std::string(e.what()));
    } catch (const input_error& e) {
      note("skipping checkpoint " + std::string(e.what()));
    }
  }
  return std::nullopt;
}

std::optional<std::uint64_t> vertex_checkpoints::resume(aggregator_registry& aggregators) {
  if (!settings_.resume) return std::nullopt;
  const auto path = newest_valid();
  if (!path) {
    note("no valid checkpoint in " + settings_.dir + ": starting from the beginning");
    return std::nullopt;
  }
  const auto start = clock_type::now();
  restore_from(*path, aggregators);
  restore_seconds_ = std::chrono::duration<double>(clock_type::now() - start).count();
  io::checkpoint_reader in(g_.comm(), *path);
  const std::uint64_t done = in.header().superstep;
  char text[512];
  std::snprintf(text, sizeof text, "resumed from %s: %llu supersteps done (%.3f s)", path->c_str(),
                static_cast<unsigned long long>(done), restore_seconds_);
  note(text);
  return done - 1;
}

void vertex_checkpoints::restore_from(const std::string& path, aggregator_registry& aggregators) {
  const auto& comm = g_.comm();
  io::checkpoint_reader in(comm, path);
  const auto& h = in.header();
  agree_that(comm, h.vertices == g_.global_vertices(),
             path + ": holds " + std::to_string(h.vertices) + " vertices, the graph " +
                 std::to_string(g_.global_vertices()));
  // Every rank reads an equal share of the rows and sends each to the owner of its vertex: the
  // writing job's placement does not matter.
  const auto p = static_cast<std::uint64_t>(comm.size());
  const auto r = static_cast<std::uint64_t>(comm.rank());
  const std::uint64_t first = h.vertices * r / p;
  const std::uint64_t count = h.vertices * (r + 1) / p - first;
  const std::size_t stride = 1 + columns_.size();
  std::vector<std::uint64_t> rows(count * stride);
  std::vector<std::uint64_t> ids(count);
  in.read_column("external_id", first, std::span<std::uint64_t>(ids));
  for (std::size_t i = 0; i < count; ++i) rows[i * stride] = ids[i];
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    // Every column holds 8-byte values: they travel as their bits.
    std::vector<std::uint64_t> bits(count);
    const auto& col = columns_[c];
    if (col.type == kind::f64) {
      std::vector<double> values(count);
      in.read_column(col.name, first, std::span<double>(values));
      std::memcpy(bits.data(), values.data(), count * sizeof(double));
    } else if (col.type == kind::i64) {
      std::vector<std::int64_t> values(count);
      in.read_column(col.name, first, std::span<std::int64_t>(values));
      std::memcpy(bits.data(), values.data(), count * sizeof(std::int64_t));
    } else {
      in.read_column(col.name, first, std::span<std::uint64_t>(bits));
    }
    for (std::size_t i = 0; i < count; ++i) rows[i * stride + 1 + c] = bits[i];
  }
  outbox<std::uint64_t> out(comm.size());
  for (std::size_t i = 0; i < count; ++i) {
    auto& to = out.to(g_.owner_of(rows[i * stride]));
    to.insert(to.end(), rows.begin() + static_cast<std::ptrdiff_t>(i * stride),
              rows.begin() + static_cast<std::ptrdiff_t>((i + 1) * stride));
  }
  rows = std::vector<std::uint64_t>();
  const auto received = exchange(comm, out);
  std::uint64_t placed = 0;
  agree(comm, [&] {
    for (std::size_t at = 0; at + stride <= received.items.size(); at += stride) {
      const auto slot = g_.find_local(received.items[at]);
      if (!slot) throw input_error(path, 0, "vertex " + std::to_string(received.items[at]) + " is not in the graph");
      for (std::size_t c = 0; c < columns_.size(); ++c) {
        std::memcpy(static_cast<char*>(columns_[c].data) + std::size_t{*slot} * 8, &received.items[at + 1 + c], 8);
      }
      ++placed;
    }
    if (placed != g_.local_vertices()) throw input_error(path, 0, "does not hold every vertex of the graph");
  });
  std::vector<std::string> names;
  aggregators.for_each([&](const std::string& name, const aggregator_base&) { names.push_back(name); });
  for (const auto& name : names) {
    const auto bytes = in.read_value(aggregator_value(name));
    agree(comm, [&] {
      aggregators.for_each([&](const std::string& other, aggregator_base& a) {
        if (other == name) a.restore(bytes);
      });
    });
  }
}

}  // namespace eddy
