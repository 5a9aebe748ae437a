#pragma once
// Named aggregators: values that vertices (or any per-element computation) fold into during a
// superstep and that everyone can read, reduced over all threads and ranks, in the next one.
#include <tbb/enumerable_thread_specific.h>

#include <cstddef>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "eddy/runtime/communicator.hpp"
#include "eddy/runtime/error.hpp"

namespace eddy {

class aggregator_base {
 public:
  virtual ~aggregator_base() = default;
  // Collective: folds this superstep's contributions of every thread and rank into the value
  // readable during the next superstep, and starts a new superstep from the identity.
  virtual void end_superstep(const communicator& comm) = 0;
  // The value of the previous superstep as bytes, for checkpoints, and back.
  [[nodiscard]] virtual std::vector<std::byte> saved() const = 0;
  virtual void restore(std::span<const std::byte> bytes) = 0;
};

template <class T>
class aggregator final : public aggregator_base {
  static_assert(std::is_trivially_copyable_v<T>, "aggregated values travel as bytes");

 public:
  using combine_fn = std::function<T(const T&, const T&)>;
  aggregator(T identity, combine_fn combine)
      : identity_(identity), combine_(std::move(combine)), local_(identity), previous_(identity) {}

  // Thread-safe: each thread folds into its own slot.
  void add(const T& value) {
    T& slot = local_.local();
    slot = combine_(slot, value);
  }
  // The value reduced at the end of the previous superstep (the identity before the first).
  [[nodiscard]] const T& previous() const noexcept { return previous_; }

  void end_superstep(const communicator& comm) override {
    T mine = identity_;
    for (const T& v : local_) mine = combine_(mine, v);
    local_.clear();
    // Gather then fold in rank order, so every rank computes the same value bit for bit even for
    // non-associative floating-point folds and user-defined operations.
    T all = identity_;
    for (const T& v : comm.all_gather(mine)) all = combine_(all, v);
    previous_ = all;
  }

  [[nodiscard]] std::vector<std::byte> saved() const override {
    const auto bytes = std::as_bytes(std::span<const T, 1>(&previous_, 1));
    return {bytes.begin(), bytes.end()};
  }
  void restore(std::span<const std::byte> bytes) override {
    if (bytes.size() != sizeof(T)) throw error("an aggregator's saved value has the wrong size");
    std::memcpy(&previous_, bytes.data(), sizeof(T));
  }

 private:
  T identity_;
  combine_fn combine_;
  tbb::enumerable_thread_specific<T> local_;
  T previous_;
};

class aggregator_registry {
 public:
  template <class T>
  aggregator<T>& add(const std::string& name, T identity, typename aggregator<T>::combine_fn combine) {
    auto owned = std::make_unique<aggregator<T>>(identity, std::move(combine));
    auto& ref = *owned;
    if (!entries_.emplace(name, std::move(owned)).second) throw error("aggregator '" + name + "' registered twice");
    return ref;
  }
  template <class T>
  aggregator<T>& sum(const std::string& name) {
    return add<T>(name, T{}, std::plus<T>{});
  }
  template <class T>
  aggregator<T>& min(const std::string& name, T identity) {
    return add<T>(name, identity, [](const T& a, const T& b) { return b < a ? b : a; });
  }
  template <class T>
  aggregator<T>& max(const std::string& name, T identity) {
    return add<T>(name, identity, [](const T& a, const T& b) { return a < b ? b : a; });
  }
  template <class T>
  [[nodiscard]] aggregator<T>& get(const std::string& name) const {
    const auto it = entries_.find(name);
    if (it == entries_.end()) throw error("no aggregator named '" + name + "'");
    auto* typed = dynamic_cast<aggregator<T>*>(it->second.get());
    if (typed == nullptr) throw error("aggregator '" + name + "' has another value type");
    return *typed;
  }
  void end_superstep(const communicator& comm) {
    for (auto& [name, agg] : entries_) agg->end_superstep(comm);  // std::map: same order on all ranks
  }
  // f(name, aggregator_base&) for each, by name.
  template <class F>
  void for_each(F&& f) const {
    for (const auto& [name, agg] : entries_) f(name, *agg);
  }

 private:
  std::map<std::string, std::unique_ptr<aggregator_base>> entries_;
};

}  // namespace eddy
