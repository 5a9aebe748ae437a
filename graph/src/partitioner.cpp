#include "eddy/graph/partitioner.hpp"

#include <tbb/parallel_sort.h>

#include <algorithm>

#include "eddy/runtime/distributed_sort.hpp"
#include "eddy/runtime/error.hpp"
#include "eddy/runtime/exchange.hpp"

namespace eddy {

void merge_sorted_weights(std::vector<vertex_weight>& sorted) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (out > 0 && sorted[out - 1].id == sorted[i].id) {
      sorted[out - 1].degree += sorted[i].degree;
      sorted[out - 1].declared |= sorted[i].declared;
    } else {
      sorted[out++] = sorted[i];
    }
  }
  sorted.resize(out);
}

namespace {

class chunk_partitioner final : public partitioner {
 public:
  chunk_partitioner() = default;
  explicit chunk_partitioner(std::vector<vertex_id> first_ids) { set_starts(std::move(first_ids)); }

  [[nodiscard]] std::string name() const override { return "chunk"; }
  [[nodiscard]] bool ordered() const override { return true; }

  std::vector<vertex_weight> assign(const communicator& comm, std::vector<vertex_weight> partial) override {
    const int p = comm.size();
    auto sorted = distributed_sort(comm, std::move(partial), [](const vertex_weight& v) { return v.id; });
    merge_sorted_weights(sorted);  // equal ids share a rank after the sort

    const std::uint64_t alpha = chunk_alpha(p);
    std::uint64_t mine = 0;
    for (const auto& v : sorted) mine += v.degree + alpha;
    const std::uint64_t before = comm.exclusive_sum(mine);
    const std::uint64_t total = comm.all_reduce(mine, reduce_op::sum);

    // Owner from the weight prefix at the vertex's start: monotone in id, hence contiguous ranges.
    std::vector<vertex_id> first(static_cast<std::size_t>(p), UINT64_MAX);
    outbox<vertex_weight> out(p);
    std::uint64_t prefix = before;
    for (const auto& v : sorted) {
      const int owner = chunk_owner(prefix, total, p);
      first[static_cast<std::size_t>(owner)] = std::min(first[static_cast<std::size_t>(owner)], v.id);
      out.push(owner, v);
      prefix += v.degree + alpha;
    }
    sorted = std::vector<vertex_weight>();
    comm.all_reduce_in_place(std::span<vertex_id>(first), reduce_op::min);
    set_starts(std::move(first));
    auto in = exchange(comm, out);
    return std::move(in.items);  // arrives sorted: sources are in rank order, each run sorted
  }

  [[nodiscard]] int owner_of(vertex_id id) const override {
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), id);
    return it == starts_.begin() ? 0 : static_cast<int>(it - starts_.begin()) - 1;
  }

 private:
  // Empty ranks (first id UINT64_MAX) take the next rank's start so that upper_bound skips them.
  void set_starts(std::vector<vertex_id> first) {
    starts_ = std::move(first);
    for (std::size_t r = starts_.size(); r-- > 1;) starts_[r - 1] = std::min(starts_[r - 1], starts_[r]);
  }

  std::vector<vertex_id> starts_;
};

class hash_partitioner final : public partitioner {
 public:
  [[nodiscard]] std::string name() const override { return "hash"; }
  [[nodiscard]] bool ordered() const override { return false; }

  std::vector<vertex_weight> assign(const communicator& comm, std::vector<vertex_weight> partial) override {
    ranks_ = comm.size();
    outbox<vertex_weight> out(ranks_);
    for (const auto& v : partial) out.push(owner_of(v.id), v);
    partial.clear();
    auto in = exchange(comm, out);
    tbb::parallel_sort(in.items.begin(), in.items.end(),
                       [](const vertex_weight& a, const vertex_weight& b) { return a.id < b.id; });
    merge_sorted_weights(in.items);
    return std::move(in.items);
  }

  [[nodiscard]] int owner_of(vertex_id id) const override {
    // splitmix64 finaliser: consecutive ids spread evenly over ranks.
    std::uint64_t z = id + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
    z ^= z >> 31U;
    return static_cast<int>(z % static_cast<std::uint64_t>(ranks_));
  }

 private:
  int ranks_ = 1;
};

}  // namespace

std::unique_ptr<partitioner> make_chunk_partitioner() { return std::make_unique<chunk_partitioner>(); }
std::unique_ptr<partitioner> make_chunk_partitioner(std::vector<vertex_id> first_ids) {
  return std::make_unique<chunk_partitioner>(std::move(first_ids));
}

std::uint64_t chunk_alpha(int ranks) noexcept { return 8U * static_cast<std::uint64_t>(ranks - 1); }

int chunk_owner(std::uint64_t before, std::uint64_t total, int ranks) noexcept {
  // long double keeps the product exact enough and is monotone in `before`, which is what matters.
  const auto whole = static_cast<long double>(std::max<std::uint64_t>(total, 1));
  const auto share = static_cast<long double>(before) * ranks / whole;
  return std::min(static_cast<int>(share), ranks - 1);
}
std::unique_ptr<partitioner> make_hash_partitioner() { return std::make_unique<hash_partitioner>(); }

std::unique_ptr<partitioner> make_partitioner(const std::string& name) {
  if (name == "chunk") return make_chunk_partitioner();
  if (name == "hash") return make_hash_partitioner();
  throw usage_error("unknown partitioner '" + name + "' (expected chunk or hash)");
}

}  // namespace eddy
