#pragma once
// Asking other ranks about keys they own: every rank sends each of its keys to the key's owner,
// which answers; the answers come back in the order of the keys.
#include <span>
#include <vector>

#include "eddy/runtime/exchange.hpp"

namespace eddy::detail {

// Collective. owner(key) -> rank; answer(key) runs on that rank and returns an Answer.
template <class Answer, class Key, class Owner, class Respond>
std::vector<Answer> ask_owners(const communicator& comm, std::span<const Key> keys, const Owner& owner,
                               const Respond& answer) {
  const int p = comm.size();
  std::vector<int> destination(keys.size());
  outbox<Key> requests(p);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    destination[i] = owner(keys[i]);
    requests.push(destination[i], keys[i]);
  }
  const auto asked = exchange(comm, requests);
  requests = outbox<Key>(p);
  outbox<Answer> answers(p);
  for (int s = 0; s < p; ++s) {
    for (const auto& key : asked.from(s)) answers.push(s, answer(key));
  }
  const auto got = exchange(comm, answers);
  std::vector<std::size_t> cursor(got.offsets.begin(), got.offsets.end() - 1);
  std::vector<Answer> result(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i)
    result[i] = got.items[cursor[static_cast<std::size_t>(destination[i])]++];
  return result;
}

}  // namespace eddy::detail
