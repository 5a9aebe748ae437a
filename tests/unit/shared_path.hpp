#pragma once
// A temporary file name every rank agrees on (rank 0 chooses it), removed when all are done: for
// tests of collective file writers and readers.
#include <unistd.h>

#include <filesystem>
#include <string>

#include "eddy/runtime/communicator.hpp"

namespace eddy::test {

class shared_path {
 public:
  shared_path(const communicator& comm, const std::string& name) : comm_(comm) {
    path_ = (std::filesystem::temp_directory_path() / ("eddy-test-" + std::to_string(::getpid()) + "-" + name)).string();
    comm.broadcast(path_, 0);
  }
  ~shared_path() {
    comm_.barrier();
    if (comm_.rank() == 0) std::filesystem::remove(path_);
  }
  shared_path(const shared_path&) = delete;
  shared_path& operator=(const shared_path&) = delete;
  [[nodiscard]] const std::string& str() const { return path_; }

 private:
  const communicator& comm_;
  std::string path_;
};

}  // namespace eddy::test
