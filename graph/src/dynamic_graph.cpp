#include "eddy/graph/dynamic_graph.hpp"

#include <algorithm>
#include <limits>

#include "eddy/graph/ghost_sync.hpp"
#include "eddy/graph/graph_builder.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/error.hpp"
#include "eddy/runtime/exchange.hpp"
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

namespace {

constexpr std::uint8_t out_primary = 0;    // SRC's out-row: counts the update
constexpr std::uint8_t out_secondary = 1;  // DST's out-row of an undirected edge
constexpr std::uint8_t in_row = 2;         // DST's in-row of a directed edge
constexpr std::uint64_t slot_space = std::uint64_t{1} << 31U;
constexpr local_id absent_slot = ~local_id{0};  // no vertex; never a slot (see check_slot_space)

void check_slot_space(const communicator& comm, std::uint64_t owned, std::uint64_t ghosts) {
  agree(comm, [&] {
    if (owned >= slot_space - 1 || ghosts >= slot_space - 1) {
      throw error("a rank holds 2^31 vertices or ghosts, the most a dynamic graph can; run with more ranks");
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
  out_.assign(std::move(parts.out.offsets), std::move(parts.out.targets), std::move(parts.out.weights), weighted());
  if (directed()) {
    to_dynamic(parts.in.targets);
    in_.assign(std::move(parts.in.offsets), std::move(parts.in.targets), std::move(parts.in.weights), weighted());
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

graph_changes dynamic_graph::apply(std::span<const io::edge_update> updates) {
  const auto& comm = *comm_;
  graph_changes changes;
  changes.first_new_vertex = local_vertices();

  outbox<routed> out(comm.size());
  for (const auto& u : updates) {
    out.push(owner_of(u.src), {u.src, u.dst, u.weight, u.kind, out_primary});
    if (directed()) {
      out.push(owner_of(u.dst), {u.dst, u.src, u.weight, u.kind, in_row});
    } else if (u.src != u.dst) {
      out.push(owner_of(u.dst), {u.dst, u.src, u.weight, u.kind, out_secondary});
    }
  }
  auto in = exchange(comm, out);
  out = outbox<routed>(0);
  // Updates of one row side by side: a hub's row is searched while it is in cache. The sort is
  // stable, so the updates of one edge keep their stream order.
  std::stable_sort(in.items.begin(), in.items.end(), [](const routed& a, const routed& b) {
    const bool a_in = a.side == in_row;
    const bool b_in = b.side == in_row;
    return a_in != b_in ? b_in : a.row < b.row;
  });
  const std::span<const routed> ops(in.items);

  // Slots of both ends, each id looked up once: a row's updates are side by side, and adds create
  // their rows on the way. Far ends still unknown are asked of their owners once every rank has
  // made its rows, then looked up again (an update after an add of a new vertex needs it too).
  std::vector<local_id> row_of(ops.size());
  std::vector<local_id> far_of(ops.size(), absent_slot);
  std::vector<std::size_t> unresolved;
  std::vector<vertex_id> unknown;
  local_id run_slot = absent_slot;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const auto& op = ops[i];
    if (i == 0 || op.row != ops[i - 1].row || run_slot == absent_slot) {
      const auto found = slots_.find(op.row);
      run_slot = found ? static_cast<local_id>(*found) : absent_slot;
    }
    if (run_slot == absent_slot && op.kind == io::update_kind::add) run_slot = make_owned(op.row);
    row_of[i] = run_slot;
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
  check_slot_space(comm, local_vertices(), ghost_vertices());
  for (const std::size_t i : unresolved) {
    const auto far = slots_.find(ops[i].far);
    far_of[i] = far ? static_cast<local_id>(*far) : absent_slot;
  }

  std::uint64_t mine[tally_size] = {};
  mine[n_updates] = updates.size();
  mine[n_new_vertices] = local_vertices() - changes.first_new_vertex;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const auto& op = ops[i];
    const bool primary = op.side == out_primary;
    auto& rows = op.side == in_row ? in_ : out_;
    auto& log = op.side == in_row ? changes.in : changes.out;
    const std::uint64_t counted = primary ? 1 : 0;
    const auto ignore = [&] { mine[n_ignored] += counted; };
    if (row_of[i] == absent_slot || far_of[i] == absent_slot) {  // no add has named an endpoint
      ignore();
      continue;
    }
    const local_id v = row_of[i];
    const local_id f = far_of[i];
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
