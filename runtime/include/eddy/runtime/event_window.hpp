#pragma once
// Sliding event-time windows over a stream of keyed events, with a watermark for out-of-order
// arrival. The runtime knows nothing about graphs: the caller describes its events through a
// Traits class (for an edge stream: the key is the edge, inserts are adds, retracts are deletes,
// everything else, such as a weight change, passes through).
//
// Settings: window size W > 0, slide S > 0, max out-of-orderness D >= 0 (time units).
//
// - Window ends are the multiples of S (floor division, so negative times work). Firing the end E
//   brings the consumer to exactly the keys whose latest insert time t has E - W <= t < E and that
//   no retraction later in time order (and before E) removed.
// - Watermark = (largest event time offered so far) - D. An end E is due once watermark >= E.
// - offer(e) rejects a late event, one with time < the last fired end (before anything fired,
//   nothing is late): it returns false, keeps nothing and counts it in late_count(). Otherwise the
//   event is buffered and offer returns true.
// - next_batch(batch) fires the earliest due end E that has anything to do (a buffered event with
//   time < E, or a live key that expires at E: latest insert time < E - W); ends with nothing to
//   do are skipped, so a quiet stretch of the stream costs nothing. The batch (cleared first)
//   holds the buffered events with time < E in time order, equal times in arrival order, then
//   Traits::retraction(key, E - W) for every key whose latest insert time is < E - W after those
//   events, ordered by that insert time, equal times in the inserts' arrival order. An event of
//   the batch that has already expired (time < E - W) is still delivered, followed by its
//   retraction, so the consumer sees every event exactly once. Returns false when nothing is due.
// - finish() ends the stream: next_batch then fires ends as if the watermark were +infinity, but
//   only while buffered events remain, so the last end fired is the first multiple of S above the
//   latest event time. Expiries after it are not chased: the final state is the window at that end.
//
// Events are applied in time order (a late event could only break that order, hence the
// rejection), so "latest insert" is well defined. The window does not check that a retraction
// or a pass-through event refers to a live key; it hands them on and the consumer decides.
//
// Cost: offer is O(log n) (a heap of buffered events); a firing is O((k + x) log n) for the k
// events and x expiries it emits. Live keys sit in a hash map key -> (time, arrival number) and
// in a min-heap of (time, arrival number, key) whose entries go stale when their key is
// re-inserted or retracted and are dropped lazily when they reach the top, so no firing scans
// all live keys.
#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <cstring>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "eddy/runtime/error.hpp"

namespace eddy {

template <class Traits, class Event>
concept event_window_traits = requires(const Event& e, const typename Traits::key_type& k, std::int64_t t) {
  { Traits::time(e) } -> std::convertible_to<std::int64_t>;
  { Traits::key(e) } -> std::convertible_to<typename Traits::key_type>;
  { Traits::inserts(e) } -> std::convertible_to<bool>;
  { Traits::retracts(e) } -> std::convertible_to<bool>;
  { Traits::retraction(k, t) } -> std::convertible_to<Event>;
  { Traits::hash(k) } -> std::convertible_to<std::size_t>;
  { k == k } -> std::convertible_to<bool>;
};

struct window_settings {
  std::int64_t size = 0;                  // W
  std::int64_t slide = 0;                 // S
  std::int64_t max_out_of_orderness = 0;  // D
};

template <class Event, class Traits>
  requires event_window_traits<Traits, Event>
class event_window {
 public:
  using key_type = typename Traits::key_type;

  explicit event_window(const window_settings& settings) : settings_(settings) {
    if (settings.size <= 0) throw usage_error("window size must be positive, got " + std::to_string(settings.size));
    if (settings.slide <= 0) throw usage_error("window slide must be positive, got " + std::to_string(settings.slide));
    if (settings.max_out_of_orderness < 0)
      throw usage_error("max out-of-orderness must not be negative, got " +
                        std::to_string(settings.max_out_of_orderness));
  }

  bool offer(const Event& e) {
    if (finished_) throw error("event offered to a window after its stream finished");
    const std::int64_t t = Traits::time(e);
    if (last_fired_ && t < *last_fired_) {
      ++late_;
      return false;
    }
    // An event no window end can follow would sit in the buffer forever: a silent loss.
    if (!end_after(t)) throw error("event time " + std::to_string(t) + " lies beyond the last representable window end");
    max_time_ = max_time_ ? std::max(*max_time_, t) : t;
    pending_.push_back({t, arrivals_++, e});
    std::push_heap(pending_.begin(), pending_.end(), later<buffered_event>);
    return true;
  }

