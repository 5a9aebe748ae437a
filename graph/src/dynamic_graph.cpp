#include "eddy/graph/dynamic_graph.hpp"

#include <algorithm>
#include <bit>
#include <limits>

#include "eddy/graph/ghost_sync.hpp"
#include "eddy/graph/graph_builder.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/error.hpp"
#include "eddy/runtime/radix_sort.hpp"
#include "owner_requests.hpp"

namespace eddy {

// An update as it reaches a rank that stores one of its arcs: `row` is the endpoint this rank
// owns, `far` the other. Only the primary copy (the source's out-row) counts the update.
struct dynamic_graph::routed {
  vertex_id row;
  vertex_id far;
  double weight;
  io::update_kind kind;
  std::uint8_t side;  // see the constants below
};

// The same once both ends have slots here.
struct dynamic_graph::arc_op {
  local_id row;
  local_id far;
  double weight;
  io::update_kind kind;
  std::uint8_t side;
};

namespace {

constexpr std::uint8_t out_primary = 0;    // SRC's out-row: counts the update
constexpr std::uint8_t out_secondary = 1;  // DST's out-row of an undirected edge
constexpr std::uint8_t in_row = 2;         // DST's in-row of a directed edge
constexpr std::uint64_t slot_space = std::uint64_t{1} << 31U;
constexpr local_id absent_slot = ~local_id{0};  // no vertex; never a slot (see check_slot_space)

// Collective. `arcs`: the records a batch brought to this rank, which apply() indexes with 32 bits.
void check_slot_space(const communicator& comm, std::uint64_t owned, std::uint64_t ghosts, std::uint64_t arcs = 0) {
  agree(comm, [&] {
    if (owned >= slot_space - 1 || ghosts >= slot_space - 1) {
      throw error("a rank holds 2^31 vertices or ghosts, the most a dynamic graph can; run with more ranks");
    }
    if (arcs > std::numeric_limits<std::uint32_t>::max()) {
      throw error("a batch brings more than 2^32 arcs to one rank; use smaller batches or more ranks");
    }
  });
}

// Counts of this rank, summed over ranks in one reduction.
enum tally : std::size_t { n_updates, n_adds, n_removes, n_reweights, n_ignored, n_new_vertices, n_vertices, n_arcs, tally_size };

}  // namespace

dynamic_graph::dynamic_graph(const communicator& comm, const graph_options& options, std::unique_ptr<partitioner> owner)
    : comm_(&comm), options_(options), owner_(std::move(owner)) {
  (void)owner_->assign(comm, {});  // no vertices yet; a hash partitioner learns the rank count
  out_.assign({0}, {}, {}, weighted());
  in_.assign({0}, {}, {}, weighted());
}

dynamic_graph::dynamic_graph(distributed_graph&& base) : comm_(&base.comm()), options_(base.options()) {
  const auto& comm = *comm_;
  const local_id n = base.local_vertices();
  const local_id ghosts = base.ghost_vertices();
  check_slot_space(comm, n, ghosts);
  // A ghost is named by its owner and its slot there; its external id comes from the owner
  // through one mirror synchronisation.
  ghost_owner_.resize(ghosts);
  ghost_remote_.resize(ghosts);
  for (local_id k = 0; k < ghosts; ++k) {
    ghost_owner_[k] = base.owner_of_slot(n + k);
    ghost_remote_[k] = base.remote_index(n + k, ghost_owner_[k]);
  }
  std::vector<vertex_id> ids(std::size_t{n} + ghosts);
  std::copy(base.external_ids().begin(), base.external_ids().end(), ids.begin());
  ghost_sync(base).sync(std::span<vertex_id>(ids));
  ghost_external_.assign(ids.begin() + n, ids.end());
  ids = std::vector<vertex_id>();

  graph_parts parts = std::move(base).release();
  owner_ = std::move(parts.owner);
  external_ = std::move(parts.external_ids);
  slots_.reserve(n + ghosts);
  for (std::size_t v = 0; v < n; ++v) slots_.put(external_[v], static_cast<std::uint32_t>(v));
  for (std::size_t k = 0; k < ghosts; ++k) slots_.put(ghost_external_[k], ghost_bit | static_cast<local_id>(k));

  const auto n_slot = static_cast<local_id>(n);
  const auto to_dynamic = [n_slot](std::vector<local_id>& targets) {
    for (auto& t : targets) t = t < n_slot ? t : (ghost_bit | (t - n_slot));
  };
  to_dynamic(parts.out.targets);
  out_.assign(parts.out.offsets, std::move(parts.out.targets), std::move(parts.out.weights), weighted());
  if (directed()) {
    to_dynamic(parts.in.targets);
    in_.assign(parts.in.offsets, std::move(parts.in.targets), std::move(parts.in.weights), weighted());
  }
  // Repeated arcs were dropped above, so the edges are counted again: an undirected edge is two
  // arcs unless it is a self-loop.
  std::uint64_t counts[2] = {out_.arcs(), 0};
  if (!directed()) {
    for (local_id v = 0; v < n_slot; ++v) {
      out_.for_each(v, [&](local_id far, double) { counts[1] += far == v ? 1 : 0; });
    }
  }
  comm.all_reduce_in_place(std::span<std::uint64_t>(counts), reduce_op::sum);
  global_arcs_ = counts[0];
  global_edges_ = directed() ? counts[0] : (counts[0] + counts[1]) / 2;
  global_vertices_ = parts.rank_offsets.back();
}

dynamic_graph::~dynamic_graph() = default;

local_id dynamic_graph::make_owned(vertex_id id) {
  // Past 2^31 a slot would read as a ghost; apply() checks that collectively before any use.
  const auto v = static_cast<local_id>(external_.size());
  external_.push_back(id);
  slots_.put(id, v);
  out_.add_rows(1);
  if (directed()) in_.add_rows(1);
  return v;
}

void dynamic_graph::adopt_ghosts(std::span<const vertex_id> ids) {
  const auto remote = detail::ask_owners<local_id>(
      *comm_, ids, [this](vertex_id id) { return owner_of(id); },
      [this](vertex_id id) {
        const auto s = slots_.find(id);
        return s ? static_cast<local_id>(*s) : ghost_bit;  // absent only if no add created it
      });
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (remote[i] == ghost_bit) continue;
    const auto k = static_cast<local_id>(ghost_external_.size());
    ghost_external_.push_back(ids[i]);
    ghost_owner_.push_back(owner_of(ids[i]));
    ghost_remote_.push_back(remote[i]);
    slots_.put(ids[i], ghost_bit | k);
  }
}

