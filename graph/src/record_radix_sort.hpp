#pragma once
// LSD radix sort of arc records (fields `row` and `far`) by (row, far), on the raw bytes an
// exchange delivers. Each pass distributes by one digit of at most 11 bits, so its 2048 output
// streams stay in cache and TLB; a pass whose digit is the same for every record is skipped. One
// thread counts every pass's digits in a single read; several count and scatter blocks of records
// in parallel, pass by pass.
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace eddy::detail {

// One pass: the digit (value >> shift) & mask of field `far` (or else `row`).
struct radix_pass {
  bool far = false;
  unsigned shift = 0;
  std::uint64_t mask = 0;
};

// Passes of at most 11 bits over the `far_bits` low bits of far, then the `row_bits` of row.
inline std::vector<radix_pass> plan_passes(unsigned far_bits, unsigned row_bits) {
  std::vector<radix_pass> passes;
  for (const auto& [is_far, bits] : {std::pair{true, far_bits}, std::pair{false, row_bits}}) {
    const unsigned count = (bits + 10) / 11;
    if (count == 0) continue;
    const unsigned width = (bits + count - 1) / count;
    for (unsigned k = 0; k < count; ++k) passes.push_back({is_far, k * width, (std::uint64_t{1} << width) - 1});
  }
  return passes;
}

template <class Record>
[[nodiscard]] inline Record load_record(const std::byte* at) noexcept {
  Record r;
  std::memcpy(&r, at, sizeof(Record));
  return r;
}

// Calls f(digit_function) with the digit of `pass` as a function of a record (by value, so that
// stores through std::byte* in the caller's loop do not force it to be reloaded).
template <class Record, class F>
void with_digit(const radix_pass& pass, F&& f) {
  const unsigned shift = pass.shift;
  const std::uint64_t mask = pass.mask;
  if (pass.far) {
    f([shift, mask](const Record& r) {
      return static_cast<std::size_t>((static_cast<std::uint64_t>(r.far) >> shift) & mask);
    });
  } else {
    f([shift, mask](const Record& r) {
      return static_cast<std::size_t>((static_cast<std::uint64_t>(r.row) >> shift) & mask);
    });
  }
}

// Sorts the n records in `data`, using `scratch` (as large); returns the buffer holding the
// result, data or scratch.
template <class Record>
std::byte* sort_arcs_by_row_and_far(std::byte* data, std::byte* scratch, std::size_t n, unsigned far_bits,
                                    unsigned row_bits) {
  constexpr std::size_t size = sizeof(Record);
  const auto passes = plan_passes(far_bits, row_bits);
  std::size_t buckets = 1;
  for (const auto& pass : passes) buckets = std::max<std::size_t>(buckets, pass.mask + 1);
  const auto threads = static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
  const std::size_t blocks = std::max<std::size_t>(1, std::min(n / (std::size_t{1} << 18U), 2 * threads));
  const auto block_begin = [n, blocks](std::size_t b) { return n / blocks * b + n % blocks * b / blocks; };

  // counts[(pass * blocks + b) * buckets + digit]; with one block all passes are counted at once.
  std::vector<std::size_t> counts((blocks == 1 ? passes.size() : 1) * blocks * buckets, 0);
  const auto count_pass = [&](const std::byte* from, std::size_t k, std::size_t* out) {
    tbb::parallel_for(std::size_t{0}, blocks, [&, out, from](std::size_t b) {
      with_digit<Record>(passes[k], [&](auto digit) {
        std::size_t* const count = out + b * buckets;
        const std::size_t end = block_begin(b + 1);
        for (std::size_t i = block_begin(b); i != end; ++i) ++count[digit(load_record<Record>(from + i * size))];
      });
    });
  };
  if (blocks == 1) {
    for (std::size_t i = 0; i < n; ++i) {
      const auto r = load_record<Record>(data + i * size);
      for (std::size_t k = 0; k < passes.size(); ++k) {
        const auto& pass = passes[k];
        const std::uint64_t value = pass.far ? static_cast<std::uint64_t>(r.far) : static_cast<std::uint64_t>(r.row);
        ++counts[k * buckets + ((value >> pass.shift) & pass.mask)];
      }
    }
  }

  std::byte* from = data;
  std::byte* to = scratch;
  for (std::size_t k = 0; k < passes.size(); ++k) {
    std::size_t* cursor = counts.data() + (blocks == 1 ? k * buckets : 0);
    if (blocks > 1) {
      std::fill(counts.begin(), counts.end(), 0);
      count_pass(from, k, cursor);
    }
    std::size_t total = 0;
    bool trivial = false;
    for (std::size_t d = 0; d < buckets; ++d) {
      std::size_t in_bucket = 0;
      for (std::size_t b = 0; b < blocks; ++b) {
        const std::size_t c = cursor[b * buckets + d];
        cursor[b * buckets + d] = total;
        total += c;
        in_bucket += c;
      }
      trivial = trivial || in_bucket == n;
    }
    if (trivial) continue;
    tbb::parallel_for(std::size_t{0}, blocks, [&, cursor, from, to](std::size_t b) {
      with_digit<Record>(passes[k], [&](auto digit) {
        std::size_t* const at = cursor + b * buckets;
        const std::size_t end = block_begin(b + 1);
        for (std::size_t i = block_begin(b); i != end; ++i) {
          const std::byte* record = from + i * size;
          std::memcpy(to + at[digit(load_record<Record>(record))]++ * size, record, size);
        }
      });
    });
    std::swap(from, to);
  }
  return from;
}

}  // namespace eddy::detail
