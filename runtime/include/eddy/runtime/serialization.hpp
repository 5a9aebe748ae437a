#pragma once
// One serialization layer for every iteration model. Trivially copyable records keep the
// zero-copy path (memcpy into the exchange buffers); any other type (strings, vectors, structs with
// a cereal `serialize` member) travels as a cereal binary archive, one archive per destination.
#include <cereal/archives/binary.hpp>
#include <cereal/types/array.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/tuple.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/vector.hpp>

#include <cstddef>
#include <cstring>
#include <span>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "eddy/runtime/communicator.hpp"
#include "eddy/runtime/error.hpp"
#include "eddy/runtime/exchange.hpp"

namespace eddy {

template <class T>
inline constexpr bool travels_as_bytes = std::is_trivially_copyable_v<T>;

// A value addressed to a key: the record every keyed model exchanges. Trivially copyable exactly
// when both halves are, so integer keys with numeric messages stay on the memcpy path.
template <class K, class V>
struct keyed {
  K key;
  V value;
  template <class Archive>
  void serialize(Archive& archive) {
    archive(key, value);
  }
};

// The bytes of one value, and back: what broadcasts and checkpoints of arbitrary types carry.
template <class T>
[[nodiscard]] std::vector<std::byte> to_bytes(const T& value) {
  if constexpr (travels_as_bytes<T>) {
    std::vector<std::byte> out(sizeof(T));
    std::memcpy(out.data(), &value, sizeof(T));
    return out;
  } else {
    std::ostringstream stream(std::ios::binary);
    {
      cereal::BinaryOutputArchive archive(stream);
      archive(value);
    }
    const std::string s = std::move(stream).str();
    const auto* p = reinterpret_cast<const std::byte*>(s.data());
    return {p, p + s.size()};
  }
}

template <class T>
[[nodiscard]] T from_bytes(std::span<const std::byte> bytes) {
  T value{};
  if constexpr (travels_as_bytes<T>) {
    if (bytes.size() != sizeof(T)) throw error("a serialized value has the wrong size");
    std::memcpy(&value, bytes.data(), sizeof(T));
  } else {
    std::istringstream stream(std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                              std::ios::binary);
    cereal::BinaryInputArchive archive(stream);
    archive(value);
  }
  return value;
}

// Collective: records[d] go to rank d (the buffers are emptied, keeping their capacity); returns
// every record addressed here, in sender-rank order and, within a sender, in sending order.
template <class T>
[[nodiscard]] std::vector<T> exchange_records(const communicator& comm, std::vector<std::vector<T>>& records) {
  const auto p = static_cast<std::size_t>(comm.size());
  std::vector<std::size_t> counts(p);
  std::vector<T> received;
  if constexpr (travels_as_bytes<T>) {
    std::size_t total = 0;
    for (std::size_t d = 0; d < p; ++d) total += counts[d] = records[d].size();
    std::vector<T> grouped;
    grouped.reserve(total);
    for (auto& r : records) {
      grouped.insert(grouped.end(), r.begin(), r.end());
      r.clear();
    }
    inbox<T> in;
    exchange(comm, std::span<const T>(grouped), counts, in);
    received = std::move(in.items);
  } else {
    std::vector<std::byte> send;
    for (std::size_t d = 0; d < p; ++d) {
      if (!records[d].empty()) {
        const auto bytes = to_bytes(records[d]);
        send.insert(send.end(), bytes.begin(), bytes.end());
        counts[d] = bytes.size();
      }
      records[d].clear();
    }
    std::vector<std::size_t> recv_counts;
    const auto bytes = comm.exchange_bytes(send, counts, recv_counts);
    std::size_t offset = 0;
    for (std::size_t s = 0; s < p; ++s) {
      if (recv_counts[s] == 0) continue;
      auto part = from_bytes<std::vector<T>>(std::span<const std::byte>(bytes).subspan(offset, recv_counts[s]));
      offset += recv_counts[s];
      for (auto& r : part) received.push_back(std::move(r));
    }
  }
  return received;
}

}  // namespace eddy