inbox<dynamic_graph::routed> dynamic_graph::route(std::span<const io::edge_update> updates) const {
  // Destinations first, so the records are laid out once, grouped by rank, and sent from there.
  std::vector<int> to;
  to.reserve(2 * updates.size());
  std::vector<std::size_t> counts(static_cast<std::size_t>(comm_->size()), 0);
  for (const auto& u : updates) {
    to.push_back(owner_of(u.src));
    ++counts[static_cast<std::size_t>(to.back())];
    if (directed() || u.src != u.dst) {
      to.push_back(owner_of(u.dst));
      ++counts[static_cast<std::size_t>(to.back())];
    }
  }
  std::vector<std::size_t> at(counts.size(), 0);
  for (std::size_t d = 1; d < counts.size(); ++d) at[d] = at[d - 1] + counts[d - 1];
  std::vector<routed> grouped(to.size());
  const std::uint8_t far_side = directed() ? in_row : out_secondary;
  std::size_t k = 0;
  for (const auto& u : updates) {
    grouped[at[static_cast<std::size_t>(to[k++])]++] = {u.src, u.dst, u.weight, u.kind, out_primary};
    if (directed() || u.src != u.dst) {
      grouped[at[static_cast<std::size_t>(to[k++])]++] = {u.dst, u.src, u.weight, u.kind, far_side};
    }
  }
  inbox<routed> in;
  exchange(*comm_, std::span<const routed>(grouped), counts, in);
  return in;
}

std::vector<dynamic_graph::arc_op> dynamic_graph::arc_order(std::span<const routed> ops,
                                                            std::span<const local_id> row_of,
                                                            std::span<const local_id> far_of) const {
  // Rows are changed one after another, each while it is in cache, out-rows first: one radix
  // sort of (row, index) keys, whose passes cover only the bits the keys use (stable: one edge's
  // updates stay in stream order), and the records copied once into that order so the loop
  // applying them reads memory forward.
  const auto index_bits = static_cast<unsigned>(std::bit_width(ops.size()));
  const std::uint64_t in_rows_at = local_vertices();
  std::vector<std::uint64_t> keys;
  keys.reserve(ops.size());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (row_of[i] == absent_slot || far_of[i] == absent_slot) continue;
    const std::uint64_t row = row_of[i] + (ops[i].side == in_row ? in_rows_at : 0);
    keys.push_back((row << index_bits) | i);
  }
  radix_sort(keys);
  const std::uint64_t index_mask = (std::uint64_t{1} << index_bits) - 1;
  std::vector<arc_op> sorted(keys.size());
  for (std::size_t k = 0; k < keys.size(); ++k) {
    const auto i = static_cast<std::size_t>(keys[k] & index_mask);
    sorted[k] = {row_of[i], far_of[i], ops[i].weight, ops[i].kind, ops[i].side};
  }
  return sorted;
}

