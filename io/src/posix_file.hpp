#pragma once
// A read-only file descriptor with positional reads, so that several readers (or one reader and
// the error path counting line numbers) never disturb each other's file position.
#include <cstddef>
#include <cstdint>
#include <string>

namespace eddy::io::detail {

class posix_file {
 public:
  // Throws input_error(path, 0, "cannot open: <strerror>") when the path cannot be read as a file.
  explicit posix_file(const std::string& path);
  ~posix_file();
  posix_file(const posix_file&) = delete;
  posix_file& operator=(const posix_file&) = delete;

  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] std::uint64_t size() const noexcept { return size_; }

  // Reads up to n bytes at offset; returns fewer only at end of file. Throws input_error on I/O
  // errors.
  std::size_t read_at(char* buffer, std::size_t n, std::uint64_t offset) const;

  // Tells the kernel that [offset, offset + length) is about to be read front to back.
  void advise_sequential(std::uint64_t offset, std::uint64_t length) const noexcept;

 private:
  std::string path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

}  // namespace eddy::io::detail
