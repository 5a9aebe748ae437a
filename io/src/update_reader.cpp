#include "eddy/io/update_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <system_error>

#include "eddy/runtime/error.hpp"
#include "line_parser.hpp"
#include "update_source.hpp"

namespace eddy::io {

namespace {

using detail::after_newline;
using detail::is_blank;
using detail::line_kind;
using detail::parse_id;
using detail::parse_id_fast;
using detail::skip_blanks;
using detail::skip_token;

// Reads ask the source for at least this much (a pipe or socket may deliver less).
constexpr std::size_t min_read = std::size_t{1} << 20;
constexpr std::size_t initial_capacity = std::size_t{4} << 20;
// No update line comes near this; a stream without newlines (binary data sent by mistake) must not
// take all memory.
constexpr std::size_t max_line = std::size_t{64} << 20;

constexpr const char* weight_rule = " (expected a finite number >= 0)";
constexpr const char* time_rule = " (expected a signed 64-bit decimal integer)";

// ---- The general parsers: any one line, already cut at its newline. They define the formats. ----

// The offending field as it appears in the line, cut short so that binary input does not produce a
// message of megabytes.
std::string quote(const char* token, const char* line_end) {
  constexpr std::size_t max_shown = 40;
  const auto length = static_cast<std::size_t>(skip_token(token, line_end) - token);
  std::string shown(token, std::min(length, max_shown));
  if (length > max_shown) shown += "...";
  return "'" + shown + "'";
}

// The edge-list reader's rules for weights (finite, >= 0, -0 read as 0), with the reason named.
bool parse_weight(const char* token, const char* token_end, const char* line_end, double& out,
                  std::string& error) {
  double weight = 0.0;
  const auto [next, ec] = std::from_chars(token, token_end, weight);
  const bool parsed = ec == std::errc{};
  if (next != token_end || (!parsed && ec != std::errc::result_out_of_range)) {
    detail::describe_bad_weight(token, line_end, true, error);
  } else if (parsed && std::isnan(weight)) {  // NOLINT(bugprone-branch-clone): ordered apart, see isinf
    error = "non-finite weight " + quote(token, line_end) + weight_rule;
  } else if (*token == '-' && !(parsed && weight == 0.0)) {
    error = "negative weight " + quote(token, line_end) + weight_rule;
  } else if (!parsed) {
    error = "weight " + quote(token, line_end) + " is out of range" + weight_rule;
  } else if (std::isinf(weight)) {  // after the sign test, unlike NaN: -inf is a negative weight
    error = "non-finite weight " + quote(token, line_end) + weight_rule;
  } else {
    out = weight + 0.0;  // + 0.0 turns -0 into 0
    return true;
  }
  return false;
}

bool parse_time(const char* token, const char* token_end, const char* line_end, std::int64_t& out,
                std::string& error) {
  const auto [next, ec] = std::from_chars(token, token_end, out);
  if (next != token_end || (ec != std::errc{} && ec != std::errc::result_out_of_range)) {
    error = "invalid time " + quote(token, line_end) + time_rule;
    return false;
  }
  if (ec != std::errc{}) {
    error = "time " + quote(token, line_end) + " is out of range" + time_rule;
    return false;
  }
  return true;
}

// SRC and DST at p (after the leading blanks); leaves p after DST's trailing blanks.
bool parse_ends(const char*& p, const char* end, edge_update& out, const char* expected,
                std::string& error) {
  const char* fields[2] = {"source id", "destination id"};
  std::uint64_t* ids[2] = {&out.src, &out.dst};
  for (int i = 0; i < 2; ++i) {
    if (p == end) {
      error = std::string("missing ") + fields[i] + " (expected " + expected + ")";
      return false;
    }
    const char* token = p;
    if (!parse_id(p, end, *ids[i])) {
      detail::describe_bad_id(token, end, fields[i], error);
      return false;
    }
    p = skip_blanks(p, end);
  }
  return true;
}

// `a SRC DST [WEIGHT] [TIME]`, `d SRC DST [TIME]`, `u SRC DST WEIGHT [TIME]`.
line_kind parse_eddy_line(const char* p, const char* end, edge_update& out, std::string& error) {
  if (p != end && end[-1] == '\r') --end;
  p = skip_blanks(p, end);
  if (p == end || *p == '#') return line_kind::skip;
  out = edge_update{};
  const char* op = p;
  p = skip_token(p, end);
  const char* expected = nullptr;
  if (p - op == 1 && *op == 'a') {
    out.kind = update_kind::add;
    expected = "a SRC DST [WEIGHT] [TIME]";
  } else if (p - op == 1 && *op == 'd') {
    out.kind = update_kind::remove;
    expected = "d SRC DST [TIME]";
  } else if (p - op == 1 && *op == 'u') {
    out.kind = update_kind::reweight;
    expected = "u SRC DST WEIGHT [TIME]";
  } else {
    error = "unknown operation " + quote(op, end) + " (expected a, d or u";
    if (*op >= '0' && *op <= '9') error += "; lines of SRC DST TIME are the snap-temporal format";
    error += ")";
    return line_kind::bad;
  }
  p = skip_blanks(p, end);
  if (!parse_ends(p, end, out, expected, error)) return line_kind::bad;

  // The optional fields, positional: WEIGHT then TIME (a, u) or TIME alone (d).
  const bool weighted = out.kind != update_kind::remove;
  const int most = weighted ? 2 : 1;
  const char* begin[2] = {nullptr, nullptr};
  const char* stop[2] = {nullptr, nullptr};
  int count = 0;
  for (; p != end; p = skip_blanks(p, end), ++count) {
    if (count == most) {
      detail::describe_field_count(true, expected, error);
      return line_kind::bad;
    }
    begin[count] = p;
    p = skip_token(p, end);
    stop[count] = p;
  }
  if (out.kind == update_kind::reweight && count == 0) {
    error = std::string("missing weight (expected ") + expected + ")";
    return line_kind::bad;
  }
  int next = 0;
  if (weighted && count > 0) {
    if (!parse_weight(begin[0], stop[0], end, out.weight, error)) return line_kind::bad;
    next = 1;
  }
  if (next < count) {
    if (!parse_time(begin[next], stop[next], end, out.time, error)) return line_kind::bad;
    out.has_time = true;
  }
  return line_kind::record;
}

// `SRC DST TIME`.
line_kind parse_snap_temporal_line(const char* p, const char* end, edge_update& out, std::string& error) {
  constexpr const char* expected = "SRC DST TIME";
  if (detail::skip_line(p, end)) return line_kind::skip;  // also strips the '\r', skips '#' and '%'
  out = edge_update{};
  if (!parse_ends(p, end, out, expected, error)) return line_kind::bad;
  if (p == end) {
    error = std::string("missing time (expected ") + expected + ")";
    return line_kind::bad;
  }
  const char* token = p;
  p = skip_token(p, end);
  if (skip_blanks(p, end) != end) {
    detail::describe_field_count(true, expected, error);
    return line_kind::bad;
  }
  if (!parse_time(token, p, end, out.time, error)) return line_kind::bad;
  out.has_time = true;
  return line_kind::record;
}

// ---- The fast parsers: the common line with single blanks, straight from the buffer. ----
// Each returns the start of the next line, or nullptr for anything unusual (including a line not
// complete in the buffer); the general parser then decides. They accept a subset of it only.

inline const char* parse_time_fast(const char* p, const char* end, std::int64_t& out) noexcept {
  if (p != end && *p >= '0' && *p <= '9') {
    std::uint64_t value = 0;
    const char* next = parse_id_fast(p, end, value);
    if (next == nullptr || value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return nullptr;
    }
    out = static_cast<std::int64_t>(value);
    return next;
  }
  const auto [next, ec] = std::from_chars(p, end, out);
  return ec == std::errc{} ? next : nullptr;
}

inline const char* parse_weight_fast(const char* p, const char* end, double& out) noexcept {
  double weight = 0.0;
  const auto [next, ec] = std::from_chars(p, end, weight);
  if (ec != std::errc{} || !(weight >= 0.0 && weight < HUGE_VAL)) return nullptr;  // NaN fails both
  out = weight + 0.0;  // + 0.0 turns -0 into 0
  return next;
}

struct eddy_parser {
  static const char* fast(const char* p, const char* end, edge_update& out) noexcept {
    if (end - p < 2 || !is_blank(p[1])) return nullptr;
    const char op = *p;
    update_kind kind = update_kind::add;
    if (op == 'a') {
      kind = update_kind::add;
    } else if (op == 'd') {
      kind = update_kind::remove;
    } else if (op == 'u') {
      kind = update_kind::reweight;
    } else {
      return nullptr;
    }
    p = parse_id_fast(p + 2, end, out.src);
    if (p == nullptr || p == end || !is_blank(*p)) return nullptr;
    p = parse_id_fast(p + 1, end, out.dst);
    if (p == nullptr) return nullptr;
    out.kind = kind;
    out.weight = 1.0;
    out.time = 0;
    out.has_time = false;
    if (kind != update_kind::remove) {
      if (p != end && is_blank(*p)) {
        p = parse_weight_fast(p + 1, end, out.weight);
        if (p == nullptr) return nullptr;
      } else if (kind == update_kind::reweight) {
        return nullptr;
      }
    }
    if (p != end && is_blank(*p)) {
      p = parse_time_fast(p + 1, end, out.time);
      if (p == nullptr) return nullptr;
      out.has_time = true;
    }
    return after_newline(p, end);
  }

