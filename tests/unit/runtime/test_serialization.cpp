#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "eddy/runtime/serialization.hpp"

namespace eddy {
namespace {

struct labelled {
  std::string label;
  std::vector<std::uint64_t> path;
  template <class Archive>
  void serialize(Archive& a) {
    a(label, path);
  }
};

static_assert(travels_as_bytes<keyed<std::uint64_t, double>>);
static_assert(!travels_as_bytes<keyed<std::uint64_t, std::string>>);

TEST(Serialization, ValuesRoundTrip) {
  const labelled in{"abc", {1, 2, 3}};
  const auto out = from_bytes<labelled>(to_bytes(in));
  EXPECT_EQ(out.label, in.label);
  EXPECT_EQ(out.path, in.path);
  EXPECT_EQ(from_bytes<double>(to_bytes(2.5)), 2.5);
  EXPECT_THROW((void)from_bytes<double>(to_bytes(std::uint32_t{1})), error);
}

// Rank r sends rank d (d+1) records naming both; every record must arrive, in sender order.
template <class Make>
void exchange_all_pairs(Make make) {
  communicator comm;
  using T = decltype(make(0, 0, 0));
  std::vector<std::vector<T>> out(static_cast<std::size_t>(comm.size()));
  for (int d = 0; d < comm.size(); ++d) {
    for (int i = 0; i <= d; ++i) out[static_cast<std::size_t>(d)].push_back(make(comm.rank(), d, i));
  }
  const auto got = exchange_records(comm, out);
  std::vector<T> want;
  for (int s = 0; s < comm.size(); ++s) {
    for (int i = 0; i <= comm.rank(); ++i) want.push_back(make(s, comm.rank(), i));
  }
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(to_bytes(got[i]), to_bytes(want[i])) << i;
  }
  for (const auto& o : out) EXPECT_TRUE(o.empty());
}

TEST(Serialization, TrivialRecordsExchange) {
  exchange_all_pairs([](int s, int d, int i) {
    return keyed<std::uint64_t, double>{static_cast<std::uint64_t>(s * 100 + d), i + 0.5};
  });
}

TEST(Serialization, NonTrivialRecordsExchange) {
  exchange_all_pairs([](int s, int d, int i) {
    return keyed<std::string, labelled>{"from" + std::to_string(s),
                                        {std::string(static_cast<std::size_t>(d + i), 'x'),
                                         std::vector<std::uint64_t>(static_cast<std::size_t>(i), 7)}};
  });
}

}  // namespace
}  // namespace eddy
