#include "checkpoint_options.hpp"

namespace eddy::cli {

void add_checkpoint_options(CLI::App& command, checkpoint_flags& flags, const std::string& unit) {
  auto* dir = command.add_option("--checkpoint-dir", flags.dir,
                                 "Write checkpoints (HDF5, see docs/CHECKPOINTS.md) into this directory; SIGTERM "
                                 "or SIGUSR1 then make the job checkpoint and exit with code 5");
  command.add_option("--checkpoint-every", flags.every, "Checkpoint after every K " + unit + " (default 10)")
      ->check(CLI::PositiveNumber)
      ->needs(dir);
  command.add_option("--keep", flags.keep, "Keep the newest N checkpoints (default 2)")
      ->check(CLI::PositiveNumber)
      ->needs(dir);
  command
      .add_flag("--resume", flags.resume,
                "Continue from the newest valid checkpoint in --checkpoint-dir (damaged ones are skipped; "
                "with none, start from the beginning)")
      ->needs(dir);
}

}  // namespace eddy::cli
