#include "eddy/io/memory_hint.hpp"

#include <sys/mman.h>

#include <cstdint>

namespace eddy::io {

void advise_huge_pages(void* data, std::size_t bytes) noexcept {
#ifdef MADV_HUGEPAGE
  // madvise needs page-aligned bounds; only whole 2 MiB extents can become huge pages anyway.
  constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (begin + huge - 1) & ~(huge - 1);
  const std::uintptr_t last = (begin + bytes) & ~(huge - 1);
  if (first < last) {
    // Only a hint: without it the same memory comes in 4 KiB pages.
    (void)::madvise(static_cast<char*>(data) + (first - begin), last - first, MADV_HUGEPAGE);
  }
#else
  (void)data;
  (void)bytes;
#endif
}

}  // namespace eddy::io