  bool next_batch(std::vector<Event>& batch) {
    batch.clear();
    const auto end = next_end();
    if (!end) return false;
    const std::int64_t e = *end;
    while (!pending_.empty() && pending_.front().time < e) {
      std::pop_heap(pending_.begin(), pending_.end(), later<buffered_event>);
      buffered_event b = std::move(pending_.back());
      pending_.pop_back();
      apply(b);
      batch.push_back(std::move(b.event));
    }
    while (!expiries_.empty() && expires_by(expiries_.front().time, e)) {
      std::pop_heap(expiries_.begin(), expiries_.end(), later<expiry>);
      expiry x = std::move(expiries_.back());
      expiries_.pop_back();
      if (!is_current(x)) continue;
      live_.erase(x.key);
      ++expired_;
      batch.push_back(Traits::retraction(x.key, e - settings_.size));
    }
    last_fired_ = e;
    return true;
  }

  void finish() noexcept { finished_ = true; }

  [[nodiscard]] std::optional<std::int64_t> last_fired_end() const noexcept { return last_fired_; }
  [[nodiscard]] std::optional<std::int64_t> watermark() const noexcept {
    if (!max_time_) return std::nullopt;
    // Saturate: a watermark below every representable time is simply "nothing is due".
    const auto lowest = std::numeric_limits<std::int64_t>::min();
    return *max_time_ < lowest + settings_.max_out_of_orderness ? lowest : *max_time_ - settings_.max_out_of_orderness;
  }
  [[nodiscard]] std::uint64_t late_count() const noexcept { return late_; }
  [[nodiscard]] std::uint64_t expired_count() const noexcept { return expired_; }
  [[nodiscard]] std::size_t live_keys() const noexcept { return live_.size(); }
  [[nodiscard]] std::size_t buffered() const noexcept { return pending_.size(); }
  [[nodiscard]] const window_settings& settings() const noexcept { return settings_; }

  // The whole state as bytes, for checkpoints (events and keys must be trivially copyable), and
  // back: a window restored from them fires exactly what this one would have fired.
  [[nodiscard]] std::vector<std::byte> saved() const
    requires std::is_trivially_copyable_v<Event> && std::is_trivially_copyable_v<key_type>
  {
    std::vector<std::byte> out;
    out.reserve(sizeof(state_counts) + pending_.size() * sizeof(buffered_event) + live_.size() * sizeof(expiry));
    const auto put = [&out](const auto& value) {
      const std::size_t at = out.size();
      out.resize(at + sizeof value);
      std::memcpy(out.data() + at, &value, sizeof value);
    };
    const state_counts counts{max_time_.has_value(), max_time_.value_or(0), last_fired_.has_value(),
                              last_fired_.value_or(0), arrivals_, late_, expired_, finished_ ? 1U : 0U,
                              pending_.size(), live_.size()};
    put(counts);
    for (const auto& b : pending_) put(b);
    for (const auto& [key, entry] : live_) put(expiry{entry.time, entry.arrival, key});
    return out;
  }
  void restore(std::span<const std::byte> bytes)
    requires std::is_trivially_copyable_v<Event> && std::is_trivially_copyable_v<key_type>
  {
    std::size_t at = 0;
    const auto get = [&](auto& value) {
      if (at + sizeof value > bytes.size()) throw error("a saved event window is cut short");
      std::memcpy(&value, bytes.data() + at, sizeof value);
      at += sizeof value;
    };
    state_counts counts{};
    get(counts);
    max_time_ = counts.has_max_time ? std::optional(counts.max_time) : std::nullopt;
    last_fired_ = counts.has_last_fired ? std::optional(counts.last_fired) : std::nullopt;
    arrivals_ = counts.arrivals;
    late_ = counts.late;
    expired_ = counts.expired;
    finished_ = counts.finished != 0;
    pending_.resize(counts.pending);
    for (auto& b : pending_) get(b);  // saved in heap order: still a heap
    live_.clear();
    expiries_.clear();
    for (std::uint64_t i = 0; i < counts.live; ++i) {
      expiry x{};
      get(x);
      live_.insert_or_assign(x.key, live_entry{x.time, x.arrival});
      expiries_.push_back(x);
    }
    std::make_heap(expiries_.begin(), expiries_.end(), later<expiry>);
    if (at != bytes.size()) throw error("a saved event window has trailing bytes");
  }

