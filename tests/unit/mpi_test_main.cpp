// GoogleTest main for tests that run under mpirun: MPI lives for the whole test program, and only
// rank 0 prints results so the output reads like a single process's.
#include <gtest/gtest.h>

#include "eddy/runtime/communicator.hpp"
#include "eddy/runtime/mpi_environment.hpp"

int main(int argc, char** argv) {
  eddy::mpi_environment mpi(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  const eddy::communicator comm;
  if (comm.rank() != 0) {
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  const int failed = RUN_ALL_TESTS();
  // Agree on the verdict so that a failure on any rank fails the job.
  return comm.all_reduce(failed, eddy::reduce_op::max);
}
