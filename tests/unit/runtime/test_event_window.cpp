#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "eddy/runtime/event_window.hpp"

namespace eddy {
namespace {

enum class kind : std::uint8_t { add, remove, touch };

struct event {
  std::int64_t time = 0;
  std::uint32_t key = 0;
  kind what = kind::add;
  int id = -1;  // position in the offered stream; -1 for a retraction made by the window
};

struct event_traits {
  using key_type = std::uint32_t;
  static std::size_t hash(const key_type& k) { return std::hash<key_type>{}(k); }
  static std::int64_t time(const event& e) { return e.time; }
  static key_type key(const event& e) { return e.key; }
  static bool inserts(const event& e) { return e.what == kind::add; }
  static bool retracts(const event& e) { return e.what == kind::remove; }
  static event retraction(const key_type& k, std::int64_t t) { return {t, k, kind::remove, -1}; }
};

using window = event_window<event, event_traits>;

// "+K@T" for an add, "-K@T" for a remove, "~K@T" for a pass-through event; a window's own
// retraction is marked with a trailing "x".
std::string show(const std::vector<event>& batch) {
  std::string out;
  for (const auto& e : batch) {
    if (!out.empty()) out += ' ';
    out += e.what == kind::add ? '+' : e.what == kind::remove ? '-' : '~';
    out += std::to_string(e.key) + '@' + std::to_string(e.time);
    if (e.id < 0) out += 'x';
  }
  return out;
}

std::vector<std::string> drain(window& w) {
  std::vector<std::string> batches;
  std::vector<event> batch;
  while (w.next_batch(batch)) batches.push_back(std::to_string(*w.last_fired_end()) + ": " + show(batch));
  return batches;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - (a % b < 0 ? 1 : 0); }

// Recomputes everything from the accepted events alone, straight from the definition, at every
// window end it is asked about.
class brute_force_model {
 public:
  explicit brute_force_model(const window_settings& s) : s_(s) {}

  void accept(const event& e) {
    accepted_.push_back(e);
    max_time_ = max_time_ ? std::max(*max_time_, e.time) : e.time;
  }
  [[nodiscard]] std::optional<std::int64_t> watermark() const {
    if (!max_time_) return std::nullopt;
    return *max_time_ - s_.max_out_of_orderness;
  }
  [[nodiscard]] bool any_at_or_after(std::optional<std::int64_t> from) const {
    return std::any_of(accepted_.begin(), accepted_.end(), [&](const event& e) { return !from || e.time >= *from; });
  }
  [[nodiscard]] std::size_t count_at_or_after(std::int64_t from) const {
    return static_cast<std::size_t>(
        std::count_if(accepted_.begin(), accepted_.end(), [&](const event& e) { return e.time >= from; }));
  }

  // The accepted events with from <= time < end (any time < end without from), in time order,
  // equal times in stream order.
  [[nodiscard]] std::vector<event> between(std::optional<std::int64_t> from, std::int64_t end) const {
    std::vector<event> out;
    for (const auto& e : accepted_)
      if ((!from || e.time >= *from) && e.time < end) out.push_back(e);
    std::stable_sort(out.begin(), out.end(), [](const event& a, const event& b) { return a.time < b.time; });
    return out;
  }

  // Key -> the last insert (time, id) of every key present after all events with time < end,
  // ignoring expiry.
  [[nodiscard]] std::map<std::uint32_t, std::pair<std::int64_t, int>> present(std::int64_t end) const {
    std::map<std::uint32_t, std::pair<std::int64_t, int>> keys;
    for (const auto& e : between(std::nullopt, end)) {
      if (e.what == kind::add) keys[e.key] = {e.time, e.id};
      if (e.what == kind::remove) keys.erase(e.key);
    }
    return keys;
  }

  [[nodiscard]] std::set<std::uint32_t> live(std::int64_t end) const {
    std::set<std::uint32_t> out;
    for (const auto& [k, last] : present(end))
      if (last.first >= end - s_.size) out.insert(k);
    return out;
  }

