#pragma once
// The checkpoint options `eddy run` shares with `eddy stream`.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace eddy::cli {

struct checkpoint_flags {
  std::string dir;
  std::uint64_t every = 10;
  std::uint64_t keep = 2;
  bool resume = false;
  [[nodiscard]] bool enabled() const noexcept { return !dir.empty(); }
};

// `unit` names what --checkpoint-every counts ("supersteps" or "batches").
void add_checkpoint_options(CLI::App& command, checkpoint_flags& flags, const std::string& unit);

}  // namespace eddy::cli
