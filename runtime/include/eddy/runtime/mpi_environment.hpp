#pragma once
// Owns MPI's lifetime for one process: initialised once (with thread support, since TBB workers
// run inside a rank) and finalised when the object dies, so every exit path finalises.
namespace eddy {

class mpi_environment {
 public:
  mpi_environment(int& argc, char**& argv);
  ~mpi_environment();
  mpi_environment(const mpi_environment&) = delete;
  mpi_environment& operator=(const mpi_environment&) = delete;

  // Ends every rank of the job at once; used when an error is known to one rank only, where
  // waiting for the others to notice would hang them in their next collective.
  [[noreturn]] static void abort(int code);

 private:
  bool owns_ = false;
};

}  // namespace eddy
