#pragma once
// Limits the TBB worker threads a rank uses for as long as the object lives.
#include <tbb/global_control.h>

#include <memory>

namespace eddy {

class thread_limit {
 public:
  // threads == 0 leaves TBB's default (all cores of the process' affinity mask).
  explicit thread_limit(unsigned threads) {
    if (threads > 0) {
      control_ = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, threads);
    }
  }
  [[nodiscard]] static unsigned active() {
    return static_cast<unsigned>(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
  }

 private:
  std::unique_ptr<tbb::global_control> control_;
};

}  // namespace eddy