  // The window's own retractions when `end` fires after `previous`: keys present at end whose
  // last insert is outside the window but was not already outside at previous.
  [[nodiscard]] std::vector<event> expiries(std::optional<std::int64_t> previous, std::int64_t end) const {
    std::vector<std::pair<std::pair<std::int64_t, int>, std::uint32_t>> due;
    for (const auto& [k, last] : present(end))
      if (last.first < end - s_.size && (!previous || last.first >= *previous - s_.size)) due.push_back({last, k});
    std::sort(due.begin(), due.end());
    std::vector<event> out;
    out.reserve(due.size());
    for (const auto& d : due) out.push_back(event_traits::retraction(d.second, end - s_.size));
    return out;
  }

  // The first multiple of S after `previous` (or after nothing) up to `limit` at which firing
  // would change something: an event to deliver or a live key to drop.
  [[nodiscard]] std::optional<std::int64_t> next_end(std::optional<std::int64_t> previous, std::int64_t limit) const {
    if (accepted_.empty()) return std::nullopt;
    const auto min_time =
        std::min_element(accepted_.begin(), accepted_.end(), [](auto& a, auto& b) { return a.time < b.time; })->time;
    // Past the latest event plus W nothing changes any more.
    limit = std::min(limit, *max_time_ + s_.size + 2 * s_.slide);
    std::int64_t e = previous ? *previous + s_.slide : (floor_div(min_time, s_.slide) + 1) * s_.slide;
    for (; e <= limit; e += s_.slide) {
      if (!between(previous, e).empty()) return e;
      if (previous && live(e) != live(*previous)) return e;
    }
    return std::nullopt;
  }

 private:
  window_settings s_;
  std::vector<event> accepted_;
  std::optional<std::int64_t> max_time_;
};

// Drives a window and the model side by side and checks every batch against the model.
class checked_run {
 public:
  explicit checked_run(const window_settings& s) : w_(s), model_(s) {}

  void offer(const event& e) {
    const bool late = last_ && e.time < *last_;
    EXPECT_EQ(w_.offer(e), !late) << "event " << e.id << " at " << e.time;
    if (late) {
      ++late_;
    } else {
      model_.accept(e);
    }
    EXPECT_EQ(w_.late_count(), late_);
    EXPECT_EQ(w_.watermark(), model_.watermark());
  }

  void finish() {
    w_.finish();
    finished_ = true;
  }

  void drain() {
    std::vector<event> batch;
    while (true) {
      const bool flushing = finished_ && model_.any_at_or_after(last_);
      const std::int64_t limit =
          flushing ? std::numeric_limits<std::int64_t>::max() / 2 : model_.watermark().value_or(INT64_MIN / 2);
      const auto expected_end = model_.next_end(last_, limit);
      if (!w_.next_batch(batch)) {
        EXPECT_FALSE(expected_end) << "end " << *expected_end << " was due but did not fire";
        EXPECT_TRUE(batch.empty());
        return;
      }
      const std::int64_t e = *w_.last_fired_end();
      ASSERT_EQ(expected_end, e) << "fired the wrong window end";
      check_batch(batch, e);
      last_ = e;
    }
  }

  [[nodiscard]] const window& win() const { return w_; }
  [[nodiscard]] const brute_force_model& model() const { return model_; }

 private:
  void check_batch(const std::vector<event>& batch, std::int64_t e) {
    auto expected = model_.between(last_, e);
    const auto expiries = model_.expiries(last_, e);
    expected.insert(expected.end(), expiries.begin(), expiries.end());
    EXPECT_EQ(show(batch), show(expected)) << "batch at end " << e;
    for (const auto& x : batch) {
      if (x.what == kind::add) applied_.insert(x.key);
      if (x.what == kind::remove) applied_.erase(x.key);
    }
    expired_ += expiries.size();
    EXPECT_EQ(applied_, model_.live(e)) << "live set after end " << e;
    EXPECT_EQ(w_.live_keys(), applied_.size());
    EXPECT_EQ(w_.expired_count(), expired_);
    EXPECT_EQ(w_.buffered(), model_.count_at_or_after(e));
  }

