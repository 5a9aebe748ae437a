#include "graph_file_loader.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <optional>

#include "eddy/graph/graph_builder.hpp"
#include "eddy/io/graph_file.hpp"
#include "eddy/io/memory_hint.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/error.hpp"
#include "id_index.hpp"
#include "local_slots.hpp"
#include "owner_requests.hpp"
#include "vertex_order.hpp"

namespace eddy::detail {
namespace {

using io::graph_dataset;

struct row_range {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  [[nodiscard]] std::uint64_t size() const noexcept { return end - begin; }
};

// This rank's rows by the chunk partitioner's rule, stored arcs (out + in) being the degrees: the
// first row is the smallest v whose predecessors weigh enough to belong to this rank. A binary
// search reads a few dozen offsets.
row_range balanced_rows(const communicator& comm, io::graph_file_reader& file) {
  const auto& h = file.header();
  const int p = comm.size();
  const std::uint64_t alpha = chunk_alpha(p);
  const std::uint64_t total = h.arcs * (h.directed ? 2 : 1) + alpha * h.vertices;
  const auto weight_before = [&](std::uint64_t v) {
    std::uint64_t w = alpha * v + file.read_one(graph_dataset::out_offsets, v);
    if (h.directed) w += file.read_one(graph_dataset::in_offsets, v);
    return w;
  };
  const auto first_row = [&](int rank) {
    if (rank == 0) return std::uint64_t{0};
    if (rank == p) return h.vertices;
    std::uint64_t lo = 0, hi = h.vertices;
    while (lo < hi) {
      const std::uint64_t mid = lo + (hi - lo) / 2;
      if (chunk_owner(weight_before(mid), total, p) >= rank) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  };
  row_range r;
  agree(comm, [&] {
    r.begin = first_row(comm.rank());
    r.end = first_row(comm.rank() + 1);
  });
  return r;
}

// Why a slice of rows is not what the header promised, or an empty string.
std::string check_offsets(const std::vector<std::uint64_t>& offsets, std::uint64_t arcs) {
  for (std::size_t i = 1; i < offsets.size(); ++i) {
    if (offsets[i] < offsets[i - 1]) return "offsets decrease";
  }
  if (!offsets.empty() && offsets.back() > arcs) return "offsets exceed the arc count";
  return "";
}

// Whether every row is sorted and names only vertices below n: a check without branches, which
// the compiler vectorises (finding the culprit is left to the error path).
template <class Far>
bool rows_are_valid(const std::vector<std::uint64_t>& offsets, const std::vector<Far>& far, std::uint64_t n) {
  Far largest = 0;
  bool unsorted = false;
  for (std::size_t v = 0; v + 1 < offsets.size(); ++v) {
    for (std::uint64_t i = offsets[v] + 1; i < offsets[v + 1]; ++i) unsorted |= far[i] < far[i - 1];
  }
  for (const Far f : far) largest = std::max(largest, f);
  return !unsorted && (far.empty() || largest < n);
}

// Reads one direction's rows [rows.begin, rows.end): offsets rebased to 0, far ends (row numbers
// of the file, i.e. global ids) and, when asked for, weights. Collective; checks what it reads.
template <class Far>
void read_rows(const communicator& comm, io::graph_file_reader& file, bool in, row_range rows, bool weights,
               adjacency& adj, std::vector<Far>& far) {
  const auto& h = file.header();
  const auto offsets_set = in ? graph_dataset::in_offsets : graph_dataset::out_offsets;
  std::vector<std::uint64_t> offsets(rows.size() + 1);
  file.read(offsets_set, rows.begin, offsets);
  // Neighbouring ranks must agree where one's rows end and the next one's begin.
  const auto firsts = comm.all_gather(offsets.front());
  const auto r = static_cast<std::size_t>(comm.rank());
  agree(comm, [&] {
    auto why = check_offsets(offsets, h.arcs);
    if (why.empty() && r == 0 && offsets.front() != 0) why = "offsets do not start at 0";
    if (why.empty() && r + 1 == firsts.size() && offsets.back() != h.arcs) why = "offsets do not end at the arc count";
    if (why.empty() && r + 1 < firsts.size() && offsets.back() != firsts[r + 1]) why = "offsets are inconsistent";
    if (!why.empty()) throw input_error(file.path(), 0, std::string(in ? "/in" : "/out") + "/offsets: " + why);
  });
  const std::uint64_t base = offsets.front();
  for (auto& o : offsets) o -= base;
  io::resize_huge(far, offsets.back());
  file.read(in ? graph_dataset::in_targets : graph_dataset::out_targets, base, std::span<Far>(far));
  if (weights) {
    io::resize_huge(adj.weights, offsets.back());
    file.read(in ? graph_dataset::in_weights : graph_dataset::out_weights, base, std::span<double>(adj.weights));
  }
  agree(comm, [&] {
    if (rows_are_valid(offsets, far, h.vertices)) return;
    for (std::uint64_t v = 0; v < rows.size(); ++v) {
      for (std::uint64_t i = offsets[v]; i < offsets[v + 1]; ++i) {
        const bool sorted = i == offsets[v] || far[i - 1] <= far[i];
        if (far[i] >= h.vertices || !sorted) {
          throw input_error(file.path(), 0,
                            std::string(in ? "/in" : "/out") + "/targets: row " + std::to_string(rows.begin + v) +
                                (sorted ? " names a vertex beyond the vertex count" : " is not sorted"));
        }
      }
    }
  });
  adj.offsets = std::move(offsets);
}

std::vector<vertex_id> read_external_ids(const communicator& comm, io::graph_file_reader& file, row_range rows) {
  std::vector<vertex_id> ids(rows.size());
  file.read(graph_dataset::external_id, rows.begin, ids);
  struct ends {
    vertex_id first, last;
    int empty;
  };
  const auto all =
      comm.all_gather(ends{ids.empty() ? 0 : ids.front(), ids.empty() ? 0 : ids.back(), ids.empty() ? 1 : 0});
  agree(comm, [&] {
    bool ascending = std::adjacent_find(ids.begin(), ids.end(), std::greater_equal<>()) == ids.end();
    for (std::size_t r = static_cast<std::size_t>(comm.rank()) + 1; ascending && !ids.empty() && r < all.size(); ++r) {
      if (all[r].empty != 0) continue;
      ascending = ids.back() < all[r].first;
      break;
    }
    if (!ascending) throw input_error(file.path(), 0, "/vertices/external_id is not strictly ascending");
  });
  return ids;
}

// Chunk partitioning: every rank reads its rows and lays them out once, renumbered by degree.
template <class Far>
distributed_graph load_rows(const communicator& comm, io::graph_file_reader& file, const graph_options& options) {
  const auto& h = file.header();
  const auto rows = balanced_rows(comm, file);
  graph_parts parts;
  parts.options = options;
  parts.external_ids = read_external_ids(comm, file, rows);
  const auto counts = comm.all_gather(static_cast<std::uint64_t>(rows.size()));
  parts.rank_offsets.assign(counts.size() + 1, 0);
  for (std::size_t r = 0; r < counts.size(); ++r) parts.rank_offsets[r + 1] = parts.rank_offsets[r] + counts[r];
  agree(comm, [&] {
    if (rows.size() >= std::numeric_limits<local_id>::max()) {
      throw error("a rank holds more than 2^32 vertices and ghosts; run with more ranks");
    }
  });
  std::vector<Far> out_far, in_far;
  read_rows(comm, file, false, rows, options.weighted, parts.out, out_far);
  if (h.directed) read_rows(comm, file, true, rows, options.weighted, parts.in, in_far);
  // Each rank's smallest id, taken while the ids are still in file (ascending) order.
  parts.owner = make_chunk_partitioner(
      comm.all_gather(parts.external_ids.empty() ? std::numeric_limits<vertex_id>::max() : parts.external_ids.front()));
  std::vector<std::uint64_t> degree(rows.size());
  for (std::size_t v = 0; v < degree.size(); ++v) {
    degree[v] = parts.out.offsets[v + 1] - parts.out.offsets[v];
    if (h.directed) degree[v] += parts.in.offsets[v + 1] - parts.in.offsets[v];
  }
  const auto order = by_descending_degree(degree);
  degree = std::vector<std::uint64_t>();
  assign_slots_in_order(comm, parts, out_far, in_far, order);
  parts.slots_by_external_id = inverse(order);  // the file's rows ascend by external id
  parts.global_edges = h.edges;
  parts.global_arcs = h.arcs;
  return distributed_graph(comm, std::move(parts));
}

// Other partitionings: the rows become edges again (each undirected edge once) and go through the
// builder; the file's vertices are declared, so isolated ones stay.
template <class Far>
distributed_graph rebuild(const communicator& comm, io::graph_file_reader& file, const graph_options& options,
                          std::unique_ptr<partitioner> owner) {
  const auto& h = file.header();
  const auto rows = balanced_rows(comm, file);
  auto ids = read_external_ids(comm, file, rows);
  adjacency adj;
  std::vector<Far> far;
  read_rows(comm, file, false, rows, options.weighted, adj, far);

  // External ids of the far ends held by other ranks, asked of the ranks holding those rows.
  std::vector<std::uint64_t> remote;
  for (const Far t : far) {
    if (t < rows.begin || t >= rows.end) remote.push_back(t);
  }
  std::sort(remote.begin(), remote.end());
  remote.erase(std::unique(remote.begin(), remote.end()), remote.end());
  const auto begins = comm.all_gather(rows.begin);
  const auto remote_ids = ask_owners<vertex_id>(
      comm, std::span<const std::uint64_t>(remote),
      [&](std::uint64_t t) {
        return static_cast<int>(std::upper_bound(begins.begin() + 1, begins.end(), t) - begins.begin()) - 1;
      },
      [&](std::uint64_t t) { return ids[t - rows.begin]; });
  const id_index remote_index(remote);
  const auto external = [&](std::uint64_t t) {
    return t >= rows.begin && t < rows.end ? ids[t - rows.begin] : remote_ids[remote_index.position(t)];
  };

  io::edge_columns edges;
  edges.weighted = options.weighted;
  for (std::uint64_t v = 0; v < rows.size(); ++v) {
    for (std::uint64_t i = adj.offsets[v]; i < adj.offsets[v + 1]; ++i) {
      if (!h.directed && far[i] < rows.begin + v) continue;  // the other direction of an edge met already
      edges.push_back({ids[v], external(far[i]), options.weighted ? adj.weights[i] : 1.0});
    }
  }
  far = std::vector<Far>();
  adj = {};
  return build_graph(comm, std::move(edges), vertex_declarations{std::move(ids), file.path(), file.path()}, options,
                     std::move(owner));
}

}  // namespace

distributed_graph load_graph_file(const communicator& comm, const load_request& request) {
  std::optional<io::graph_file_reader> opened;
  agree(comm, [&] { opened.emplace(comm, request.path); });
  auto& file = *opened;
  const auto& h = file.header();
  // The file holds one graph: options that would make another are refused rather than ignored.
  agree(comm, [&] {
    const auto refuse = [&](const std::string& why) { throw usage_error(request.path + ": " + why); };
    if (request.directed && *request.directed != h.directed) {
      refuse(std::string("the file holds a ") + (h.directed ? "directed" : "undirected") +
             " graph; convert the input again with " + (h.directed ? "--undirected" : "--directed"));
    }
    if (request.weighted && !h.weighted) refuse("the file has no weights; convert the input again with --weighted");
    if (request.drop_self_loops && !h.self_loops_dropped) {
      refuse("the file keeps self-loops; convert the input again with --drop-self-loops");
    }
    if (request.drop_duplicates && !h.duplicates_dropped) {
      refuse("the file keeps repeated edges; convert the input again with --drop-duplicates");
    }
  });
  graph_options options;
  options.directed = h.directed;
  options.weighted = request.weighted;
  options.drop_self_loops = h.self_loops_dropped;
  options.drop_duplicates = h.duplicates_dropped;
  auto owner = make_partitioner(request.partition);
  if (owner->name() == "chunk") {
    return h.wide_targets ? load_rows<std::uint64_t>(comm, file, options)
                          : load_rows<std::uint32_t>(comm, file, options);
  }
  return h.wide_targets ? rebuild<std::uint64_t>(comm, file, options, std::move(owner))
                        : rebuild<std::uint32_t>(comm, file, options, std::move(owner));
}

}  // namespace eddy::detail
