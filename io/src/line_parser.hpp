#pragma once
// Parsing of one line of an edge list or vertex list. The parsers are inline because they run
// once per line in the readers' inner loops; the messages for bad lines are built out of line.
//
// Each parser has two entry points. fast() handles the overwhelmingly common line, "ID<blank>ID
// [WEIGHT]\n" with single blanks, straight from the block without first searching for the
// newline, and returns nullptr for anything else. full() handles any one line, already cut at its
// newline, and is the definition of the format: fast() only ever accepts a subset of it.
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <system_error>

#include "eddy/io/edge_record.hpp"

namespace eddy::io::detail {

enum class line_kind { record, skip, bad };

inline bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

inline const char* skip_blanks(const char* p, const char* end) noexcept {
  while (p != end && is_blank(*p)) ++p;
  return p;
}

inline const char* skip_token(const char* p, const char* end) noexcept {
  while (p != end && !is_blank(*p)) ++p;
  return p;
}

// Cold paths: set `error` to the message for a bad field starting at `token`.
void describe_bad_id(const char* token, const char* line_end, const char* field, std::string& error);
void describe_bad_weight(const char* token, const char* line_end, bool weighted, std::string& error);
void describe_field_count(bool too_many, const char* expected, std::string& error);

// Strips a CR before the newline and leading blanks; true when nothing but a comment or blank
// remains.
inline bool skip_line(const char*& p, const char*& end) noexcept {
  if (p != end && end[-1] == '\r') --end;
  p = skip_blanks(p, end);
  return p == end || *p == '#' || *p == '%';
}

// Parses an unsigned decimal id that must be followed by a blank or the end of the line.
inline bool parse_id(const char*& p, const char* end, std::uint64_t& out) noexcept {
  const auto [next, ec] = std::from_chars(p, end, out);
  if (ec != std::errc{} || (next != end && !is_blank(*next))) return false;
  p = next;
  return true;
}

// [p, end) is one line without its '\n'.
inline line_kind parse_edge_line(const char* p, const char* end, bool weighted, edge_record& out,
                                 std::string& error) {
  constexpr const char* expected = "SRC DST [WEIGHT]";
  if (skip_line(p, end)) return line_kind::skip;
  const char* token = p;
  if (!parse_id(p, end, out.src)) {
    describe_bad_id(token, end, "source id", error);
    return line_kind::bad;
  }
  p = skip_blanks(p, end);
  if (p == end) {
    describe_field_count(false, expected, error);
    return line_kind::bad;
  }
  token = p;
  if (!parse_id(p, end, out.dst)) {
    describe_bad_id(token, end, "destination id", error);
    return line_kind::bad;
  }
  p = skip_blanks(p, end);
  out.weight = 1.0;
  if (p == end) {
    if (!weighted) return line_kind::record;
    error = "missing weight (expected " + std::string(expected) + ")";
    return line_kind::bad;
  }
  token = p;
  const char* token_end = skip_token(p, end);
  if (skip_blanks(token_end, end) != end) {
    describe_field_count(true, expected, error);
    return line_kind::bad;
  }
  double weight = 0.0;
  const auto [next, ec] = std::from_chars(token, token_end, weight);
  // Without weights any number is accepted and ignored, even one too large for a double.
  const bool number = next == token_end && (ec == std::errc{} || ec == std::errc::result_out_of_range);
  if (!number || (weighted && (ec != std::errc{} || !std::isfinite(weight) || weight < 0.0))) {
    describe_bad_weight(token, end, weighted, error);
    return line_kind::bad;
  }
  if (weighted) out.weight = weight + 0.0;  // + 0.0 turns -0 into 0
  return line_kind::record;
}

inline line_kind parse_vertex_line(const char* p, const char* end, std::uint64_t& out,
                                   std::string& error) {
  if (skip_line(p, end)) return line_kind::skip;
  const char* token = p;
  if (!parse_id(p, end, out)) {
    describe_bad_id(token, end, "vertex id", error);
    return line_kind::bad;
  }
  // Further columns are vertex properties (LDBC allows them); the id is all eddy needs.
  return line_kind::record;
}

// Ids eight digits at a time: a word of eight characters is tested and converted with a few
// integer operations instead of a loop with a branch per digit. Parsing is most of the time of
// reading an edge list, and most ids have fewer than 16 digits.
namespace swar {

constexpr std::uint64_t ones = 0x0101010101010101ULL;

// The number of leading (first in memory) digit characters of a little-endian word, 0..8.
inline unsigned digit_run(std::uint64_t word) noexcept {
  const std::uint64_t value = word ^ (ones * '0');  // digits become 0..9
  // A byte is flagged when its value is 10 or more. The addition carries out of a byte only when
  // that byte is flagged already, so the first flagged byte is exact.
  const std::uint64_t flagged = ((value + ones * 0x76) | value) & (ones * 0x80);
  return flagged == 0 ? 8U : static_cast<unsigned>(std::countr_zero(flagged)) / 8U;
}

// The number written by eight digit values (0..9), the first in the lowest byte.
inline std::uint64_t eight_digits(std::uint64_t value) noexcept {
  value = value * 10 + (value >> 8U);  // adjacent pairs
  return (((value & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32U))) +
          (((value >> 16U) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32U)))) >>
         32U;
}

