#include "eddy/graph/checkpoint_store.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <utility>

#include "eddy/graph/ghost_sync.hpp"
#include "eddy/io/edge_record.hpp"
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

}  // namespace

std::vector<vertex_id> slot_external_ids(const distributed_graph& g) {
  std::vector<vertex_id> ids(std::size_t{g.local_vertices()} + g.ghost_vertices());
  std::copy(g.external_ids().begin(), g.external_ids().end(), ids.begin());
  ghost_sync(g).sync(std::span<vertex_id>(ids));
  return ids;
}

std::string graph_fingerprint(const distributed_graph& g) {
  const local_id n = g.local_vertices();
  const auto ids = slot_external_ids(g);
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

checkpoint_store::checkpoint_store(const communicator& comm, checkpoint_settings settings)
    : comm_(comm), settings_(std::move(settings)), dir_(settings_.dir) {
  agree(comm, [&] {
    if (comm.rank() == 0) dir_.prepare();
  });
}

bool checkpoint_store::stop_requested() const {
  return comm_.all_reduce(stop_signal() != 0 ? 1 : 0, reduce_op::max) != 0;
}

void checkpoint_store::note(const std::string& text) const {
  if (settings_.note) settings_.note(text);
}

namespace {

// Collective: fills in what every file of a store carries, writes and closes it under a
// temporary name.
io::closed_checkpoint write_file(const communicator& comm, const checkpoint_settings& settings, const std::string& path,
                                 io::checkpoint_header header, std::uint64_t data_bytes,
                                 const std::function<void(io::checkpoint_writer&)>& body) {
  header.algorithm = settings.algorithm;
  header.parameters = settings.parameters;
  header.ranks = static_cast<std::uint64_t>(comm.size());
  header.created = utc_now();
  comm.broadcast(header.created, 0);  // attributes are written collectively: the same on every rank
  io::checkpoint_writer out(comm, path, header, data_bytes);
  body(out);
  return out.close();
}

}  // namespace

std::string checkpoint_store::graph_file(const distributed_graph& g, const std::string& fingerprint) {
  if (!settings_.graph_input_file.empty()) return std::filesystem::absolute(settings_.graph_input_file).string();
  return write_once("graph-" + fingerprint + ".h5", "graph for the checkpoints", [&] {
    // Every edge once: an undirected edge from its smaller end (a self-loop is stored once).
    const auto ids = slot_external_ids(g);
    auto edges = std::make_shared<io::edge_columns>();
    edges->weighted = g.weighted();
    for (local_id v = 0; v < g.local_vertices(); ++v) {
      const auto far = g.out_neighbors(v);
      const auto weights = g.out_weights(v);
      for (std::size_t k = 0; k < far.size(); ++k) {
        if (!g.directed() && ids[far[k]] < ids[v]) continue;
        edges->push_back({ids[v], ids[far[k]], weights.empty() ? 1.0 : weights[k]});
      }
    }
    io::checkpoint_header h;
    h.kind = "graph";
    h.vertices = g.global_vertices();
    h.edges = comm_.all_reduce(std::uint64_t{edges->size()}, reduce_op::sum);
    h.weighted = g.weighted();
    h.graph_fingerprint = fingerprint;
    const std::uint64_t first_edge = comm_.exclusive_sum(std::uint64_t{edges->size()});
    return once_file{h, h.vertices * 8 + h.edges * (h.weighted ? 24 : 16), [&g, edges, first_edge](io::checkpoint_writer& out) {
                       out.write_column("external_id", g.first_global(), g.external_ids());
                       out.write_edges(first_edge, edges->src, edges->dst, edges->weight);
                     }};
  });
}

std::string checkpoint_store::vertex_file(const distributed_graph& g, const std::string& fingerprint) {
  // Named by the order: another rank count or partitioner places the vertices differently.
  std::uint64_t order = 0;
  const auto ids = g.external_ids();
  for (std::size_t i = 0; i < ids.size(); ++i) order += mix(mix(ids[i]) ^ (g.first_global() + i));
  order = mix(comm_.all_reduce(order, reduce_op::sum));
  char name[64];
  std::snprintf(name, sizeof name, "vertices-%s-%016llx.h5", fingerprint.c_str(), static_cast<unsigned long long>(order));
  return write_once(name, "vertex order of the checkpoints", [&] {
    io::checkpoint_header h;
    h.kind = "vertices";
    h.vertices = g.global_vertices();
    h.graph_fingerprint = fingerprint;
    return once_file{h, h.vertices * 8, [&g](io::checkpoint_writer& out) {
                       out.write_column("external_id", g.first_global(), g.external_ids());
                     }};
  });
}

std::string checkpoint_store::write_once(const std::string& name, const std::string& what,
                                         const std::function<once_file()>& make) {
  const std::string path = (std::filesystem::path(settings_.dir) / name).string();
  int present = 0;
  if (comm_.rank() == 0) {
    // Written earlier in this job, it may still be on its way to its name in the background.
    present = std::filesystem::exists(path) || std::find(once_.begin(), once_.end(), path) != once_.end() ? 1 : 0;
  }
  comm_.broadcast(present, 0);
  if (present != 0) return name;
  const auto start = clock_type::now();
  const auto file = make();
  const auto closed = write_file(comm_, settings_, path, file.header, file.data_bytes, file.body);
  // Checkpoints link to it, so it must be on disk under its name before the first of them is:
  // the thread that publishes that checkpoint publishes this file first. Forcing it to disk here
  // would keep the whole job waiting on the device (2.6 MB of ids took 3-4 ms on cnr-2000).
  if (comm_.rank() == 0) {
    unpublished_.push_back(closed);
    once_.push_back(path);
  }
  const double seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  write_seconds_ += seconds;
  char text[512];
  std::snprintf(text, sizeof text, "%s: %s (%.3f s, once)", what.c_str(), path.c_str(), seconds);
  note(text);
  return name;
}

void checkpoint_store::write(std::uint64_t number, io::checkpoint_header header, std::uint64_t data_bytes,
                             const std::function<void(io::checkpoint_writer&)>& body) {
  const auto start = clock_type::now();
  join(false);  // the files it links to are published with it
  const std::string path = dir_.path_of(number);
  const auto closed = write_file(comm_, settings_, path, std::move(header), data_bytes, body);
  if (comm_.rank() == 0) {
    // The thread touches files only: no MPI, no HDF5. It returns the path it failed on, if any.
    published_ = std::async(std::launch::async, [links = std::exchange(unpublished_, {}), closed, dir = dir_,
                                                 keep = settings_.keep]() -> std::string {
      for (const auto& link : links) {
        if (!io::publish_checkpoint(link)) return link.path;
      }
      if (!io::publish_checkpoint(closed)) return closed.path;
      (void)dir.prune(keep);
      return {};
    });
  }
  ++written_;
  const double seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  write_seconds_ += seconds;
  char text[512];
  std::snprintf(text, sizeof text, "checkpoint %s (%.3f s)", path.c_str(), seconds);
  note(text);
}

void checkpoint_store::settle() { join(true); }

void checkpoint_store::join(bool with_links) {
  const auto start = clock_type::now();
  std::string failed = published_.valid() ? published_.get() : std::string();
  if (with_links) {
    for (const auto& link : std::exchange(unpublished_, {})) {  // written, but no checkpoint followed
      if (failed.empty() && !io::publish_checkpoint(link)) failed = link.path;
    }
  }
  agree_that(comm_, failed.empty(), failed + ": finishing the checkpoint failed (disk full or not writable?)",
             exit_code::failure);
  write_seconds_ += std::chrono::duration<double>(clock_type::now() - start).count();
}

checkpoint_store::~checkpoint_store() {
  for (const auto& link : unpublished_) {  // a failed job: nothing links to them
    std::error_code ignored;
    std::filesystem::remove(link.temporary, ignored);
  }
  if (!published_.valid()) return;
  const std::string failed = published_.get();
  if (!failed.empty()) note(failed + ": finishing the checkpoint failed");
}

std::optional<std::string> checkpoint_store::newest_valid(const std::string& kind,
                                                          const std::string& fingerprint) const {
  // Rank 0 lists the directory, so every rank tries the same files in the same order.
  std::string listing;
  if (comm_.rank() == 0) {
    for (const auto& path : dir_.newest_first()) listing += path + "\n";
  }
  comm_.broadcast(listing, 0);
  for (std::size_t at = 0; at < listing.size();) {
    const std::size_t end = listing.find('\n', at);
    const std::string path = listing.substr(at, end - at);
    at = end + 1;
    try {
      io::checkpoint_reader in(comm_, path);
      const auto& h = in.header();
      const auto refuse = [&](bool ok, const std::string& why) {
        agree_that(comm_, ok, path + ": " + why + "; use another --checkpoint-dir", exit_code::usage);
      };
      refuse(h.kind == kind && h.algorithm == settings_.algorithm,
             "a checkpoint of '" + h.kind + " " + h.algorithm + "', not of this " + kind + " of " + settings_.algorithm);
      refuse(h.parameters == settings_.parameters,
             "taken with other parameters (" + h.parameters + ", now " + settings_.parameters + ")");
      refuse(fingerprint.empty() || h.graph_fingerprint == fingerprint,
             "taken on another graph (fingerprint " + h.graph_fingerprint + ", this graph's " + fingerprint + ")");
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

void write_vertex_columns(const distributed_graph& g, io::checkpoint_writer& out,
                          std::span<const vertex_column> columns, bool with_ids) {
  const std::uint64_t first = g.first_global();
  const std::size_t n = g.local_vertices();
  if (with_ids) out.write_column("external_id", first, g.external_ids());
  for (const auto& c : columns) {
    switch (c.type) {
      case io::column_type::f64:
        out.write_column(c.name, first, std::span<const double>(static_cast<const double*>(c.data), n));
        break;
      case io::column_type::i64:
        out.write_column(c.name, first, std::span<const std::int64_t>(static_cast<const std::int64_t*>(c.data), n));
        break;
      case io::column_type::u64:
        out.write_column(c.name, first, std::span<const std::uint64_t>(static_cast<const std::uint64_t*>(c.data), n));
        break;
    }
  }
}

void restore_vertex_columns(const distributed_graph& g, io::checkpoint_reader& in,
                            std::span<const vertex_column> columns) {
  const auto& comm = g.comm();
  const auto& h = in.header();
  const std::string& path = in.path();
  agree_that(comm, h.vertices == g.global_vertices(),
             path + ": holds " + std::to_string(h.vertices) + " vertices, the graph " +
                 std::to_string(g.global_vertices()));
  // Every rank reads an equal share of the rows and sends each to the owner of its vertex: the
  // writing job's placement does not matter. A row travels as 8-byte words: id, then each column.
  const auto p = static_cast<std::uint64_t>(comm.size());
  const auto r = static_cast<std::uint64_t>(comm.rank());
  const std::uint64_t first = h.vertices * r / p;
  const std::uint64_t count = h.vertices * (r + 1) / p - first;
  const std::size_t stride = 1 + columns.size();
  std::vector<std::uint64_t> rows(count * stride);
  std::vector<std::uint64_t> words(count);
  const auto scatter = [&](std::size_t column) {
    for (std::size_t i = 0; i < count; ++i) rows[i * stride + column] = words[i];
  };
  in.read_column("external_id", first, std::span<std::uint64_t>(words));
  scatter(0);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].type == io::column_type::f64) {
      std::vector<double> values(count);
      in.read_column(columns[c].name, first, std::span<double>(values));
      std::memcpy(words.data(), values.data(), count * 8);
    } else if (columns[c].type == io::column_type::i64) {
      std::vector<std::int64_t> values(count);
      in.read_column(columns[c].name, first, std::span<std::int64_t>(values));
      std::memcpy(words.data(), values.data(), count * 8);
    } else {
      in.read_column(columns[c].name, first, std::span<std::uint64_t>(words));
    }
    scatter(1 + c);
  }
  outbox<std::uint64_t> out(comm.size());
  for (std::size_t i = 0; i < count; ++i) {
    auto& to = out.to(g.owner_of(rows[i * stride]));
    to.insert(to.end(), rows.begin() + static_cast<std::ptrdiff_t>(i * stride),
              rows.begin() + static_cast<std::ptrdiff_t>((i + 1) * stride));
  }
  rows = std::vector<std::uint64_t>();
  const auto received = exchange(comm, out);
  agree(comm, [&] {
    std::uint64_t placed = 0;
    for (std::size_t at = 0; at + stride <= received.items.size(); at += stride) {
      const auto slot = g.find_local(received.items[at]);
      if (!slot) throw input_error(path, 0, "vertex " + std::to_string(received.items[at]) + " is not in the graph");
      for (std::size_t c = 0; c < columns.size(); ++c) {
        std::memcpy(static_cast<char*>(columns[c].data) + std::size_t{*slot} * 8, &received.items[at + 1 + c], 8);
      }
      ++placed;
    }
    if (placed != g.local_vertices()) throw input_error(path, 0, "does not hold every vertex of the graph");
  });
}

}  // namespace eddy
