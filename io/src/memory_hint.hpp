#pragma once
// Reserving result vectors so that a large read neither reallocates nor takes a page fault every
// 4 KiB: filling 10M edges (240 MB) otherwise spends more time in the kernel than in parsing.
#include <cstddef>
#include <vector>

#include "eddy/io/edge_record.hpp"

namespace eddy::io::detail {

// Asks for transparent huge pages on [data, data + bytes); a no-op where they are unavailable.
void advise_huge_pages(void* data, std::size_t bytes) noexcept;

// Grows `records` to hold `count` elements and hints huge pages for the untouched part.
template <class Record>
void reserve_records(std::vector<Record>& records, std::size_t count) {
  if (count <= records.capacity()) return;
  records.reserve(count);
  advise_huge_pages(records.data() + records.size(), (records.capacity() - records.size()) * sizeof(Record));
}

inline void reserve_records(edge_columns& columns, std::size_t count) {
  reserve_records(columns.src, count);
  reserve_records(columns.dst, count);
  if (columns.weighted) reserve_records(columns.weight, count);
}

}  // namespace eddy::io::detail
