#pragma once
// `eddy checkpoint ls DIR` and `eddy checkpoint show FILE`: what checkpoints hold, and whether
// they pass their checksums.
#include <CLI/CLI.hpp>
#include <string>

#include "eddy/runtime/communicator.hpp"

namespace eddy::cli {

struct checkpoint_settings_cli {
  std::string dir;   // ls
  std::string file;  // show
};

// Adds the `checkpoint` subcommand (with `ls` and `show`); its settings land in `settings`.
CLI::App* add_checkpoint_command(CLI::App& app, checkpoint_settings_cli& settings);

// Collective: executes a parsed `checkpoint` command.
void execute_checkpoint(const communicator& comm, const CLI::App& command, const checkpoint_settings_cli& settings);

}  // namespace eddy::cli
