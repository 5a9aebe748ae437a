#pragma once
// The byte sources behind update_reader: a file (plain or gzip), standard input, or one TCP
// connection. Each delivers the stream's bytes in order, in pieces of whatever size the input
// has ready; reads retry on EINTR.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace eddy::io::detail {

class update_source {
 public:
  virtual ~update_source() = default;
  update_source() = default;
  update_source(const update_source&) = delete;
  update_source& operator=(const update_source&) = delete;

  // Reads up to n (> 0) bytes into buffer, blocking until at least one is available; returns 0
  // only at the end of the stream. Throws input_error(name(), 0, ...) on I/O errors and damaged
  // gzip data.
  virtual std::size_t read(char* buffer, std::size_t n) = 0;

  // The path, "stdin", or "tcp://HOST:PORT" with the port actually listened on.
  [[nodiscard]] virtual const std::string& name() const noexcept = 0;
  // tcp: the port listened on; 0 for other sources.
  [[nodiscard]] virtual std::uint16_t port() const noexcept { return 0; }
};

// Opens `spec` as update_reader's constructor describes (file path, "-", or "tcp://HOST:PORT").
std::unique_ptr<update_source> open_update_source(const std::string& spec);

}  // namespace eddy::io::detail
