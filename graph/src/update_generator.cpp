#include "eddy/graph/update_generator.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "eddy/runtime/error.hpp"
#include "eddy/runtime/ordered_output.hpp"

namespace eddy {
namespace {

// The seed's random stream that decides updates; stream 0 is the graph's own.
constexpr std::uint64_t update_stream_number = 1;

// Lines are made in blocks of this many: enough work per task to hide scheduling, small enough
// that a few threads find equal shares in a rank's part.
constexpr std::uint64_t block_lines = std::uint64_t{1} << 16;

// Calls f(block, first, last) for blocks [first, last) of [0, count), in parallel.
template <class F>
void for_blocks(std::uint64_t count, F&& f) {
  const std::uint64_t blocks = (count + block_lines - 1) / block_lines;
  tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, blocks, 1), [&](const tbb::blocked_range<std::uint64_t>& r) {
    for (std::uint64_t k = r.begin(); k != r.end(); ++k) f(k, k * block_lines, std::min(count, (k + 1) * block_lines));
  });
}

// Decimal digits of x.
unsigned digits(std::uint64_t x) {
  unsigned n = 1;
  for (; x >= 10; x /= 10) ++n;
  return n;
}

// Characters of a double in [0, 1) in its shortest form ("0.12345678901234567", "1.2345678901234567e-05").
constexpr std::size_t max_weight_chars = 24;

// A rank's text, allocated without being written so that its untouched pages cost nothing.
struct rank_text {
  std::unique_ptr<char[]> data;
  std::size_t size = 0;
  [[nodiscard]] std::span<const char> view() const noexcept { return {data.get(), size}; }
};

// The text of `count` lines of at most `max_line` characters each, formatted in parallel by
// format(first, last, out), which writes lines [first, last) from `out` on and returns their end.
// Each block writes straight into its own slot of a buffer sized for the longest lines, and the
// slots are then moved together in order: the text is held once, not also as separate pieces.
template <class Format>
rank_text text_in_blocks(std::uint64_t count, std::size_t max_line, Format&& format) {
  const std::uint64_t blocks = (count + block_lines - 1) / block_lines;
  rank_text text{std::unique_ptr<char[]>(new char[count * max_line]), 0};
  std::vector<std::size_t> used(blocks);
  for_blocks(count, [&](std::uint64_t k, std::uint64_t first, std::uint64_t last) {
    char* slot = text.data.get() + first * max_line;
    used[k] = static_cast<std::size_t>(format(first, last, slot) - slot);
  });
  for (std::uint64_t k = 0; k < blocks; ++k) {
    std::memmove(text.data.get() + text.size, text.data.get() + k * block_lines * max_line, used[k]);
    text.size += used[k];
  }
  return text;
}

// Writes ' ' and value (at most `chars` characters) at p; returns the end. The bound keeps every
// write inside the line's share of its block's slot, which other threads' slots border.
template <class T>
char* put(char* p, T value, std::size_t chars) {
  *p++ = ' ';
  return std::to_chars(p, p + chars, value).ptr;
}

// The adds among updates [first, last), one by one.
std::uint64_t adds_among(const update_generator& g, std::uint64_t first, std::uint64_t last) {
  std::uint64_t adds = 0;
  for (std::uint64_t i = first; i < last; ++i) adds += g.is_delete(i) ? 0U : 1U;
  return adds;
}

// The adds among updates [begin, begin + k * block_lines) for every block k of [begin, end), and
// among all of [begin, end) last. Counting first lets every block then start at its own add.
std::vector<std::uint64_t> adds_before_blocks(const update_generator& g, std::uint64_t begin, std::uint64_t end) {
  std::vector<std::uint64_t> before((end - begin + block_lines - 1) / block_lines + 1, 0);
  for_blocks(end - begin, [&](std::uint64_t k, std::uint64_t first, std::uint64_t last) {
    before[k] = adds_among(g, begin + first, begin + last);
  });
  std::uint64_t sum = 0;
  for (auto& adds : before) adds = std::exchange(sum, sum + adds);
  return before;
}

update_stream_params checked(const update_stream_params& params) {
  check_update_stream_params(params);
  return params;
}

// Calls f(update) for updates [first, last) in order, counting the adds from adds_before.
template <class F>
void walk_updates(const update_generator& g, std::uint64_t first, std::uint64_t last, std::uint64_t adds_before,
                  F&& f) {
  for (std::uint64_t i = first; i < last; ++i) {
    const io::edge_update u = g.update(i, adds_before);
    adds_before += u.kind == io::update_kind::add ? 1U : 0U;
    f(u);
  }
}

}  // namespace

void check_update_stream_params(const update_stream_params& params) {
  check_kronecker_params(params.graph);
  if (params.graph.edge_factor == 0) throw usage_error("the edge factor must be at least 1");
  // Edge numbers (the base's plus the stream's adds) must fit in 64 bits.
  if (params.graph.edge_factor > (std::uint64_t{1} << 62U) >> params.graph.scale ||
      params.updates > std::uint64_t{1} << 62U) {
    throw usage_error("the graph and its stream must have fewer than 2^62 edges each");
  }
  if (!(params.delete_fraction >= 0.0 && params.delete_fraction <= 1.0)) {
    char value[32];
    std::snprintf(value, sizeof value, "%g", params.delete_fraction);
    throw usage_error(std::string("the delete fraction must be between 0 and 1, not ") + value);
  }
}

