#pragma once
// How the Graph API moves records: a vertex lives on the rank its id hashes to, and an edge on the
// rank of its source, so a vertex and its out-edges are always together. Everything else is one of
// two collective steps: `route` (records to the owners of their keys) and `lookup` (the records
// the owners hold for a set of ids, back to whoever asked).
#include <algorithm>
#include <cstddef>
#include <span>
#include <utility>
#include <vector>

#include "eddy/graph/graph_records.hpp"
#include "eddy/runtime/iteration_support.hpp"
#include "eddy/runtime/serialization.hpp"

namespace eddy::routing {

[[nodiscard]] inline int owner(vertex_id id, int ranks) noexcept { return hash_owner(id, ranks); }

// Collective: each item goes to owner(key(item)); returns what arrived here (order unspecified).
template <class T, class Key>
[[nodiscard]] std::vector<T> route(const communicator& comm, std::vector<T> items, Key key) {
  std::vector<std::vector<T>> out(static_cast<std::size_t>(comm.size()));
  for (auto& item : items) out[static_cast<std::size_t>(owner(key(item), comm.size()))].push_back(std::move(item));
  items = {};
  return exchange_records(comm, out);
}

template <class V>
[[nodiscard]] bool by_id(const vertex<V>& a, const vertex<V>& b) noexcept {
  return a.id < b.id;
}

// The record of `id` in a table sorted by id, or nullptr.
template <class V>
[[nodiscard]] const vertex<V>* find(std::span<const vertex<V>> sorted, vertex_id id) {
  const auto it = std::lower_bound(sorted.begin(), sorted.end(), vertex<V>{id, {}}, by_id<V>);
  return it != sorted.end() && it->id == id ? &*it : nullptr;
}

// Collective: for the ids this rank asks about, project(record) of those present in the owners'
// tables (`owned`, this rank's table sorted by id), as records sorted by id; absent ids are
// missing from the answer.
template <class Out, class V, class Project>
[[nodiscard]] std::vector<vertex<Out>> lookup(const communicator& comm, std::vector<vertex_id> ids,
                                              std::span<const vertex<V>> owned, Project project) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  const auto p = static_cast<std::size_t>(comm.size());
  std::vector<std::vector<keyed<vertex_id, int>>> ask(p);
  for (const vertex_id id : ids) ask[static_cast<std::size_t>(owner(id, comm.size()))].push_back({id, comm.rank()});
  ids = {};
  std::vector<std::vector<vertex<Out>>> answer(p);
  for (const auto& q : exchange_records(comm, ask)) {
    if (const auto* found = find(owned, q.key)) answer[static_cast<std::size_t>(q.value)].push_back({q.key, project(*found)});
  }
  auto found = exchange_records(comm, answer);
  std::sort(found.begin(), found.end(), by_id<Out>);
  return found;
}

// Collective: a table of (key, value) records, each key given at most once over all ranks,
// moved to the keys' owners and sorted by key; `what` names the table in the error.
template <class T>
[[nodiscard]] std::vector<vertex<T>> keyed_table(const communicator& comm, std::vector<vertex<T>> records,
                                                 const char* what) {
  auto owned = route(comm, std::move(records), [](const vertex<T>& r) { return r.id; });
  std::sort(owned.begin(), owned.end(), by_id<T>);
  const bool unique = std::adjacent_find(owned.begin(), owned.end(), [](const auto& a, const auto& b) {
                        return a.id == b.id;
                      }) == owned.end();
  agree_that(comm, unique, std::string(what) + " holds a vertex id more than once", exit_code::usage);
  return owned;
}

}  // namespace eddy::routing
