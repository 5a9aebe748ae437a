#include "posix_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "eddy/runtime/error.hpp"

namespace eddy::io::detail {

namespace {

[[noreturn]] void fail(const std::string& path, const char* what, int err) {
  throw input_error(path, 0, std::string(what) + ": " + std::generic_category().message(err));
}

}  // namespace

posix_file::posix_file(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) fail(path, "cannot open", errno);
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    const int err = errno;
    ::close(fd_);
    fail(path, "cannot open", err);
  }
  // Byte-range splitting needs a size and positional reads, which pipes and devices lack; a
  // directory would only fail later with a less helpful message.
  if (!S_ISREG(st.st_mode)) {
    ::close(fd_);
    if (S_ISDIR(st.st_mode)) fail(path, "cannot open", EISDIR);
    throw input_error(path, 0, "cannot open: not a regular file");
  }
  size_ = static_cast<std::uint64_t>(st.st_size);
}

posix_file::~posix_file() { ::close(fd_); }

std::size_t posix_file::read_at(char* buffer, std::size_t n, std::uint64_t offset) const {
  std::size_t done = 0;
  while (done < n) {
    const ssize_t got = ::pread(fd_, buffer + done, n - done, static_cast<off_t>(offset + done));
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      fail(path_, "read error", errno);
    }
    done += static_cast<std::size_t>(got);
  }
  return done;
}

void posix_file::advise_sequential(std::uint64_t offset, std::uint64_t length) const noexcept {
  // Only a hint: a failure changes speed, never results.
  (void)::posix_fadvise(fd_, static_cast<off_t>(offset), static_cast<off_t>(length),
                        POSIX_FADV_SEQUENTIAL);
}

}  // namespace eddy::io::detail
