#pragma once
// Large buffers that loading fills once: reserved with a hint for transparent huge pages, they take
// one page fault per 2 MiB instead of one per 4 KiB. Filling 10M edges (240 MB) in small pages
// otherwise spends more time in the kernel than in parsing.
#include <cstddef>
#include <vector>

#include "eddy/io/edge_record.hpp"

namespace eddy::io {

// Asks for transparent huge pages on [data, data + bytes); a no-op where they are unavailable.
void advise_huge_pages(void* data, std::size_t bytes) noexcept;

// Grows the capacity of `values` to `count` elements and hints huge pages for the untouched part.
template <class T>
void reserve_huge(std::vector<T>& values, std::size_t count) {
  if (count <= values.capacity()) return;
  values.reserve(count);
  advise_huge_pages(values.data() + values.size(), (values.capacity() - values.size()) * sizeof(T));
}

inline void reserve_huge(edge_columns& columns, std::size_t count) {
  reserve_huge(columns.src, count);
  reserve_huge(columns.dst, count);
  if (columns.weighted) reserve_huge(columns.weight, count);
}

// Resizes `values` to `count` elements (value-initialised), in huge pages where it grows.
template <class T>
void resize_huge(std::vector<T>& values, std::size_t count) {
  reserve_huge(values, count);
  values.resize(count);
}

}  // namespace eddy::io
