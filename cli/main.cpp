// The eddy command: `eddy run`, `eddy stream`, `eddy convert`, `eddy generate` and `eddy checkpoint`.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/communicator.hpp"
#include "eddy/runtime/error.hpp"
#include "eddy/runtime/fault_injection.hpp"
#include "eddy/runtime/mpi_environment.hpp"
#include "checkpoint_command.hpp"
#include "convert_command.hpp"
#include "generate_command.hpp"
#include "run_command.hpp"
#include "stream_command.hpp"

namespace {

int report(const eddy::communicator& comm, const std::string& message, eddy::exit_code code, bool everyone_knows) {
  if (everyone_knows) {
    if (comm.rank() == 0) std::fprintf(stderr, "eddy: error: %s\n", message.c_str());
    return static_cast<int>(code);
  }
  // Only this rank knows: the others may be blocked in a collective, so end the whole job now.
  std::fprintf(stderr, "eddy: error: %s (rank %d)\n", message.c_str(), comm.rank());
  std::fflush(stderr);
  eddy::mpi_environment::abort(static_cast<int>(code));
}

}  // namespace

// Outside the try blocks run only MPI's initialisation and the setup of the command line; if
// either throws there is no job to report to, and std::terminate ending the process is right.
// NOLINTNEXTLINE(bugprone-exception-escape)
int main(int argc, char** argv) {
  eddy::mpi_environment mpi(argc, argv);
  const eddy::communicator comm;

  CLI::App app{"eddy: distributed graph analytics on MPI", "eddy"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "eddy 0.1.0");
  eddy::cli::run_settings run;
  auto* run_command = eddy::cli::add_run_command(app, run);
  eddy::cli::convert_settings convert;
  auto* convert_command = eddy::cli::add_convert_command(app, convert);
  eddy::cli::generate_settings generate;
  auto* generate_command = eddy::cli::add_generate_command(app, generate);
  eddy::cli::stream_settings stream;
  auto* stream_command = eddy::cli::add_stream_command(app, stream);
  eddy::cli::checkpoint_settings_cli checkpoint;
  auto* checkpoint_command = eddy::cli::add_checkpoint_command(app, checkpoint);
  app.footer(
      "Launch with mpirun -np N eddy ...; progress goes to standard error.\n"
      "Exit codes: 0 success, 1 failure, 2 usage error, 3 bad input data, 5 stopped by a signal after a\n"
      "checkpoint (continue with --resume).");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Every rank parses the same arguments and reaches the same verdict; rank 0 speaks.
    if (comm.rank() != 0) return e.get_exit_code() == 0 ? 0 : static_cast<int>(eddy::exit_code::usage);
    const int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(eddy::exit_code::usage);
  }

  try {
    eddy::arm_fault_injection(comm);
    if (run_command->parsed()) eddy::cli::execute_run(comm, run);
    if (convert_command->parsed()) eddy::cli::execute_convert(comm, convert);
    if (generate_command->parsed()) eddy::cli::execute_generate(comm, generate);
    if (stream_command->parsed()) eddy::cli::execute_stream(comm, stream);
    if (checkpoint_command->parsed()) eddy::cli::execute_checkpoint(comm, *checkpoint_command, checkpoint);
  } catch (const eddy::collective_error& e) {
    return report(comm, e.what(), e.code(), true);
  } catch (const eddy::error& e) {
    return report(comm, e.what(), e.code(), false);
  } catch (const std::bad_alloc&) {
    return report(comm, "out of memory", eddy::exit_code::failure, false);
  } catch (const std::exception& e) {
    return report(comm, e.what(), eddy::exit_code::failure, false);
  }
  return 0;
}
