#pragma once
// Progress lines on standard error, written by rank 0 only so a job prints each line once.
#include <cstdio>
#include <string>

#include "eddy/runtime/communicator.hpp"

namespace eddy::cli {

class progress {
 public:
  progress(const communicator& comm, bool verbose) : root_(comm.rank() == 0), verbose_(verbose) {}
  void note(const std::string& line) const {
    if (root_) std::fprintf(stderr, "eddy: %s\n", line.c_str());
  }
  [[nodiscard]] bool verbose() const noexcept { return verbose_; }

 private:
  bool root_;
  bool verbose_;
};

}  // namespace eddy::cli