update_generator::update_generator(const update_stream_params& params)
    : params_(checked(params)),
      base_edges_(kronecker_edge_count(params.graph)),
      key_(random_key(params.graph.seed, update_stream_number)),
      edges_(params.graph) {}

// Update i draws words 2i (add or delete) and 2i + 1 (which edge a delete names).
bool update_generator::is_delete(std::uint64_t index) const noexcept {
  return random_unit(random_word(key_, 2 * index)) < params_.delete_fraction;
}

std::uint64_t update_generator::edge_number(std::uint64_t index, std::uint64_t adds_before) const noexcept {
  const std::uint64_t existing = base_edges_ + adds_before;
  if (!is_delete(index)) return existing;
  // Uniform in [0, existing) by a 64x64->128-bit multiply; the bias, existing / 2^64, is nil here.
  __extension__ using u128 = unsigned __int128;
  return static_cast<std::uint64_t>((static_cast<u128>(random_word(key_, 2 * index + 1)) * existing) >> 64U);
}

io::edge_update update_generator::update(std::uint64_t index, std::uint64_t adds_before) const noexcept {
  const bool add = !is_delete(index);
  const io::edge_record e = edges_(edge_number(index, adds_before), add && params_.weighted);
  io::edge_update u;
  u.src = e.src;
  u.dst = e.dst;
  u.weight = e.weight;
  u.kind = add ? io::update_kind::add : io::update_kind::remove;
  u.time = static_cast<std::int64_t>(index);
  u.has_time = params_.times;
  return u;
}

std::uint64_t update_generator::count_adds(std::uint64_t begin, std::uint64_t end) const {
  return adds_before_blocks(*this, begin, end).back();
}

std::vector<io::edge_update> update_generator::updates(std::uint64_t begin, std::uint64_t end,
                                                       std::uint64_t adds_before) const {
  const auto before = adds_before_blocks(*this, begin, end);
  std::vector<io::edge_update> out(end - begin);
  for_blocks(end - begin, [&](std::uint64_t k, std::uint64_t first, std::uint64_t last) {
    auto at = out.begin() + static_cast<std::ptrdiff_t>(first);
    walk_updates(*this, begin + first, begin + last, adds_before + before[k],
                 [&](const io::edge_update& u) { *at++ = u; });
  });
  return out;
}

void write_kronecker_edge_list(const communicator& comm, const kronecker_params& params, bool weighted,
                               const std::string& path) {
  // Not a structured binding: the lambda below captures `begin`, which clang 14 does not allow of one.
  const auto share = even_share(kronecker_edge_count(params), comm.rank(), comm.size());
  const std::uint64_t begin = share.first;
  const std::uint64_t end = share.second;
  const kronecker_edge_source edges(params);
  // Labels are below 2^scale.
  const std::size_t id_chars = digits((std::uint64_t{1} << params.scale) - 1);
  const std::size_t max_line = 2 * id_chars + 2 + (weighted ? 1 + max_weight_chars : 0);
  const auto text = text_in_blocks(end - begin, max_line, [&](std::uint64_t first, std::uint64_t last, char* p) {
    for (std::uint64_t i = first; i < last; ++i) {
      const io::edge_record e = edges(begin + i, weighted);
      p = std::to_chars(p, p + id_chars, e.src).ptr;
      p = put(p, e.dst, id_chars);
      if (weighted) p = put(p, e.weight, max_weight_chars);
      *p++ = '\n';
    }
    return p;
  });
  write_rank_ordered(comm, text.view(), path);
}

std::uint64_t write_update_stream(const communicator& comm, const update_stream_params& params,
                                  const std::string& path) {
  const update_generator g(params);
  const auto share = even_share(params.updates, comm.rank(), comm.size());  // captured: see above
  const std::uint64_t begin = share.first;
  const std::uint64_t end = share.second;
  const auto before = adds_before_blocks(g, begin, end);
  const std::uint64_t adds = before.back();
  const std::uint64_t adds_before = comm.exclusive_sum(adds);
  // A weight goes on every add that has one or is followed by a time: the format is positional.
  const bool with_weight = params.weighted || params.times;
  const std::size_t id_chars = digits((std::uint64_t{1} << params.graph.scale) - 1);
  const std::size_t time_chars = digits(params.updates);
  const std::size_t max_line =
      2 + 2 * (1 + id_chars) + (with_weight ? 1 + max_weight_chars : 0) + (params.times ? 1 + time_chars : 0);
  const auto text = text_in_blocks(end - begin, max_line, [&](std::uint64_t first, std::uint64_t last, char* p) {
    const std::uint64_t block_adds_before = adds_before + before[first / block_lines];
    walk_updates(g, begin + first, begin + last, block_adds_before, [&](const io::edge_update& u) {
      const bool add = u.kind == io::update_kind::add;
      *p++ = add ? 'a' : 'd';
      p = put(p, u.src, id_chars);
      p = put(p, u.dst, id_chars);
      if (add && with_weight) p = put(p, u.weight, max_weight_chars);
      if (u.has_time) p = put(p, u.time, time_chars);
      *p++ = '\n';
    });
    return p;
  });
  write_rank_ordered(comm, text.view(), path);
  return comm.all_reduce(adds, reduce_op::sum);
}

}  // namespace eddy
