#pragma once
// Reserving result vectors so that a large read neither reallocates nor takes a page fault every
// 4 KiB: filling 10M edges (240 MB) otherwise spends more time in the kernel than in parsing.
#include <cstddef>
#include <vector>

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

}  // namespace eddy::io::detail