  window w_;
  brute_force_model model_;
  std::set<std::uint32_t> applied_;  // the consumer's state: every batch applied in order
  std::optional<std::int64_t> last_;
  std::uint64_t late_ = 0;
  std::uint64_t expired_ = 0;
  bool finished_ = false;
};

struct random_case {
  window_settings settings;
  std::int64_t start;
  unsigned seed;
};

// A random stream of adds, removes and pass-through events, mostly within the allowed disorder
// and a few stragglers beyond it (which may arrive late), with where a consumer drains the window.
struct scheduled_event {
  event e;
  bool drain_after;
};
std::vector<scheduled_event> draw_stream(const random_case& c) {
  std::mt19937_64 rng(c.seed);
  auto below = [&](std::int64_t n) { return static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(n)); };
  std::vector<scheduled_event> stream;
  std::int64_t clock = c.start;
  const std::int64_t d = c.settings.max_out_of_orderness;
  for (int i = 0; i < 400; ++i) {
    clock += below(4);
    const auto key = static_cast<std::uint32_t>(below(12));
    const auto roll = below(10);
    const kind what = roll < 6 ? kind::add : roll < 8 ? kind::remove : kind::touch;
    const std::int64_t time = below(20) == 0 ? clock - d - 1 - below(30) : clock - below(d + 1);
    stream.push_back({{time, key, what, i}, below(3) == 0});
  }
  return stream;
}

void run_random(const random_case& c) {
  SCOPED_TRACE("W=" + std::to_string(c.settings.size) + " S=" + std::to_string(c.settings.slide) +
               " D=" + std::to_string(c.settings.max_out_of_orderness) + " start=" + std::to_string(c.start) +
               " seed=" + std::to_string(c.seed));
  checked_run run(c.settings);
  const std::int64_t d = c.settings.max_out_of_orderness;
  for (const auto& next : draw_stream(c)) {
    run.offer(next.e);
    if (::testing::Test::HasFatalFailure()) return;
    if (next.drain_after) run.drain();
    if (::testing::Test::HasFatalFailure()) return;
  }
  run.drain();
  run.finish();
  const bool buffered_at_finish = run.win().buffered() > 0;
  run.drain();
  EXPECT_EQ(run.win().buffered(), 0U);
  if (buffered_at_finish) {
    const std::int64_t last = *run.model().watermark() + d;  // the latest accepted time
    EXPECT_EQ(run.win().last_fired_end(), (floor_div(last, c.settings.slide) + 1) * c.settings.slide);
  }
}

TEST(EventWindow, RandomStreamsMatchBruteForceModel) {
  const std::vector<random_case> cases = {
      {{20, 5, 0}, 0, 1},     {{20, 5, 7}, 0, 2},     {{20, 5, 7}, -300, 3}, {{10, 10, 3}, 5, 4},
      {{10, 10, 0}, -77, 5},  {{6, 15, 4}, 0, 6},     {{6, 15, 4}, -500, 7}, {{1, 1, 0}, -20, 8},
      {{3, 1, 2}, 100, 9},    {{50, 7, 11}, -123, 10}, {{7, 3, 20}, -40, 11}, {{5, 40, 1}, -1000, 12},
  };
  for (const auto& c : cases) run_random(c);
}

// Offers events [first, last) of the stream, draining where the schedule says; returns the
// batches fired.
std::vector<std::string> feed(window& w, const std::vector<scheduled_event>& stream, std::size_t first,
                              std::size_t last) {
  std::vector<std::string> fired;
  for (std::size_t i = first; i < last; ++i) {
    (void)w.offer(stream[i].e);
    if (!stream[i].drain_after) continue;
    const auto more = drain(w);
    fired.insert(fired.end(), more.begin(), more.end());
  }
  return fired;
}

// A window saved half-way (as a checkpoint does) and restored into a new one fires what the
// original would have fired, and counts the same late and expired events.
TEST(EventWindow, RestoredWindowFiresAsTheOriginal) {
  for (const random_case c : {random_case{{20, 5, 7}, -300, 21}, random_case{{10, 10, 0}, 5, 22},
                              random_case{{6, 15, 4}, 0, 23}, random_case{{50, 7, 11}, -123, 24}}) {
    SCOPED_TRACE("seed " + std::to_string(c.seed));
    const auto stream = draw_stream(c);
    window whole(c.settings);
    auto expected = feed(whole, stream, 0, stream.size());
    whole.finish();
    const auto tail = drain(whole);
    expected.insert(expected.end(), tail.begin(), tail.end());

    for (const std::size_t cut : {std::size_t{1}, stream.size() / 3, stream.size() / 2, stream.size() - 1}) {
      window before(c.settings);
      auto got = feed(before, stream, 0, cut);
      window after(c.settings);
      after.restore(before.saved());
      EXPECT_EQ(after.buffered(), before.buffered());
      EXPECT_EQ(after.live_keys(), before.live_keys());
      const auto rest = feed(after, stream, cut, stream.size());
      got.insert(got.end(), rest.begin(), rest.end());
      after.finish();
      const auto last = drain(after);
      got.insert(got.end(), last.begin(), last.end());
      EXPECT_EQ(got, expected) << "restored after " << cut << " events";
      EXPECT_EQ(after.late_count(), whole.late_count());
      EXPECT_EQ(after.expired_count(), whole.expired_count());
    }
  }
}

TEST(EventWindow, RestoringCutShortBytesFails) {
  window w({10, 5, 2});
  (void)w.offer({3, 1, kind::add, 0});
  auto bytes = w.saved();
  bytes.pop_back();
  window other({10, 5, 2});
  EXPECT_THROW(other.restore(bytes), error);
}

TEST(EventWindow, RejectsBadSettings) {
  EXPECT_THROW(window({0, 1, 0}), usage_error);
  EXPECT_THROW(window({-5, 1, 0}), usage_error);
  EXPECT_THROW(window({10, 0, 0}), usage_error);
  EXPECT_THROW(window({10, -1, 0}), usage_error);
  EXPECT_THROW(window({10, 5, -1}), usage_error);
  EXPECT_NO_THROW(window({1, 1, 0}));
}

TEST(EventWindow, KeysExpireWhenTheirInsertLeavesTheWindow) {
  window w({10, 5, 0});
  EXPECT_FALSE(w.watermark());
  w.offer({1, 1, kind::add, 0});
  w.offer({7, 2, kind::add, 1});
  w.offer({30, 3, kind::add, 2});
  EXPECT_EQ(w.watermark(), 30);
  // 25 and 30 have nothing to do; the add at 30 waits for end 35.
  EXPECT_EQ(drain(w), (std::vector<std::string>{"5: +1@1", "10: +2@7", "15: -1@5x", "20: -2@10x"}));
  EXPECT_EQ(w.last_fired_end(), 20);
  EXPECT_EQ(w.live_keys(), 0U);
  EXPECT_EQ(w.expired_count(), 2U);
  EXPECT_EQ(w.buffered(), 1U);
}

TEST(EventWindow, ReinsertRefreshesTheKeysTime) {
  window w({10, 10, 0});
  w.offer({1, 1, kind::add, 0});
  w.offer({12, 1, kind::add, 1});
  w.offer({15, 1, kind::touch, 2});  // passes through without refreshing
  w.offer({45, 9, kind::add, 3});
  EXPECT_EQ(drain(w), (std::vector<std::string>{"10: +1@1", "20: +1@12 ~1@15", "30: -1@20x"}));
  EXPECT_EQ(w.expired_count(), 1U);
}

TEST(EventWindow, RetractBeforeExpiryLeavesNothingToExpire) {
  window w({10, 10, 0});
  w.offer({1, 1, kind::add, 0});
  w.offer({3, 1, kind::remove, 1});
  w.offer({40, 2, kind::add, 2});
  EXPECT_EQ(drain(w), (std::vector<std::string>{"10: +1@1 -1@3"}));
  EXPECT_EQ(w.live_keys(), 0U);
  EXPECT_EQ(w.expired_count(), 0U);
}

TEST(EventWindow, EqualTimesKeepArrivalOrder) {
  window w({10, 10, 0});
  w.offer({5, 1, kind::add, 0});
  w.offer({5, 1, kind::remove, 1});
  w.offer({5, 2, kind::remove, 2});
  w.offer({5, 2, kind::add, 3});
  w.offer({5, 3, kind::add, 4});
  w.offer({20, 0, kind::touch, 5});
  // Retractions of equal insert times follow the inserts' arrival order: 2 before 3.
  EXPECT_EQ(drain(w), (std::vector<std::string>{"10: +1@5 -1@5 -2@5 +2@5 +3@5", "20: -2@10x -3@10x"}));
}

TEST(EventWindow, InsertAlreadyExpiredIsFollowedByItsRetraction) {
  window w({5, 20, 0});
  w.offer({1, 4, kind::add, 0});
  w.offer({40, 5, kind::touch, 1});
  EXPECT_EQ(drain(w), (std::vector<std::string>{"20: +4@1 -4@15x"}));
}

TEST(EventWindow, NegativeTimesUseFloorDivision) {
  window w({10, 10, 0});
  w.offer({-15, 1, kind::add, 0});
  w.offer({-5, 2, kind::add, 1});
  w.offer({0, 3, kind::touch, 2});
  EXPECT_EQ(drain(w), (std::vector<std::string>{"-10: +1@-15", "0: +2@-5 -1@-10x"}));
}

TEST(EventWindow, NothingFiresBeforeTheWatermarkReachesTheEnd) {
  window w({10, 10, 5});
  w.offer({3, 1, kind::add, 0});
  w.offer({12, 2, kind::add, 1});
  EXPECT_EQ(w.watermark(), 7);
  EXPECT_TRUE(drain(w).empty());
  EXPECT_FALSE(w.last_fired_end());
  EXPECT_TRUE(w.offer({0, 3, kind::add, 2}));  // nothing fired yet, so nothing is late
  w.offer({15, 4, kind::add, 3});
  EXPECT_EQ(drain(w), (std::vector<std::string>{"10: +3@0 +1@3"}));
}

TEST(EventWindow, LateEventsAreRejectedAndCounted) {
  window w({10, 5, 2});
  EXPECT_TRUE(w.offer({10, 1, kind::add, 0}));
  EXPECT_TRUE(w.offer({20, 2, kind::add, 1}));
  // Watermark 18: the window holding time 10 (ending at 15) fires, the one ending at 20 not yet.
  EXPECT_EQ(drain(w), (std::vector<std::string>{"15: +1@10"}));
  EXPECT_FALSE(w.offer({5, 3, kind::add, 2}));
  EXPECT_EQ(w.late_count(), 1U);
  EXPECT_EQ(w.buffered(), 1U);
  EXPECT_TRUE(w.offer({15, 4, kind::add, 3}));  // at the last fired end: not late
  EXPECT_EQ(w.late_count(), 1U);
  w.finish();
  EXPECT_EQ(drain(w), (std::vector<std::string>{"20: +4@15", "25: +2@20 -1@15x"}));
  EXPECT_THROW(w.offer({30, 5, kind::add, 4}), error);
}

TEST(EventWindow, FinishFlushesBufferedEventsButDoesNotChaseExpiries) {
  window w({10, 10, 100});
  w.offer({3, 1, kind::add, 0});
  w.offer({14, 2, kind::add, 1});
  w.offer({27, 3, kind::add, 2});
  EXPECT_TRUE(drain(w).empty());
  w.finish();
  EXPECT_EQ(drain(w), (std::vector<std::string>{"10: +1@3", "20: +2@14 -1@10x", "30: +3@27 -2@20x"}));
  EXPECT_EQ(w.last_fired_end(), 30);
  EXPECT_EQ(w.live_keys(), 1U);
  EXPECT_EQ(w.buffered(), 0U);
}

TEST(EventWindow, FinishWithoutEventsFiresNothing) {
  window w({5, 10, 0});
  w.finish();
  std::vector<event> batch{{1, 1, kind::add, 0}};
  EXPECT_FALSE(w.next_batch(batch));
  EXPECT_TRUE(batch.empty());
}

}  // namespace
}  // namespace eddy