  static line_kind full(const char* p, const char* end, edge_update& out, std::string& error) {
    return parse_eddy_line(p, end, out, error);
  }
};

struct snap_temporal_parser {
  static const char* fast(const char* p, const char* end, edge_update& out) noexcept {
    p = parse_id_fast(p, end, out.src);
    if (p == nullptr || p == end || !is_blank(*p)) return nullptr;
    p = parse_id_fast(p + 1, end, out.dst);
    if (p == nullptr || p == end || !is_blank(*p)) return nullptr;
    p = parse_time_fast(p + 1, end, out.time);
    if (p == nullptr) return nullptr;
    out.kind = update_kind::add;
    out.weight = 1.0;
    out.has_time = true;
    return after_newline(p, end);
  }

  static line_kind full(const char* p, const char* end, edge_update& out, std::string& error) {
    return parse_snap_temporal_line(p, end, out, error);
  }
};

}  // namespace

update_format parse_update_format(const std::string& name) {
  if (name == "eddy") return update_format::eddy;
  if (name == "snap-temporal") return update_format::snap_temporal;
  throw usage_error("unknown update format '" + name + "' (expected eddy or snap-temporal)");
}

update_reader::update_reader(const std::string& spec, update_format format)
    : source_(detail::open_update_source(spec)),
      format_(format),
      name_(source_->name()),
      port_(source_->port()),
      buffer_(std::make_unique_for_overwrite<char[]>(initial_capacity)),
      capacity_(initial_capacity),
      pos_(buffer_.get()),
      end_(buffer_.get()) {}

update_reader::~update_reader() = default;
update_reader::update_reader(update_reader&&) noexcept = default;
update_reader& update_reader::operator=(update_reader&&) noexcept = default;

bool update_reader::at_end() const noexcept { return eof_ && pos_ == end_; }

void update_reader::fail(const std::string& what) const { throw input_error(name_, line_ + 1, what); }

void update_reader::refill() {
  const auto carried = static_cast<std::size_t>(end_ - pos_);
  if (carried >= max_line) fail("line longer than 64 MiB (is this a text update stream?)");
  if (capacity_ - carried < min_read) {
    const std::size_t capacity = std::max(capacity_ * 2, carried + min_read);
    auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
    std::memcpy(bigger.get(), pos_, carried);
    buffer_ = std::move(bigger);
    capacity_ = capacity;
  } else if (pos_ != buffer_.get()) {
    std::memmove(buffer_.get(), pos_, carried);
  }
  pos_ = buffer_.get();
  end_ = pos_ + carried;
  const std::size_t got = source_->read(buffer_.get() + carried, capacity_ - carried);
  eof_ = got == 0;
  end_ += got;
}

template <class Parser>
std::size_t update_reader::read_with(std::vector<edge_update>& out, std::size_t limit) {
  std::size_t appended = 0;
  edge_update update;
  while (appended < limit) {
    // The common lines, with the position in registers (push_back could alias the members).
    const char* p = pos_;
    const char* const end = end_;
    std::uint64_t line = line_;
    try {
      while (appended < limit) {
        const char* next = Parser::fast(p, end, update);
        if (next == nullptr) break;
        out.push_back(update);
        ++appended;
        ++line;
        p = next;
      }
    } catch (...) {
      pos_ = p;
      line_ = line;
      throw;
    }
    pos_ = p;
    line_ = line;
    if (appended == limit) break;

    // Anything else, one line at a time: a comment, an unusual or bad line, or a line the buffer
    // does not hold entirely.
    const auto* newline = static_cast<const char*>(std::memchr(pos_, '\n', static_cast<std::size_t>(end_ - pos_)));
    if (newline == nullptr && !eof_) {
      refill();
      continue;
    }
    if (pos_ == end_) break;  // the end of the stream
    std::string error;
    const line_kind kind = Parser::full(pos_, newline != nullptr ? newline : end_, update, error);
    if (kind == line_kind::bad) fail(error);
    ++line_;
    pos_ = newline != nullptr ? newline + 1 : end_;
    if (kind == line_kind::record) {
      out.push_back(update);
      ++appended;
    }
  }
  return appended;
}

std::size_t update_reader::read(std::vector<edge_update>& out, std::size_t limit) {
  return format_ == update_format::eddy ? read_with<eddy_parser>(out, limit)
                                        : read_with<snap_temporal_parser>(out, limit);
}

}  // namespace eddy::io
