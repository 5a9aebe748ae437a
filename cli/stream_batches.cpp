#include "stream_batches.hpp"

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <system_error>

#include "eddy/io/vertex_value_writer.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/error.hpp"

namespace eddy::cli {

batch_source::batch_source(const communicator& comm, const batch_settings& settings)
    : comm_(comm), settings_(settings) {
  agree(comm, [&] {
    if (comm.rank() != 0) return;  // the other ranks only receive batches
    if (settings_.window) window_ = std::make_unique<event_window<io::edge_update, edge_traits>>(*settings_.window);
    reader_ = std::make_unique<io::update_reader>(settings_.updates, settings_.format);
    name_ = reader_->name();
    if (!settings_.late_output.empty()) {
      late_file_ = std::fopen(settings_.late_output.c_str(), settings_.resumed ? "a" : "w");
      if (late_file_ == nullptr) {
        throw usage_error(settings_.late_output + ": cannot write late updates here: " + std::generic_category().message(errno));
      }
    }
  });
  comm.broadcast(name_, 0);
}

batch_source::~batch_source() {
  if (late_file_ != nullptr) std::fclose(late_file_);
}

bool batch_source::next(std::vector<io::edge_update>& batch) {
  batch.clear();
  int more = 0;
  agree(comm_, [&] {
    if (comm_.rank() == 0) more = fill(batch) ? 1 : 0;
  });
  comm_.broadcast(more, 0);
  comm_.broadcast(late_, 0);
  comm_.broadcast(consumed_, 0);
  std::int64_t end[2] = {window_end_.has_value() ? 1 : 0, window_end_.value_or(0)};
  comm_.broadcast(end, 0);
  if (end[0] != 0) window_end_ = end[1];
  if (late_file_ != nullptr) std::fflush(late_file_);
  return more != 0;
}

bool batch_source::fill(std::vector<io::edge_update>& batch) {
  if (window_) return fill_window(batch);
  if (finished_) return false;
  const std::size_t before = batch.size();
  try {
    reader_->read(batch, settings_.batch_size);
  } catch (...) {
    batch.resize(before);  // nothing of a half-read batch is applied
    throw;
  }
  consumed_ += batch.size() - before;
  if (batch.size() == before) finished_ = true;
  return !batch.empty();
}

// Reads one update at a time so that a batch fires as soon as the watermark passes a window end,
// without waiting for more input than that needs (a live source may pause for long).
bool batch_source::fill_window(std::vector<io::edge_update>& batch) {
  std::vector<io::edge_update> one;
  while (true) {
    if (window_->next_batch(batch)) {
      window_end_ = window_->last_fired_end();
      return true;
    }
    if (finished_) return false;
    one.clear();
    if (reader_->read(one, 1) == 0) {
      finished_ = true;
      window_->finish();
      continue;
    }
    ++consumed_;
    auto u = one.front();
    if (!u.has_time) {
      throw input_error(reader_->name(), reader_->line(), "--window needs a TIME on every update, this one has none");
    }
    if (settings_.undirected && u.src > u.dst) std::swap(u.src, u.dst);  // one key per undirected edge
    if (!window_->offer(u)) reject_late(u);
  }
}

namespace {

// The fixed part of a saved batch source, 8-byte fields only (no padding in a checkpoint).
struct source_counts {
  std::uint64_t consumed;
  std::uint64_t late;
  std::uint64_t has_window_end;
  std::int64_t window_end;
  std::uint64_t finished;
};

}  // namespace

std::vector<std::byte> batch_source::saved() const {
  std::vector<std::byte> bytes;
  if (comm_.rank() == 0) {
    const source_counts counts{consumed_, late_, window_end_.has_value() ? 1U : 0U, window_end_.value_or(0),
                               finished_ ? 1U : 0U};
    const auto head = std::as_bytes(std::span(&counts, 1));
    bytes.assign(head.begin(), head.end());
    if (window_) {
      const auto rest = window_->saved();
      bytes.insert(bytes.end(), rest.begin(), rest.end());
    }
  }
  comm_.broadcast(bytes, 0);
  return bytes;
}

void batch_source::restore(std::span<const std::byte> bytes) {
  source_counts counts{};
  agree_that(comm_, bytes.size() >= sizeof counts, "a checkpoint's stream state is cut short");
  std::memcpy(&counts, bytes.data(), sizeof counts);
  consumed_ = counts.consumed;
  late_ = counts.late;
  if (counts.has_window_end != 0) window_end_ = counts.window_end;
  finished_ = counts.finished != 0;
  agree(comm_, [&] {
    if (comm_.rank() != 0) return;
    if (window_) window_->restore(bytes.subspan(sizeof counts));
    std::vector<io::edge_update> skipped;
    for (std::uint64_t left = consumed_; left > 0;) {
      skipped.clear();
      const auto n = reader_->read(skipped, static_cast<std::size_t>(std::min<std::uint64_t>(left, 1U << 16U)));
      if (n == 0) {
        throw input_error(reader_->name(), reader_->line(),
                          "the stream ends before the " + std::to_string(consumed_) +
                              " updates the checkpoint had already taken from it");
      }
      left -= n;
    }
  });
}

void batch_source::reject_late(const io::edge_update& u) {
  ++late_;
  if (late_file_ != nullptr) {
    static constexpr char letter[] = {'a', 'd', 'u'};
    std::string line(1, letter[static_cast<int>(u.kind)]);
    for (const auto id : {u.src, u.dst}) {
      line += ' ';
      io::append_value(line, id);
    }
    if (u.kind != io::update_kind::remove) {
      line += ' ';
      io::append_value(line, u.weight);
    }
    line += ' ';
    io::append_value(line, u.time);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), late_file_);
    return;
  }
  if (late_ <= 10) {
    std::fprintf(stderr, "eddy: %s:%llu: late update (time %lld, window already closed at %lld), dropped%s\n",
                 reader_->name().c_str(), static_cast<unsigned long long>(reader_->line()), static_cast<long long>(u.time),
                 static_cast<long long>(window_->last_fired_end().value_or(0)),
                 late_ == 10 ? "; further late updates are only counted" : "");
  }
}

}  // namespace eddy::cli
