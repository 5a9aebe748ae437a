#include "eddy/runtime/metrics.hpp"

#include <sys/resource.h>

namespace eddy {

std::uint64_t peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024U;  // Linux reports kibibytes
}

}  // namespace eddy