 private:
  struct state_counts {  // 8-byte fields only: no padding goes into a checkpoint
    std::uint64_t has_max_time;
    std::int64_t max_time;
    std::uint64_t has_last_fired;
    std::int64_t last_fired;
    std::uint64_t arrivals, late, expired;
    std::uint64_t finished;
    std::uint64_t pending, live;
  };
  struct buffered_event {
    std::int64_t time;
    std::uint64_t arrival;
    Event event;
  };
  struct expiry {
    std::int64_t time;
    std::uint64_t arrival;  // of the insert; identifies it, so a later insert makes this entry stale
    key_type key;
  };
  struct live_entry {
    std::int64_t time;
    std::uint64_t arrival;
  };
  struct key_hash {
    std::size_t operator()(const key_type& k) const { return Traits::hash(k); }
  };

  // Heap order for std::*_heap (a max-heap of this relation is a min-heap of (time, arrival)).
  template <class T>
  static bool later(const T& a, const T& b) {
    return a.time != b.time ? a.time > b.time : a.arrival > b.arrival;
  }

  // The first window end strictly after t, if it fits in 64 bits.
  [[nodiscard]] std::optional<std::int64_t> end_after(std::int64_t t) const {
    const std::int64_t s = settings_.slide;
    const std::int64_t q = t / s - (t % s < 0 ? 1 : 0);
    if (q >= std::numeric_limits<std::int64_t>::max() / s) return std::nullopt;
    return (q + 1) * s;
  }
  // Whether a key inserted at t is outside the window ending at e (t < e - W, without overflow).
  [[nodiscard]] bool expires_by(std::int64_t t, std::int64_t e) const {
    return t <= std::numeric_limits<std::int64_t>::max() - settings_.size && t + settings_.size < e;
  }
  [[nodiscard]] bool is_current(const expiry& x) const {
    const auto it = live_.find(x.key);
    return it != live_.end() && it->second.arrival == x.arrival;
  }

  // The earliest due end with something to do. Both candidates lie after the last fired end: a
  // buffered event is not late, and every key live after the last firing expires after it.
  [[nodiscard]] std::optional<std::int64_t> next_end() {
    while (!expiries_.empty() && !is_current(expiries_.front())) {
      std::pop_heap(expiries_.begin(), expiries_.end(), later<expiry>);
      expiries_.pop_back();
    }
    std::optional<std::int64_t> end;
    if (!pending_.empty()) end = end_after(pending_.front().time);
    if (!expiries_.empty()) {
      const std::int64_t t = expiries_.front().time;
      if (t <= std::numeric_limits<std::int64_t>::max() - settings_.size) {
        const auto x = end_after(t + settings_.size);
        if (x && (!end || *x < *end)) end = x;
      }
    }
    if (!end) return std::nullopt;
    if (finished_ && !pending_.empty()) return end;
    const auto mark = watermark();
    return mark && *end <= *mark ? end : std::nullopt;
  }

  void apply(const buffered_event& b) {
    if (Traits::inserts(b.event)) {
      key_type key = Traits::key(b.event);
      live_.insert_or_assign(key, live_entry{b.time, b.arrival});
      expiries_.push_back({b.time, b.arrival, std::move(key)});
      std::push_heap(expiries_.begin(), expiries_.end(), later<expiry>);
    } else if (Traits::retracts(b.event)) {
      live_.erase(Traits::key(b.event));
    }
  }

  window_settings settings_;
  std::vector<buffered_event> pending_;  // heap by (time, arrival)
  std::vector<expiry> expiries_;         // heap by (time, arrival), lazily invalidated
  std::unordered_map<key_type, live_entry, key_hash> live_;
  std::optional<std::int64_t> max_time_;
  std::optional<std::int64_t> last_fired_;
  std::uint64_t arrivals_ = 0;
  std::uint64_t late_ = 0;
  std::uint64_t expired_ = 0;
  bool finished_ = false;
};

}  // namespace eddy
