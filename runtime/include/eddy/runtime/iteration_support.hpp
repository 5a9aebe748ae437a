#pragma once
// What the iteration models (bulk, delta, scatter-gather, gather-sum-apply) share: their options
// (limits, convergence, hooks), the aggregators and broadcast values a user function can read,
// key partitioning, and the run loop that wraps a step with the hooks and hands it to the driver.
#include <algorithm>
#include <any>
#include <bit>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "eddy/runtime/aggregators.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/serialization.hpp"
#include "eddy/runtime/superstep_driver.hpp"

namespace eddy {

// Values set before a run on rank 0 (or on every rank alike); at the start of the run rank 0's
// copy is sent to all ranks, so every step reads the same value.
class broadcast_set {
 public:
  template <class T>
  void set(const std::string& name, T value) {
    entry e;
    e.value = std::move(value);
    e.share = [](const communicator& comm, std::any& v) {
      auto bytes = comm.rank() == 0 ? to_bytes(std::any_cast<const T&>(v)) : std::vector<std::byte>{};
      comm.broadcast(bytes, 0);
      v = from_bytes<T>(bytes);
    };
    entries_[name] = std::move(e);
  }
  template <class T>
  [[nodiscard]] const T& get(const std::string& name) const {
    const auto it = entries_.find(name);
    if (it == entries_.end()) throw error("no broadcast value named '" + name + "'");
    const T* typed = std::any_cast<T>(&it->second.value);
    if (typed == nullptr) throw error("broadcast value '" + name + "' has another type");
    return *typed;
  }
  // Collective: every rank must hold the same names (std::map: same order everywhere).
  void share(const communicator& comm) {
    for (auto& [name, e] : entries_) e.share(comm, e.value);
  }

 private:
  struct entry {
    std::any value;
    std::function<void(const communicator&, std::any&)> share;
  };
  std::map<std::string, entry> entries_;
};

// The state every model owns beside its data.
struct iteration_state {
  aggregator_registry aggregators;
  broadcast_set broadcasts;
};

// What a user function can see of the iteration, whatever the model.
class iteration_view {
 public:
  iteration_view(iteration_state& state, std::uint64_t superstep) : state_(&state), superstep_(superstep) {}
  [[nodiscard]] std::uint64_t superstep() const noexcept { return superstep_; }
  // Contributes to this superstep's value; readable everywhere in the next one.
  template <class T>
  [[nodiscard]] aggregator<T>& aggregator(const std::string& name) const {
    return state_->aggregators.template get<T>(name);
  }
  template <class T>
  [[nodiscard]] const T& previous(const std::string& name) const {
    return state_->aggregators.template get<T>(name).previous();
  }
  template <class T>
  [[nodiscard]] const T& broadcast(const std::string& name) const {
    return state_->broadcasts.template get<T>(name);
  }

 private:
  iteration_state* state_;
  std::uint64_t superstep_;
};

using iteration_hook = std::function<void(const iteration_view&)>;

struct iteration_options {
  std::uint64_t max_iterations = std::numeric_limits<std::uint64_t>::max();
  // Checked after aggregation; true stops the run (Flink's convergence criterion).
  std::function<bool(std::uint64_t superstep, const aggregator_registry&)> converged;
  std::function<void(const superstep_metrics&)> on_superstep;
  iteration_hook pre_superstep;   // on every rank before the superstep's compute
  iteration_hook post_superstep;  // on every rank after aggregation: the superstep's aggregates are readable
};

// Owner of a key: by hash (default) or by range, with splitters[i] the first key of rank i + 1.
template <class K>
using key_partition = std::function<int(const K& key, int ranks)>;

// The rank of a 64-bit key under hash placement: what hash_partition does, callable without a
// std::function in loops over millions of records.
[[nodiscard]] inline int hash_owner(std::uint64_t x, int ranks) noexcept {
  x += 0x9e3779b97f4a7c15ULL;  // splitmix64: neighbouring integer keys land on different ranks
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return static_cast<int>((x ^ (x >> 31)) % static_cast<std::uint64_t>(ranks));
}

template <class K>
[[nodiscard]] key_partition<K> hash_partition() {
  return [](const K& key, int ranks) {
    if constexpr (std::is_integral_v<K>) {
      return hash_owner(static_cast<std::uint64_t>(key), ranks);
    } else {
      return hash_owner(std::hash<K>{}(key), ranks);
    }
  };
}

template <class K>
[[nodiscard]] key_partition<K> range_partition(std::vector<K> splitters) {
  return [s = std::move(splitters)](const K& key, int ranks) {
    const auto r = static_cast<int>(std::upper_bound(s.begin(), s.end(), key) - s.begin());
    return std::min(r, ranks - 1);
  };
}

// Records addressed to keys, routed to the keys' owners and grouped there by key: the message
// path of the keyed models and how their initial data reaches its owners.
template <class K, class M>
class keyed_mail {
 public:
  keyed_mail(const communicator& comm, key_partition<K> partition)
      : comm_(&comm), partition_(std::move(partition)), out_(static_cast<std::size_t>(comm.size())) {}

