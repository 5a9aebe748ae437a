// Fuzzes the edge-list and vertex-list readers (eddy/io/edge_list_reader.hpp), plain and gzip.
//
// The first byte of an input says how the rest, the file's text, is read:
//   bit 0      weighted (a third column required)
//   bit 1      stored gzip-compressed (bit 7: as two members), so that the fuzzer explores the
//              gzip line path with text it can mutate; raw gzip damage comes from inputs whose
//              text itself starts with the gzip magic bytes
//   bits 2..4  read in 1 + (value % 7) parts, as that many ranks would
//   bit 5      read as a vertex list (one id per line) instead of an edge list
// Besides crashes, a finding is any disagreement between ways of reading the same text: the
// parts together must return exactly the records of one whole read (in order for plain files,
// where each part is a byte range), fail where it fails with the same message, and a gzip file
// must read like the plain text it holds.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "eddy/io/edge_list_reader.hpp"
#include "fuzz_support.hpp"

namespace {

using eddy::fuzz::finding;
using eddy::fuzz::rejection;

template <class Record>
struct outcome {
  std::vector<Record> records;
  std::optional<rejection> error;
};

auto key(const eddy::io::edge_record& e) { return std::make_tuple(e.src, e.dst, e.weight); }
auto key(std::uint64_t id) { return std::make_tuple(id); }
auto key(double weight) { return std::make_tuple(weight); }

template <class Record>
bool same_records(const std::vector<Record>& a, const std::vector<Record>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const Record& x, const Record& y) { return key(x) == key(y); });
}

std::string describe(const std::optional<rejection>& r) {
  return r ? "line " + std::to_string(r->line) + ": " + r->message : "no error";
}

// read(part, parts) returns one part's records.
template <class Record, class Read>
outcome<Record> read_part(const Read& read, int part, int parts) {
  outcome<Record> o;
  o.error = eddy::fuzz::rejected([&] { o.records = read(part, parts); });
  return o;
}

// The parts of a file against one whole read of it. in_order: a plain file, whose parts are
// consecutive byte ranges; a gzip file's parts interleave its lines.
// Returns the whole read.
template <class Record, class Read>
outcome<Record> check_parts(const char* what, const Read& read, int parts, bool in_order) {
  auto whole = read_part<Record>(read, 0, 1);
  if (parts == 1) return whole;
  std::vector<Record> joined;
  std::optional<rejection> first;  // the part error with the lowest positive line
  bool every_part_failed = true;
  bool some_part_failed = false;
  for (int part = 0; part < parts; ++part) {
    auto o = read_part<Record>(read, part, parts);
    joined.insert(joined.end(), o.records.begin(), o.records.end());
    every_part_failed = every_part_failed && o.error.has_value();
    some_part_failed = some_part_failed || o.error.has_value();
    if (o.error && o.error->line > 0 && (!first || o.error->line < first->line)) first = o.error;
  }
  const std::string where = std::string(what) + " in " + std::to_string(parts) + " parts: ";
  if (!whole.error) {
    if (some_part_failed) finding(where + "a part fails where the whole file reads");
    if (!in_order) {
      std::sort(joined.begin(), joined.end(), [](const Record& x, const Record& y) { return key(x) < key(y); });
    }
    auto expected = whole.records;
    if (!in_order) {
      std::sort(expected.begin(), expected.end(), [](const Record& x, const Record& y) { return key(x) < key(y); });
    }
    if (!same_records(joined, expected)) {
      finding(where + std::to_string(joined.size()) + " records, the whole file has " +
              std::to_string(expected.size()));
    }
    return whole;
  }
  // An error about the whole file (damaged gzip data) is met by every part; a bad line is met by
  // the part that holds it, and no part may report an earlier line.
  if (whole.error->line == 0) {
    if (!every_part_failed) finding(where + "a part reads a file that fails as a whole: " + describe(whole.error));
    return whole;
  }
  if (!first || first->line != whole.error->line || first->message != whole.error->message) {
    finding(where + "the parts report " + describe(first) + ", the whole file " + describe(whole.error));
  }
  return whole;
}