// The first `count` (1..8) digit characters of a word as a number.
inline std::uint64_t leading_digits(std::uint64_t word, unsigned count) noexcept {
  return eight_digits((word ^ (ones * '0')) << (64U - 8U * count));  // the rest shifted out, zeros in
}

// Eight characters, the first in the lowest byte.
inline std::uint64_t load(const char* p) noexcept {
  std::uint64_t word = 0;
  std::memcpy(&word, p, sizeof word);
  if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
  return word;
}

// Parses 1 to 15 digits at p, reading the 16 bytes there; nullptr for none or more.
inline const char* parse(const char* p, std::uint64_t& out) noexcept {
  const std::uint64_t head = load(p);
  const unsigned count = digit_run(head);
  if (count == 0) return nullptr;
  if (count < 8) {
    out = leading_digits(head, count);
    return p + count;
  }
  const std::uint64_t tail = load(p + 8);
  const unsigned more = digit_run(tail);
  if (more == 8) return nullptr;
  constexpr std::uint64_t scale[8] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
  out = leading_digits(head, 8) * scale[more] + (more == 0 ? 0 : leading_digits(tail, more));
  return p + 8 + more;
}

}  // namespace swar

// Parses an unsigned decimal id at p; returns the end of its digits, or nullptr when there is no
// valid id. Accepts exactly what std::from_chars accepts.
inline const char* parse_id_fast(const char* p, const char* end, std::uint64_t& out) noexcept {
  if (end - p >= 16) {
    if (const char* next = swar::parse(p, out)) return next;
  }
  const auto [next, ec] = std::from_chars(p, end, out);
  return ec == std::errc{} ? next : nullptr;
}

// End of a line after its last field, if the line ends right there: the position after "\n" or
// "\r\n", else nullptr.
inline const char* after_newline(const char* p, const char* end) noexcept {
  if (p != end && *p == '\n') return p + 1;
  if (p != end && *p == '\r' && p + 1 != end && p[1] == '\n') return p + 2;
  return nullptr;
}

struct edge_parser {
  bool weighted;

  const char* fast(const char* p, const char* end, edge_record& out) const noexcept {
    p = parse_id_fast(p, end, out.src);
    if (p == nullptr || p == end || !is_blank(*p)) return nullptr;
    p = parse_id_fast(p + 1, end, out.dst);
    if (p == nullptr) return nullptr;
    out.weight = 1.0;
    if (p != end && is_blank(*p)) {
      double weight = 0.0;
      const auto r = std::from_chars(p + 1, end, weight);
      if (r.ec != std::errc{}) return nullptr;
      if (weighted) {
        if (!(weight >= 0.0 && weight < HUGE_VAL)) return nullptr;  // NaN fails both
        out.weight = weight + 0.0;  // + 0.0 turns -0 into 0
      }
      p = r.ptr;
    } else if (weighted) {
      return nullptr;
    }
    return after_newline(p, end);
  }

  line_kind full(const char* p, const char* end, edge_record& out, std::string& error) const {
    return parse_edge_line(p, end, weighted, out, error);
  }
};

struct vertex_parser {
  const char* fast(const char* p, const char* end, std::uint64_t& out) const noexcept {
    const char* next = parse_id_fast(p, end, out);
    return next != nullptr ? after_newline(next, end) : nullptr;
  }

  line_kind full(const char* p, const char* end, std::uint64_t& out, std::string& error) const {
    return parse_vertex_line(p, end, out, error);
  }
};

}  // namespace eddy::io::detail
