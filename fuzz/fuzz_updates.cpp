// Fuzzes the update-stream reader (eddy/io/update_reader.hpp) on files, plain and gzip.
//
// The first byte of an input says how the rest, the stream's text, is read:
//   bit 0      format: eddy (0) or snap-temporal (1)
//   bit 1      stored gzip-compressed, so that the fuzzer explores the gzip source with text it
//              can mutate; raw gzip damage comes from texts that start with the gzip magic bytes
//   bits 2..7  the batch size of the reads: 1 + value
// Besides crashes, a finding is a reader that breaks its contract: reading in batches must give
// the updates of one read of everything and fail at the same line with the same message, a bad
// line must stay unconsumed (reading again fails again), and a stream read to its end must have
// consumed every line.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/io/update_reader.hpp"
#include "fuzz_support.hpp"

namespace {

using eddy::fuzz::finding;
using eddy::fuzz::rejection;

struct outcome {
  std::vector<eddy::io::edge_update> updates;
  std::optional<rejection> error;
  std::uint64_t lines = 0;  // line() at the end
};

bool same(const eddy::io::edge_update& a, const eddy::io::edge_update& b) {
  return a.src == b.src && a.dst == b.dst && a.kind == b.kind && a.has_time == b.has_time &&
         (!a.has_time || a.time == b.time) && (a.kind == eddy::io::update_kind::remove || a.weight == b.weight);
}

outcome read_all(const std::string& path, eddy::io::update_format format, std::size_t batch) {
  outcome o;
  std::optional<eddy::io::update_reader> reader;
  o.error = eddy::fuzz::rejected([&] { reader.emplace(path, format); });
  if (o.error) return o;
  o.error = eddy::fuzz::rejected([&] {
    while (!reader->at_end()) {
      const std::size_t before = o.updates.size();
      const std::size_t got = reader->read(o.updates, batch);
      if (got != o.updates.size() - before || got > batch) finding("read() returned a count it did not append");
      if (got == 0 && !reader->at_end()) finding("read() returned nothing before the end of the stream");
    }
  });
  o.lines = reader->line();
  if (o.error) {
    if (o.error->line != 0 && o.error->line != reader->line() + 1) {
      finding("the error names line " + std::to_string(o.error->line) + " after " + std::to_string(reader->line()) +
              " lines were consumed");
    }
    const std::size_t kept = o.updates.size();
    const auto again = eddy::fuzz::rejected([&] { (void)reader->read(o.updates, batch); });
    if (!again || again->line != o.error->line || again->message != o.error->message || o.updates.size() != kept) {
      finding("reading past a bad line does not fail there again");
    }
  }
  return o;
}

std::size_t lines_of(std::string_view text) {
  const auto newlines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  return newlines + (!text.empty() && text.back() != '\n' ? 1 : 0);
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
  const auto format = (flags & 1U) != 0 ? eddy::io::update_format::snap_temporal : eddy::io::update_format::eddy;
  const bool compress = (flags & 2U) != 0;
  const std::size_t batch = 1 + (flags >> 2U);

  const std::string path =
      compress ? eddy::fuzz::write_file("updates.gz", eddy::fuzz::gzip(text, text.size()))
               : eddy::fuzz::write_file("updates", text);
  const outcome whole = read_all(path, format, std::numeric_limits<std::size_t>::max());
  const outcome batched = read_all(path, format, batch);

  const bool agree = whole.error ? batched.error && whole.error->line == batched.error->line &&
                                       whole.error->message == batched.error->message
                                 : !batched.error;
  if (!agree || !std::equal(whole.updates.begin(), whole.updates.end(), batched.updates.begin(),
                            batched.updates.end(), same)) {
    finding("reading in batches of " + std::to_string(batch) + " differs from reading everything at once");
  }
  const bool text_known = compress || text.size() < 2 || static_cast<unsigned char>(text[0]) != 0x1f ||
                          static_cast<unsigned char>(text[1]) != 0x8b;
  if (!whole.error && text_known && whole.lines != lines_of(text)) {
    finding("the stream was read to its end after " + std::to_string(whole.lines) + " of " +
            std::to_string(lines_of(text)) + " lines");
  }
  return 0;
}
