#include "eddy/io/edge_list_reader.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "eddy/runtime/error.hpp"
#include "gzip_reader.hpp"
#include "line_parser.hpp"
#include "memory_hint.hpp"
#include "plain_range_reader.hpp"
#include "posix_file.hpp"

namespace eddy::io {

namespace {

using detail::line_kind;

void check_part(int part, int parts) {
  if (parts < 1 || part < 0 || part >= parts) {
    throw std::invalid_argument("eddy::io: part " + std::to_string(part) + " of " +
                                std::to_string(parts) + " does not exist");
  }
}

// By content, not by name: a compressed file renamed to .e must still load.
bool is_gzip(const detail::posix_file& file) {
  char head[2] = {0, 0};
  return file.read_at(head, 2, 0) == 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
         static_cast<unsigned char>(head[1]) == 0x8b;
}

const char* find_newline(const char* p, const char* end) noexcept {
  return static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
}

// Reserves room for a whole range of `range_bytes`, extrapolating from the records found in its
// first `sample_bytes`, so that millions of records are neither copied nor faulted in 4 KiB pages
// as the vector grows.
template <class Records>
void reserve_for_range(Records& records, std::uint64_t sample_bytes,
                       std::uint64_t range_bytes) {
  if (records.size() == 0 || sample_bytes == 0) return;
  // 5% slack so that a slightly denser rest of the range does not double the vector.
  const double estimate = static_cast<double>(records.size()) * static_cast<double>(range_bytes) /
                          static_cast<double>(sample_bytes) * 1.05;
  detail::reserve_records(records, static_cast<std::size_t>(estimate) + 16);
}

// Parses the line starting at p (fast path first) into `records` (a vector of Record or
// edge_columns); returns where the next line starts. A bad line goes to on_bad(line_start,
// message), which throws.
template <class Record, class Records, class Parser, class OnBad>
const char* consume_line(const char* p, const char* end, const Parser& parser, Records& records, OnBad&& on_bad) {
  Record record{};
  if (const char* next = parser.fast(p, end, record)) {
    records.push_back(record);
    return next;
  }
  std::string error;
  const char* nl = find_newline(p, end);
  const line_kind kind = parser.full(p, nl != nullptr ? nl : end, record, error);
  if (kind == line_kind::record) records.push_back(record);
  if (kind == line_kind::bad) on_bad(p, error);
  return nl != nullptr ? nl + 1 : end;
}

// The shared skeleton of both readers. Parser is detail::edge_parser or detail::vertex_parser;
// Records is where the parsed Records go.
template <class Record, class Records, class Parser>
void read_records(const std::string& path, int part, int parts, const Parser& parser, Records& records) {
  check_part(part, parts);
  const detail::posix_file file(path);

  if (is_gzip(file)) {
    // Every part inflates everything (a deflate stream has no entry points) and keeps each
    // parts-th line; counting all lines also gives bad lines their number for free.
    const auto stride = static_cast<std::uint64_t>(parts);
    std::uint64_t index = 0;
    auto next_kept = static_cast<std::uint64_t>(part);
    detail::read_gzip_lines(file, [&](std::string_view block) {
      const char* p = block.data();
      const char* const end = p + block.size();
      for (; p != end; ++index) {
        if (index == next_kept) {
          next_kept += stride;
          p = consume_line<Record>(p, end, parser, records, [&](const char*, const std::string& error) {
            throw input_error(path, index + 1, error);
          });
        } else {
          const char* nl = find_newline(p, end);
          p = nl != nullptr ? nl + 1 : end;
        }
      }
    });
    return;
  }

  const detail::byte_range range = detail::part_range(file.size(), part, parts);
  bool first_block = true;
  detail::read_plain_range(file, part, parts, [&](std::string_view block, std::uint64_t offset) {
    const char* p = block.data();
    const char* const end = p + block.size();
    while (p != end) {
      p = consume_line<Record>(p, end, parser, records, [&](const char* line, const std::string& error) {
        // Only the byte offset is known here; the line number costs a scan from the start.
        const auto line_offset = offset + static_cast<std::uint64_t>(line - block.data());
        throw input_error(path, detail::line_number_at(file, line_offset), error);
      });
    }
    if (first_block) {
      reserve_for_range(records, block.size(), range.end - range.begin);
      first_block = false;
    }
  });
}

}  // namespace

std::vector<edge_record> read_edge_list(const std::string& path, int part, int parts,
                                        const edge_list_options& options) {
  std::vector<edge_record> records;
  read_records<edge_record>(path, part, parts, detail::edge_parser{options.weighted}, records);
  return records;
}

edge_columns read_edge_columns(const std::string& path, int part, int parts, const edge_list_options& options) {
  edge_columns columns;
  columns.weighted = options.weighted;
  read_records<edge_record>(path, part, parts, detail::edge_parser{options.weighted}, columns);
  return columns;
}

std::vector<std::uint64_t> read_vertex_list(const std::string& path, int part, int parts) {
  std::vector<std::uint64_t> ids;
  read_records<std::uint64_t>(path, part, parts, detail::vertex_parser{}, ids);
  return ids;
}

namespace {
// Reads every line the slow way and turns the first edge naming `id` into a "bad line", so the
// reader's own error path supplies the line number.
struct edge_naming_finder {
  std::uint64_t id;
  const std::string* what;
  const char* fast(const char*, const char*, edge_record&) const noexcept { return nullptr; }
  line_kind full(const char* p, const char* end, edge_record& out, std::string& error) const {
    const line_kind kind = detail::parse_edge_line(p, end, false, out, error);
    if (kind == line_kind::record && (out.src == id || out.dst == id)) {
      error = *what;
      return line_kind::bad;
    }
    return kind;
  }
};
}  // namespace

void report_edge_naming(const std::string& path, std::uint64_t id, const std::string& what) {
  std::vector<edge_record> ignored;
  read_records<edge_record>(path, 0, 1, edge_naming_finder{id, &what}, ignored);
}

}  // namespace eddy::io
