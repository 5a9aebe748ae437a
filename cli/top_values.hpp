#pragma once
// `--top K`: the K vertices with the largest values over all ranks, printed by rank 0.
#include <algorithm>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "eddy/io/vertex_value_writer.hpp"
#include "eddy/runtime/communicator.hpp"

namespace eddy::cli {

template <class T>
void print_top_values(const communicator& comm, std::span<const std::uint64_t> ids, std::span<const T> values,
                      std::size_t k) {
  struct entry {
    std::uint64_t id;
    T value;
  };
  // Largest value first; equal values by ascending id, so the list does not depend on ranks.
  const auto before = [](const entry& a, const entry& b) { return a.value != b.value ? a.value > b.value : a.id < b.id; };
  std::vector<entry> mine(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) mine[i] = {ids[i], values[i]};
  const auto keep = std::min(k, mine.size());
  std::partial_sort(mine.begin(), mine.begin() + static_cast<std::ptrdiff_t>(keep), mine.end(), before);
  mine.resize(keep);
  auto all = comm.all_gather_v<entry>(mine);
  std::sort(all.begin(), all.end(), before);
  all.resize(std::min(k, all.size()));
  if (comm.rank() != 0) return;
  std::string text;
  for (const auto& e : all) io::append_line(text, e.id, e.value);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace eddy::cli
