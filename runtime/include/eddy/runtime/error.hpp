#pragma once
// Errors that cross eddy's layers. Each carries the exit code the eddy command ends with, so that
// a failure on any rank becomes the same message and the same exit status on every rank.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace eddy {

// stopped: a stop request (SIGTERM, SIGUSR1) was honoured after a checkpoint; resume with --resume.
enum class exit_code : int { ok = 0, failure = 1, usage = 2, bad_input = 3, interrupted = 4, stopped = 5 };

class error : public std::runtime_error {
 public:
  explicit error(const std::string& what, exit_code code = exit_code::failure)
      : std::runtime_error(what), code_(code) {}
  [[nodiscard]] exit_code code() const noexcept { return code_; }

 private:
  exit_code code_;
};

// Wrong command-line use: unknown option values, missing parameters, contradicting flags.
class usage_error : public error {
 public:
  explicit usage_error(const std::string& what) : error(what, exit_code::usage) {}
};

// Bad input data. The message reads "FILE:LINE: WHAT" (or "FILE: WHAT" when line is 0), the
// convention of compilers, so editors and users can jump to the offending line.
class input_error : public error {
 public:
  input_error(const std::string& file, std::uint64_t line, const std::string& what)
      : error(format(file, line, what), exit_code::bad_input), file_(file), line_(line) {}
  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  [[nodiscard]] std::uint64_t line() const noexcept { return line_; }

 private:
  static std::string format(const std::string& file, std::uint64_t line, const std::string& what) {
    return line == 0 ? file + ": " + what : file + ":" + std::to_string(line) + ": " + what;
  }
  std::string file_;
  std::uint64_t line_;
};

}  // namespace eddy