// A gzip file against the plain text it holds: the same records, or the same bad line.
template <class Record, class Read>
void check_same_reading(const char* what, const Read& plain, const Read& compressed) {
  const auto a = read_part<Record>(plain, 0, 1);
  const auto b = read_part<Record>(compressed, 0, 1);
  const bool same = a.error ? b.error && a.error->line == b.error->line && a.error->message == b.error->message
                            : !b.error && same_records(a.records, b.records);
  if (!same) {
    finding(std::string(what) + ": the gzip file reads as " + describe(b.error) + " with " +
            std::to_string(b.records.size()) + " records, its plain text as " + describe(a.error) + " with " +
            std::to_string(a.records.size()));
  }
}

bool starts_with_gzip_magic(std::string_view text) {
  return text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0x1f && static_cast<unsigned char>(text[1]) == 0x8b;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  eddy::fuzz::start(argc, argv);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = eddy::fuzz::split_flags(data, size);
  if (!input) return 0;
  const unsigned flags = input->flags;
  const std::string_view text = input->text;
  const eddy::io::edge_list_options options{(flags & 1U) != 0};
  const bool compress = (flags & 2U) != 0;
  const int parts = 1 + static_cast<int>((flags >> 2U) & 7U) % 7;

  const std::string plain_path = eddy::fuzz::write_file("edges", text);
  std::string path = plain_path;
  if (compress) {
    const std::size_t split = (flags & 0x80U) != 0 ? text.size() / 2 : text.size();
    path = eddy::fuzz::write_file("edges.gz", eddy::fuzz::gzip(text, split));
  }
  const bool in_order = !compress && !starts_with_gzip_magic(text);

  const auto edges_of = [&options](const std::string& file) {
    return [&options, file](int part, int parts_) { return eddy::io::read_edge_list(file, part, parts_, options); };
  };
  const auto vertices_of = [](const std::string& file) {
    return [file](int part, int parts_) { return eddy::io::read_vertex_list(file, part, parts_); };
  };
  if ((flags & 0x20U) != 0) {
    (void)check_parts<std::uint64_t>("vertex list", vertices_of(path), parts, in_order);
    if (compress && !starts_with_gzip_magic(text)) {
      check_same_reading<std::uint64_t>("vertex list", vertices_of(plain_path), vertices_of(path));
    }
    return 0;
  }
  const auto records = check_parts<eddy::io::edge_record>("edge list", edges_of(path), parts, in_order);
  if (compress && !starts_with_gzip_magic(text)) {
    check_same_reading<eddy::io::edge_record>("edge list", edges_of(plain_path), edges_of(path));
  }

  // Loading reads columns: they must hold what the records hold.
  eddy::io::edge_columns columns;
  const auto column_error =
      eddy::fuzz::rejected([&] { columns = eddy::io::read_edge_columns(path, 0, 1, options); });
  const auto expected = eddy::io::to_columns(records.records, options.weighted);
  if (records.error.has_value() != column_error.has_value() ||
      (!records.error && (!same_records(expected.src, columns.src) || !same_records(expected.dst, columns.dst) ||
                          !same_records(expected.weight, columns.weight)))) {
    finding("edge columns differ from edge records");
  }

  // The error path that names the line of an undeclared vertex must find a vertex that is there.
  if (!records.error && !records.records.empty()) {
    const auto& e = records.records[records.records.size() / 2];
    const auto naming = eddy::fuzz::rejected([&] { eddy::io::report_edge_naming(path, e.dst, "named"); });
    if (!naming || naming->line == 0 || naming->message != "named") {
      finding("report_edge_naming does not name a line for vertex " + std::to_string(e.dst) + ": " + describe(naming));
    }
  }
  return 0;
}