  [[nodiscard]] int owner(const K& key) const { return partition_(key, comm_->size()); }
  void send(const K& key, M message) {
    out_[static_cast<std::size_t>(owner(key))].push_back({key, std::move(message)});
    ++sent_;
  }
  // Messages sent since the last call.
  std::uint64_t take_sent() noexcept { return std::exchange(sent_, 0); }
  // Collective: replaces the inbox with what was sent here; a key's messages arrive in sender-rank
  // order. Returns how many arrived.
  std::uint64_t deliver() {
    auto records = exchange_records(*comm_, out_);
    inbox_.clear();
    for (auto& r : records) inbox_[r.key].push_back(std::move(r.value));
    return records.size();
  }
  [[nodiscard]] std::map<K, std::vector<M>>& inbox() noexcept { return inbox_; }
  [[nodiscard]] const key_partition<K>& partition() const noexcept { return partition_; }

 private:
  const communicator* comm_;
  key_partition<K> partition_;
  std::vector<std::vector<keyed<K, M>>> out_;
  std::map<K, std::vector<M>> inbox_;
  std::uint64_t sent_ = 0;
};

// Collective: sends each rank's (key, value) pairs to the keys' owners, grouped there by key —
// how static tables (edges, points) are co-partitioned with an iteration's state.
template <class K, class V>
[[nodiscard]] std::map<K, std::vector<V>> group_by_key(const communicator& comm, const key_partition<K>& partition,
                                                       std::vector<std::pair<K, V>> entries) {
  keyed_mail<K, V> mail(comm, partition);
  for (auto& [k, v] : entries) mail.send(k, std::move(v));
  mail.deliver();
  return std::move(mail.inbox());
}

// The same for a table with one value per key; a key given twice is an error on every rank.
template <class K, class V>
[[nodiscard]] std::map<K, V> distribute_by_key(const communicator& comm, const key_partition<K>& partition,
                                               std::vector<std::pair<K, V>> entries, const char* what) {
  std::map<K, V> owned;
  auto grouped = group_by_key(comm, partition, std::move(entries));
  agree(comm, [&] {
    for (auto& [k, values] : grouped) {
      if (values.size() != 1) throw error(std::string(what) + " holds a key more than once");
      owned.emplace(k, std::move(values.front()));
    }
  });
  return owned;
}

// Runs `step` on the superstep driver with the hooks around each superstep; broadcast values are
// shared first.
template <superstep_step Step>
run_metrics run_iteration(const communicator& comm, iteration_state& state, Step& step,
                          const iteration_options& options) {
  state.broadcasts.share(comm);
  struct hooked {
    Step& inner;
    iteration_state& state;
    const iteration_options& options;
    step_counts compute(std::uint64_t superstep) {
      if (options.pre_superstep) options.pre_superstep(iteration_view(state, superstep));
      return inner.compute(superstep);
    }
    std::uint64_t exchange() { return inner.exchange(); }
  } wrapped{step, state, options};
  superstep_options driver;
  driver.max_supersteps = options.max_iterations;
  driver.converged = options.converged;
  driver.on_superstep = [&](const superstep_metrics& m) {
    if (options.post_superstep) options.post_superstep(iteration_view(state, m.superstep));
    if (options.on_superstep) options.on_superstep(m);
  };
  return run_supersteps(comm, state.aggregators, wrapped, driver);
}

}  // namespace eddy
