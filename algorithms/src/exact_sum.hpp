#pragma once
// The exact sum of non-negative doubles, so that a global sum does not depend on how the terms
// are split among threads and ranks: every term's 53-bit significand is added, as an integer,
// into 32-bit digits of one fixed-point number wide enough for any double. Integer addition is
// associative, so any grouping gives the same digits and the same rounded double.
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>

#include "eddy/runtime/communicator.hpp"

namespace eddy::algorithms::detail {

class exact_sum {
 public:
  // Not for negative or non-finite terms (the scores summed here are squares and distances).
  void add(double x) {
    if (!(x > 0.0)) return;
    // x = significand * 2^(exponent - 1075), read off its bits rather than through frexp and
    // ldexp, which showed in profiles; a subnormal has exponent field 0 and no hidden bit.
    const auto bits = std::bit_cast<std::uint64_t>(x);
    const auto exponent = static_cast<unsigned>(bits >> 52U);
    std::uint64_t significand = bits & ((std::uint64_t{1} << 52U) - 1);
    if (exponent != 0) significand |= std::uint64_t{1} << 52U;
    const unsigned position = std::max(exponent, 1U) + (bias - 1075);  // of the significand's lowest bit
    const unsigned i = position / 32;
    const unsigned shift = position % 32;
    const std::uint64_t low = (significand & mask) << shift;  // < 2^63
    const std::uint64_t high = (significand >> 32) << shift;  // < 2^53
    digits_[i] += low & mask;
    digits_[i + 1] += (low >> 32) + (high & mask);
    digits_[i + 2] += high >> 32;
    if (++added_ == carry_every) normalise();
  }

  void merge(exact_sum other) {
    normalise();
    other.normalise();
    for (std::size_t i = 0; i < digits_.size(); ++i) digits_[i] += other.digits_[i];
    normalise();
  }

  // Collective: the sum over every rank's terms.
  [[nodiscard]] exact_sum all_ranks(const communicator& comm) const {
    exact_sum all;
    for (const exact_sum& s : comm.all_gather(*this)) all.merge(s);
    return all;
  }

  // The digits are unique once carried, so the conversion, from the top, gives every grouping
  // of the same terms the same double.
  [[nodiscard]] double value() {
    normalise();
    double out = 0.0;
    for (std::size_t i = digits_.size(); i-- > 0;) {
      out += std::ldexp(static_cast<double>(digits_[i]), static_cast<int>(32 * i) - bias);
    }
    return out;
  }

 private:
  void normalise() {
    std::uint64_t carry = 0;
    for (auto& d : digits_) {
      d += carry;
      carry = d >> 32;
      d &= mask;
    }
    added_ = 0;
  }

  static constexpr int bias = 1127;  // 2^-1127: below the lowest bit of a subnormal's significand
  static constexpr std::uint64_t mask = 0xffffffffU;
  // A digit takes less than 2^33 per term: carry well before 2^64.
  static constexpr std::uint64_t carry_every = std::uint64_t{1} << 30U;
  std::array<std::uint64_t, 70> digits_{};  // 2^-1127 .. 2^1113: every double, and room to carry
  std::uint64_t added_ = 0;
};

}  // namespace eddy::algorithms::detail
