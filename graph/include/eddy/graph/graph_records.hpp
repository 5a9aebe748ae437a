#pragma once
// The records of Gelly's Graph API: a vertex (id and value) and an edge (source, target and value),
// with `no_value` for graphs whose vertices or edges carry none (Gelly's NullValue). Records of
// trivially copyable values travel between ranks as bytes; any other value type needs a cereal
// `serialize` member (or a cereal-known type such as std::string or std::vector).
#include <compare>
#include <concepts>
#include <tuple>

#include "eddy/graph/types.hpp"

namespace eddy {

struct no_value {
  auto operator<=>(const no_value&) const = default;
  template <class Archive>
  void serialize(Archive&) {}
};

template <class VV>
struct vertex {
  vertex_id id = 0;
  VV value{};
  bool operator==(const vertex&) const = default;
  template <class Archive>
  void serialize(Archive& archive) {
    archive(id, value);
  }
};

template <class EV>
struct edge {
  vertex_id source = 0;
  vertex_id target = 0;
  EV value{};
  bool operator==(const edge&) const = default;
  template <class Archive>
  void serialize(Archive& archive) {
    archive(source, target, value);
  }
};

// The order edges are kept in: by endpoints, then by value when values are ordered, so that a
// rank's edges (and whatever keeps "the first" of several) do not depend on the rank count.
template <class EV>
[[nodiscard]] bool edge_less(const edge<EV>& a, const edge<EV>& b) {
  if constexpr (std::totally_ordered<EV>) {
    return std::tie(a.source, a.target, a.value) < std::tie(b.source, b.target, b.value);
  } else {
    return std::tie(a.source, a.target) < std::tie(b.source, b.target);
  }
}

}  // namespace eddy
