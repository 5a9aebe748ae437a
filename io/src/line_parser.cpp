#include "line_parser.hpp"

#include <cstddef>

namespace eddy::io::detail {

namespace {

// The offending field as it appears in the file, cut short so that a binary file fed by mistake
// does not produce a message of megabytes.
std::string quote(const char* token, const char* line_end) {
  constexpr std::size_t max_shown = 40;
  const char* end = skip_token(token, line_end);
  const auto length = static_cast<std::size_t>(end - token);
  std::string shown(token, length < max_shown ? length : max_shown);
  if (length > max_shown) shown += "...";
  return "'" + shown + "'";
}

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

}  // namespace

void describe_bad_id(const char* token, const char* line_end, const char* field,
                     std::string& error) {
  const std::string shown = quote(token, line_end);
  const char* end = skip_token(token, line_end);
  bool all_digits = token != end;
  for (const char* c = token; c != end; ++c) all_digits = all_digits && is_digit(*c);
  if (token[0] == '-' && end - token > 1 && is_digit(token[1])) {
    error = "negative " + std::string(field) + " " + shown;
  } else if (all_digits) {
    error = std::string(field) + " " + shown + " is larger than 2^64-1";
  } else {
    error = "invalid " + std::string(field) + " " + shown + " (expected an unsigned decimal integer)";
  }
}

void describe_bad_weight(const char* token, const char* line_end, bool weighted,
                         std::string& error) {
  error = "invalid weight " + quote(token, line_end) +
          (weighted ? " (expected a finite number >= 0)" : " (expected a number)");
}

void describe_field_count(bool too_many, const char* expected, std::string& error) {
  error = std::string(too_many ? "too many fields" : "only one field") + " (expected " + expected + ")";
}

}  // namespace eddy::io::detail
