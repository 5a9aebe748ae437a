#include "eddy/io/edge_list_reader.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "eddy/io/memory_hint.hpp"
#include "eddy/runtime/error.hpp"
#include "gzip_reader.hpp"
#include "line_parser.hpp"
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
  reserve_huge(records, static_cast<std::size_t>(estimate) + 16);
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

// Parses every line of [p, end) (whole lines) into `records`, the two halves of the span side by
// side: where a line starts depends on the line before it, so one stream of lines keeps the
// processor waiting, and two independent ones overlap. The second half's records wait in
// `second` and then follow the first half's. A line the fast path does not take ends the
// pairing; the rest of both halves then goes line by line in file order, so a bad line is
// reported exactly as without the pairing.
template <class Record, class Records, class Parser, class OnBad>
void consume_pair(const char* p, const char* end, const Parser& parser, Records& records, std::vector<Record>& second,
                  OnBad&& on_bad) {
  const char* mid = find_newline(p + (end - p) / 2, end);
  mid = mid != nullptr ? mid + 1 : end;
  const char* q = mid;
  second.clear();
  Record a{};
  Record b{};
  while (p != mid && q != end) {
    const char* next_a = parser.fast(p, mid, a);
    const char* next_b = parser.fast(q, end, b);
    if (next_a == nullptr || next_b == nullptr) break;
    records.push_back(a);
    second.push_back(b);
    p = next_a;
    q = next_b;
  }
  while (p != mid) p = consume_line<Record>(p, mid, parser, records, on_bad);
  for (const Record& r : second) records.push_back(r);
  while (q != end) q = consume_line<Record>(q, end, parser, records, on_bad);
}

// Every line of [p, end) (whole lines) into `records`, in spans small enough that the records
// waiting in `second` stay in cache.
template <class Record, class Records, class Parser, class OnBad>
void consume_block(const char* p, const char* const end, const Parser& parser, Records& records,
                   std::vector<Record>& second, OnBad&& on_bad) {
  constexpr std::ptrdiff_t span = std::ptrdiff_t{128} << 10U;
  while (p != end) {
    const char* cut = end - p > span ? find_newline(p + span, end) : nullptr;
    cut = cut != nullptr ? cut + 1 : end;
    consume_pair<Record>(p, cut, parser, records, second, on_bad);
    p = cut;
  }
}

// Every line of `range` of a plain file into `records`.
template <class Record, class Records, class Parser>
void read_plain(const detail::posix_file& file, const std::string& path, detail::byte_range range,
                const Parser& parser, Records& records) {
  bool first_block = true;
  std::vector<Record> second;
  detail::read_plain_range(file, range, [&](std::string_view block, std::uint64_t offset) {
    consume_block<Record>(block.data(), block.data() + block.size(), parser, records, second,
                          [&](const char* line, const std::string& error) {
                            // Only the byte offset is known here; the line number costs a scan from
                            // the start.
                            const auto line_offset = offset + static_cast<std::uint64_t>(line - block.data());
                            throw input_error(path, detail::line_number_at(file, line_offset), error);
                          });
    if (first_block) {
      reserve_for_range(records, block.size(), range.end - range.begin);
      first_block = false;
    }
  });
}

// Appends the records of every element of `pieces`, in order, to `records`.
template <class Record>
void append_all(std::vector<Record>& records, std::vector<std::vector<Record>>& pieces) {
  std::size_t total = records.size();
  for (const auto& piece : pieces) total += piece.size();
  reserve_huge(records, total);
  for (auto& piece : pieces) {
    records.insert(records.end(), piece.begin(), piece.end());
    piece = std::vector<Record>();
  }
}

void append_all(edge_columns& records, std::vector<edge_columns>& pieces) {
  std::size_t total = records.size();
  for (const auto& piece : pieces) total += piece.size();
  reserve_huge(records, total);
  for (auto& piece : pieces) {
    records.src.insert(records.src.end(), piece.src.begin(), piece.src.end());
    records.dst.insert(records.dst.end(), piece.dst.begin(), piece.dst.end());
    records.weight.insert(records.weight.end(), piece.weight.begin(), piece.weight.end());
    piece = {};
  }
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

  // Threads read pieces of the part side by side, each into records of its own, appended in
  // order afterwards; pieces are large, so that the appending costs little next to parsing.
  const detail::byte_range range = detail::part_range(file.size(), part, parts);
  constexpr std::uint64_t min_piece = std::uint64_t{16} << 20U;
  const auto threads = static_cast<std::uint64_t>(tbb::this_task_arena::max_concurrency());
  const auto pieces = static_cast<int>(std::clamp<std::uint64_t>((range.end - range.begin) / min_piece, 1, threads));
  if (pieces == 1) {
    read_plain<Record>(file, path, range, parser, records);
    return;
  }
  std::vector<Records> read(static_cast<std::size_t>(pieces), records);  // empty, configured alike
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(pieces));
  tbb::parallel_for(0, pieces, [&](int k) {
    const auto i = static_cast<std::size_t>(k);
    try {
      read_plain<Record>(file, path, detail::piece_of(range, k, pieces), parser, read[i]);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  });
  // The first piece with a bad line holds the first bad line of the part.
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  append_all(records, read);
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
