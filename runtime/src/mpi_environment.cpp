#include "eddy/runtime/mpi_environment.hpp"

#include <mpi.h>

#include <cstdlib>

#include "eddy/runtime/error.hpp"

namespace eddy {

mpi_environment::mpi_environment(int& argc, char**& argv) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized != 0) return;
  int provided = 0;
  // FUNNELED: only the main thread of a rank calls MPI; TBB workers compute between exchanges.
  if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    throw error("MPI_Init_thread failed");
  }
  owns_ = true;
}

mpi_environment::~mpi_environment() {
  if (!owns_) return;
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (finalized == 0) MPI_Finalize();
}

void mpi_environment::abort(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);  // MPI_Abort should not return; make sure the process ends regardless.
}

}  // namespace eddy