graph_changes dynamic_graph::apply(std::span<const io::edge_update> updates) {
  const auto& comm = *comm_;
  graph_changes changes;
  changes.first_new_vertex = local_vertices();
  const auto in = route(updates);
  const std::span<const routed> ops(in.items);  // in stream order

  // Slots of both ends; adds create their rows on the way. Far ends still unknown are asked of
  // their owners once every rank has made its rows, then looked up again (an update after an add
  // of a new vertex needs it too).
  std::vector<local_id> row_of(ops.size());
  std::vector<local_id> far_of(ops.size(), absent_slot);
  std::vector<std::size_t> unresolved;
  std::vector<vertex_id> unknown;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const auto& op = ops[i];
    const auto found = slots_.find(op.row);
    row_of[i] = found ? static_cast<local_id>(*found) : absent_slot;
    if (row_of[i] == absent_slot && op.kind == io::update_kind::add) row_of[i] = make_owned(op.row);
    if (const auto far = slots_.find(op.far)) {
      far_of[i] = static_cast<local_id>(*far);
    } else {
      unresolved.push_back(i);
      if (op.kind == io::update_kind::add) unknown.push_back(op.far);
    }
  }
  std::sort(unknown.begin(), unknown.end());
  unknown.erase(std::unique(unknown.begin(), unknown.end()), unknown.end());
  std::erase_if(unknown, [this](vertex_id id) { return slots_.find(id).has_value(); });  // made above
  adopt_ghosts(unknown);
  check_slot_space(comm, local_vertices(), ghost_vertices(), ops.size());
  for (const std::size_t i : unresolved) {
    const auto far = slots_.find(ops[i].far);
    far_of[i] = far ? static_cast<local_id>(*far) : absent_slot;
  }
  const auto order = arc_order(ops, row_of, far_of);

  std::uint64_t mine[tally_size] = {};
  mine[n_updates] = updates.size();
  mine[n_new_vertices] = local_vertices() - changes.first_new_vertex;
  for (std::size_t i = 0; i < ops.size(); ++i) {  // an endpoint no add has named
    if (ops[i].side == out_primary && (row_of[i] == absent_slot || far_of[i] == absent_slot)) ++mine[n_ignored];
  }
  changes.out.reserve(order.size());
  for (const auto& op : order) {
    const bool primary = op.side == out_primary;
    auto& rows = op.side == in_row ? in_ : out_;
    auto& log = op.side == in_row ? changes.in : changes.out;
    const std::uint64_t counted = primary ? 1 : 0;
    const auto ignore = [&] { mine[n_ignored] += counted; };
    const local_id v = op.row;
    const local_id f = op.far;
    const auto at = rows.find(v, f);
    const bool present = at.live();
    switch (op.kind) {
      case io::update_kind::add:
        if (present) {
          ignore();
          break;
        }
        rows.insert(v, f, op.weight, at);
        log.push_back({v, f, 0.0, weighted() ? op.weight : 1.0, op.kind});
        mine[n_adds] += counted;
        break;
      case io::update_kind::remove:
        if (!present) {
          ignore();
          break;
        }
        log.push_back({v, f, rows.weight_at(v, at), 0.0, op.kind});
        rows.erase(v, at);
        mine[n_removes] += counted;
        break;
      case io::update_kind::reweight:
        if (!present) {
          ignore();
          break;
        }
        log.push_back({v, f, rows.weight_at(v, at), weighted() ? op.weight : 1.0, op.kind});
        rows.set_weight(v, at, op.weight);
        mine[n_reweights] += counted;
        break;
    }
  }
  maybe_compact();

  mine[n_vertices] = local_vertices();
  mine[n_arcs] = out_.arcs();
  comm.all_reduce_in_place(std::span<std::uint64_t>(mine), reduce_op::sum);
  changes.counts = {mine[n_updates], mine[n_adds], mine[n_removes], mine[n_reweights], mine[n_ignored], mine[n_new_vertices]};
  global_vertices_ = mine[n_vertices];
  global_arcs_ = mine[n_arcs];
  global_edges_ = global_edges_ + mine[n_adds] - mine[n_removes];
  return changes;
}

void dynamic_graph::maybe_compact() {
  for (auto* rows : {&out_, &in_}) {
    if (rows == &in_ && !directed()) continue;
    if (!rows->wants_compaction()) continue;
    rows->compact();
    ++compactions_;
  }
}

std::uint64_t dynamic_graph::memory_bytes() const noexcept {
  const auto bytes = [](const auto& v) { return static_cast<std::uint64_t>(v.capacity() * sizeof(v[0])); };
  return out_.memory_bytes() + (directed() ? in_.memory_bytes() : 0) + bytes(external_) + bytes(ghost_external_) +
         bytes(ghost_owner_) + bytes(ghost_remote_) + slots_.memory_bytes();
}

distributed_graph dynamic_graph::snapshot() const {
  io::edge_columns edges;
  edges.weighted = weighted();
  edges.reserve(out_.arcs());
  for (local_id v = 0; v < local_vertices(); ++v) {
    const vertex_id id = external_[v];
    out_.for_each(v, [&](local_id far, double w) {
      const vertex_id other = external_id(far);
      if (!directed() && other < id) return;  // an undirected edge once, from its smaller end
      edges.push_back({id, other, w});
    });
  }
  vertex_declarations declared{external_, "", ""};
  graph_options options = options_;
  options.drop_duplicates = false;
  return build_graph(*comm_, std::move(edges), declared, options, make_partitioner(owner_->name()));
}

}  // namespace eddy
