#pragma once
// What every fuzz target shares. The parsers open files by path and some take a communicator, so
// a target starts MPI once (one process, one rank) and writes each input to a scratch file. A
// parser may reject an input only with an eddy error of exit code bad_input, the error the eddy
// command turns into one clean message; anything else it throws is a finding, like a crash.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "eddy/runtime/communicator.hpp"

namespace eddy::fuzz {

// For LLVMFuzzerInitialize: starts MPI as eddy's mpi_environment does (finalised at exit) and
// keeps TBB to one thread, so that an input always runs the same way.
void start(int* argc, char*** argv);

// MPI_COMM_WORLD of the single process.
const communicator& world();

// A directory of this process for input files: under $TMPDIR when set, else /dev/shm (memory,
// so that writing an input per run costs no disk), else /tmp. Removed at exit.
const std::string& scratch_dir();

// Writes `bytes` to scratch_dir()/name, replacing the file; returns its path.
std::string write_file(const std::string& name, std::span<const std::uint8_t> bytes);
std::string write_file(const std::string& name, std::string_view text);

// `text` as gzip data: two members when split_at < text.size() (concatenated .gz files are valid
// gzip, and readers must take every member).
std::string gzip(std::string_view text, std::size_t split_at);

// An input whose first byte selects options (a bit field the target defines) and whose rest is
// the text to parse; nullopt for the empty input.
struct flagged_text {
  unsigned flags = 0;
  std::string_view text;
};
[[nodiscard]] inline std::optional<flagged_text> split_flags(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return std::nullopt;
  return flagged_text{data[0], std::string_view(reinterpret_cast<const char*>(data + 1), size - 1)};
}

// Prints `what` and aborts, so that libFuzzer reports the input as a crash.
[[noreturn]] void finding(const std::string& what);

// How a parser rejected an input.
struct rejection {
  std::uint64_t line = 0;  // input_error's line; 0 for an error about the whole file
  std::string message;     // what() without the "FILE:LINE: " (or "FILE: ") in front
};

// Classifies the exception being handled: an eddy error of exit code bad_input is a rejection,
// anything else a finding. Call only inside a catch block.
rejection classify_current_exception();

// Runs f: nothing when it returns, the rejection when it rejects the input.
template <class F>
std::optional<rejection> rejected(F&& f) {
  try {
    f();
  } catch (...) {
    return classify_current_exception();
  }
  return std::nullopt;
}

}  // namespace eddy::fuzz
