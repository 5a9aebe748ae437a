#pragma once
// Where `eddy stream` gets its batches: rank 0 reads the update stream and cuts it into batches,
// by count (--batch-size) or by event-time windows (--window/--slide, with a watermark); the
// other ranks receive their updates when the batch is applied (the graph routes every update to
// the owners of its endpoints).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "eddy/io/edge_update.hpp"
#include "eddy/io/update_reader.hpp"
#include "eddy/runtime/communicator.hpp"
#include "eddy/runtime/event_window.hpp"

namespace eddy::cli {

struct batch_settings {
  std::string updates;  // path, "-" or tcp://HOST:PORT
  io::update_format format = io::update_format::eddy;
  std::size_t batch_size = 10000;
  std::optional<window_settings> window;
  std::string late_output;  // where late updates go, in the update format (empty: the log only)
  bool resumed = false;     // continuing from a checkpoint: late_output is appended to
  bool undirected = false;  // edges are keyed without direction in windows
};

class batch_source {
 public:
  // Collective: rank 0 opens the stream (a TCP source is listening when this returns).
  batch_source(const communicator& comm, const batch_settings& settings);
  ~batch_source();
  batch_source(const batch_source&) = delete;
  batch_source& operator=(const batch_source&) = delete;

  // Collective: the next batch, held by rank 0 (the other ranks get an empty one); false once the
  // stream has ended and everything was delivered. A malformed line fails every rank with the
  // reader's FILE:LINE message, and nothing of the half-read batch is applied.
  bool next(std::vector<io::edge_update>& batch);

  [[nodiscard]] const std::string& name() const noexcept { return name_; }  // same on every rank
  [[nodiscard]] std::uint64_t late() const noexcept { return late_; }      // rank 0's count, broadcast
  [[nodiscard]] std::optional<std::int64_t> window_end() const noexcept { return window_end_; }

  // For checkpoints. Updates taken from the source so far (applied, buffered in a window, or late):
  // the stream offset. Rank 0's count, broadcast with every batch.
  [[nodiscard]] std::uint64_t consumed() const noexcept { return consumed_; }
  // Collective: the state as bytes, the same on every rank (counts and the window's buffer).
  [[nodiscard]] std::vector<std::byte> saved() const;
  // Collective: continues where saved() was taken. Rank 0 reads past the first consumed() updates
  // of the source (a file, or standard input or TCP replaying the stream from its start), so
  // none is applied twice or lost.
  void restore(std::span<const std::byte> bytes);

 public:
  // Edges as keys of event-time windows (undirected edges arrive with src <= dst).
  struct edge_key {  // trivially copyable, so a window's state can be checkpointed as bytes
    std::uint64_t first;
    std::uint64_t second;
    bool operator==(const edge_key&) const = default;
  };
  struct edge_traits {
    using key_type = edge_key;
    static std::int64_t time(const io::edge_update& u) { return u.time; }
    static key_type key(const io::edge_update& u) { return {u.src, u.dst}; }
    static bool inserts(const io::edge_update& u) { return u.kind == io::update_kind::add; }
    static bool retracts(const io::edge_update& u) { return u.kind == io::update_kind::remove; }
    static io::edge_update retraction(const key_type& k, std::int64_t t) {
      return {k.first, k.second, 1.0, t, io::update_kind::remove, true};
    }
    static std::size_t hash(const key_type& k) { return std::hash<std::uint64_t>{}(k.first * 0x9e3779b97f4a7c15ULL ^ k.second); }
  };

 private:
  bool fill(std::vector<io::edge_update>& batch);  // rank 0
  bool fill_window(std::vector<io::edge_update>& batch);
  void reject_late(const io::edge_update& u);

  const communicator& comm_;
  batch_settings settings_;
  std::unique_ptr<io::update_reader> reader_;
  std::unique_ptr<event_window<io::edge_update, edge_traits>> window_;
  std::FILE* late_file_ = nullptr;
  std::string name_;
  std::uint64_t late_ = 0;
  std::optional<std::int64_t> window_end_;
  std::uint64_t consumed_ = 0;
  bool finished_ = false;
};

}  // namespace eddy::cli
