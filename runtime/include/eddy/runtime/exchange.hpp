#pragma once
// Typed all-to-all message exchange: the single path by which records travel between ranks.
// Senders fill per-destination flat buffers (reused between rounds, so steady-state exchanges do
// not allocate); one exchange moves them with the communicator's chunked all-to-all.
#include <cstring>
#include <span>
#include <type_traits>
#include <vector>

#include "eddy/runtime/communicator.hpp"

namespace eddy {

template <class T>
class outbox {
  static_assert(std::is_trivially_copyable_v<T>, "exchanged records must be trivially copyable");

 public:
  explicit outbox(int ranks) : buffers_(static_cast<std::size_t>(ranks)) {}

  void push(int destination, const T& item) { buffers_[static_cast<std::size_t>(destination)].push_back(item); }
  std::vector<T>& to(int destination) { return buffers_[static_cast<std::size_t>(destination)]; }
  [[nodiscard]] const std::vector<T>& to(int destination) const {
    return buffers_[static_cast<std::size_t>(destination)];
  }
  [[nodiscard]] int ranks() const noexcept { return static_cast<int>(buffers_.size()); }
  [[nodiscard]] std::size_t size() const noexcept {
    std::size_t n = 0;
    for (const auto& b : buffers_) n += b.size();
    return n;
  }
  void clear() noexcept {
    for (auto& b : buffers_) b.clear();
  }

 private:
  std::vector<std::vector<T>> buffers_;
};

template <class T>
struct inbox {
  std::vector<T> items;
  std::vector<std::size_t> offsets;  // items from rank s are [offsets[s], offsets[s+1])

  [[nodiscard]] std::span<const T> from(int source) const {
    const auto s = static_cast<std::size_t>(source);
    return std::span<const T>(items).subspan(offsets[s], offsets[s + 1] - offsets[s]);
  }
};

// Collective: `grouped` holds this rank's records by destination, counts[d] of them for rank d
// (a sender that can count first fills one buffer instead of an outbox that is copied again).
template <class T>
void exchange(const communicator& comm, std::span<const T> grouped, std::span<const std::size_t> counts,
              inbox<T>& in) {
  static_assert(std::is_trivially_copyable_v<T>, "exchanged records must be trivially copyable");
  const auto p = static_cast<std::size_t>(comm.size());
  std::vector<std::size_t> byte_counts(p);
  for (std::size_t d = 0; d < p; ++d) byte_counts[d] = counts[d] * sizeof(T);
  std::vector<std::size_t> recv_counts;
  const auto bytes = comm.exchange_bytes(std::as_bytes(grouped), byte_counts, recv_counts);
  in.items.resize(bytes.size() / sizeof(T));
  if (!bytes.empty()) std::memcpy(in.items.data(), bytes.data(), bytes.size());
  in.offsets.assign(p + 1, 0);
  for (std::size_t s = 0; s < p; ++s) in.offsets[s + 1] = in.offsets[s] + recv_counts[s] / sizeof(T);
}

// Collective: every rank passes its outbox; each receives what was addressed to it.
template <class T>
void exchange(const communicator& comm, const outbox<T>& out, inbox<T>& in) {
  const auto p = static_cast<std::size_t>(comm.size());
  std::vector<std::size_t> counts(p);
  for (std::size_t d = 0; d < p; ++d) counts[d] = out.to(static_cast<int>(d)).size();
  std::vector<T> grouped;
  grouped.reserve(out.size());
  for (std::size_t d = 0; d < p; ++d) {
    const auto& items = out.to(static_cast<int>(d));
    grouped.insert(grouped.end(), items.begin(), items.end());
  }
  exchange(comm, std::span<const T>(grouped), counts, in);
}

template <class T>
[[nodiscard]] inbox<T> exchange(const communicator& comm, const outbox<T>& out) {
  inbox<T> in;
  exchange(comm, out, in);
  return in;
}

}  // namespace eddy
