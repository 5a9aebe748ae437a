#include "update_source.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstring>
#include <new>
#include <string_view>
#include <system_error>
#include <utility>

#include "eddy/runtime/error.hpp"

namespace eddy::io::detail {

namespace {

constexpr std::size_t gzip_input_chunk = std::size_t{1} << 20;

[[noreturn]] void fail(const std::string& name, const char* what, int err) {
  throw input_error(name, 0, std::string(what) + ": " + std::generic_category().message(err));
}

// Closes a descriptor on every path out of a constructor.
class fd_guard {
 public:
  explicit fd_guard(int fd = -1) noexcept : fd_(fd) {}
  ~fd_guard() { reset(); }
  fd_guard(const fd_guard&) = delete;
  fd_guard& operator=(const fd_guard&) = delete;
  [[nodiscard]] int get() const noexcept { return fd_; }
  int release() noexcept { return std::exchange(fd_, -1); }
  void reset(int fd = -1) noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_;
};

// A file, a pipe, or standard input (not closed, as it is not ours).
class fd_source final : public update_source {
 public:
  fd_source(int fd, bool owned, std::string name) : fd_(fd), owned_(owned), name_(std::move(name)) {}
  ~fd_source() override {
    if (owned_) ::close(fd_);
  }

  std::size_t read(char* buffer, std::size_t n) override {
    n = std::min<std::size_t>(n, SSIZE_MAX);
    for (;;) {
      const ssize_t got = ::read(fd_, buffer, n);
      if (got >= 0) return static_cast<std::size_t>(got);
      if (errno != EINTR) fail(name_, "read error", errno);
    }
  }

  [[nodiscard]] const std::string& name() const noexcept override { return name_; }

 private:
  int fd_;
  bool owned_;
  std::string name_;
};

// Inflates the gzip data of another source: every member in turn (like gzip -d), zero padding
// after the last one ignored, anything else there or a truncated member an error. The same rules
// as the edge-list reader's gzip_reader.cpp, pulled a piece at a time instead of pushed.
class gzip_source final : public update_source {
 public:
  explicit gzip_source(std::unique_ptr<update_source> inner)
      : inner_(std::move(inner)), input_(std::make_unique_for_overwrite<unsigned char[]>(gzip_input_chunk)) {
    // Accept a gzip wrapper only (16) with the largest window (MAX_WBITS), as gzip files use.
    if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) throw std::bad_alloc();
  }
  ~gzip_source() override { inflateEnd(&stream_); }

  std::size_t read(char* buffer, std::size_t n) override {
    z_stream& zs = stream_;
    for (;;) {
      if (zs.avail_in == 0 && !input_eof_) {
        const std::size_t got = inner_->read(reinterpret_cast<char*>(input_.get()), gzip_input_chunk);
        input_eof_ = got == 0;
        zs.next_in = input_.get();
        zs.avail_in = static_cast<uInt>(got);
      }
      if (!in_member_) {
        if (zs.avail_in == 0) {
          if (input_eof_) return 0;
          continue;
        }
        // Another member may follow (concatenated .gz files); anything else but zero padding
        // means damaged data, and silently dropping the rest would lose updates.
        if (!padding_ && zs.next_in[0] == 0x1f) {
          if (inflateReset(&zs) != Z_OK) corrupt(nullptr);
          in_member_ = true;
          continue;
        }
        for (; zs.avail_in != 0; ++zs.next_in, --zs.avail_in) {
          if (zs.next_in[0] != 0) corrupt("unexpected data after the end of the stream");
        }
        padding_ = true;
        continue;
      }
      const auto space = static_cast<uInt>(std::min<std::size_t>(n, UINT_MAX));
      zs.next_out = reinterpret_cast<Bytef*>(buffer);
      zs.avail_out = space;
      const int ret = inflate(&zs, Z_NO_FLUSH);
      switch (ret) {
        case Z_OK:
        case Z_STREAM_END:
          break;
        case Z_BUF_ERROR:
          // No progress possible: fine while more input can arrive, truncation once none can.
          if (input_eof_ && zs.avail_in == 0) corrupt("unexpected end of file");
          break;
        case Z_MEM_ERROR:
          throw std::bad_alloc();
        default:
          corrupt(zs.msg);
      }
      if (ret == Z_STREAM_END) in_member_ = false;
      const std::size_t produced = space - zs.avail_out;
      if (produced != 0) return produced;
    }
  }

  [[nodiscard]] const std::string& name() const noexcept override { return inner_->name(); }

 private:
  [[noreturn]] void corrupt(const char* detail) const {
    std::string what = "truncated or corrupt gzip data";
    if (detail != nullptr) what += std::string(" (") + detail + ")";
    throw input_error(name(), 0, what);
  }

  std::unique_ptr<update_source> inner_;
  std::unique_ptr<unsigned char[]> input_;
  z_stream stream_{};
  bool input_eof_ = false;
  bool in_member_ = true;  // false between members, where only a new header or padding may follow
  bool padding_ = false;   // zero bytes seen after a member (tape padding, which gzip ignores)
};

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::unique_ptr<update_source> open_file(const std::string& path) {
  fd_guard fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) fail(path, "cannot open", errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) fail(path, "cannot open", errno);
  if (S_ISDIR(st.st_mode)) fail(path, "cannot open", EISDIR);
  bool gzip = ends_with(path, ".gz");
  if (S_ISREG(st.st_mode)) {
    // By content where it can be looked at without consuming it, as the edge-list reader does:
    // a compressed file renamed, or a plain one named .gz, still reads.
    unsigned char head[2] = {0, 0};
    ssize_t got = 0;
    do {
      got = ::pread(fd.get(), head, sizeof head, 0);
    } while (got < 0 && errno == EINTR);
    if (got < 0) fail(path, "read error", errno);
    gzip = got == 2 && head[0] == 0x1f && head[1] == 0x8b;
    (void)::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);  // only a hint
  }
  std::unique_ptr<update_source> source = std::make_unique<fd_source>(fd.get(), true, path);
  fd.release();
  if (gzip) source = std::make_unique<gzip_source>(std::move(source));
  return source;
}

// One TCP connection, accepted on the first read. The listening socket is bound at construction,
// so that a peer can connect as soon as the reader exists, and closed once the connection is in.
class tcp_source final : public update_source {
 public:
  explicit tcp_source(const std::string& spec) {
    std::string host;
    std::uint16_t port = 0;
    parse(spec, host, port);
    const std::string requested = "tcp://" + host + ":" + std::to_string(port);

    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
    if (rc != 0) {
      const std::string reason = rc == EAI_SYSTEM ? std::generic_category().message(errno) : ::gai_strerror(rc);
      throw usage_error("cannot listen on " + requested + ": cannot resolve '" + host + "': " + reason);
    }
    int err = EADDRNOTAVAIL;
    for (const addrinfo* a = found; a != nullptr && listen_.get() < 0; a = a->ai_next) {
      if (a->ai_family != AF_INET || a->ai_addrlen < sizeof(sockaddr_in)) continue;
      sockaddr_in address{};
      std::memcpy(&address, a->ai_addr, sizeof address);
      address.sin_port = htons(port);
      fd_guard fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
      const int on = 1;
      if (fd.get() < 0 || ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
          ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
          ::listen(fd.get(), 1) != 0) {
        err = errno;
        continue;
      }
      listen_.reset(fd.release());
    }
    ::freeaddrinfo(found);
    if (listen_.get() < 0) {
      throw usage_error("cannot listen on " + requested + ": " + std::generic_category().message(err));
    }

    sockaddr_in bound{};
    socklen_t length = sizeof bound;
    if (::getsockname(listen_.get(), reinterpret_cast<sockaddr*>(&bound), &length) != 0) {
      throw usage_error("cannot listen on " + requested + ": " + std::generic_category().message(errno));
    }
    port_ = ntohs(bound.sin_port);
    name_ = "tcp://" + host + ":" + std::to_string(port_);
  }

  std::size_t read(char* buffer, std::size_t n) override {
    if (connection_.get() < 0) accept_peer();
    for (;;) {
      const ssize_t got = ::recv(connection_.get(), buffer, n, 0);
      if (got >= 0) return static_cast<std::size_t>(got);
      if (errno != EINTR) fail(name_, "receive error", errno);
    }
  }

  [[nodiscard]] const std::string& name() const noexcept override { return name_; }
  [[nodiscard]] std::uint16_t port() const noexcept override { return port_; }

 private:
  static void parse(const std::string& spec, std::string& host, std::uint16_t& port) {
    const auto malformed = [&spec](const char* why) {
      return usage_error("malformed TCP address '" + spec + "': " + why + " (expected tcp://HOST:PORT)");
    };
    const std::string_view rest = std::string_view(spec).substr(6);  // after "tcp://"
    const auto colon = rest.rfind(':');
    if (colon == std::string_view::npos) throw malformed("no port");
    host = rest.substr(0, colon);
    const std::string_view digits = rest.substr(colon + 1);
    if (host.empty()) throw malformed("no host (0.0.0.0 listens on every interface)");
    unsigned value = 0;
    const auto [next, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc{} || next != digits.data() + digits.size() ||
        digits.size() > 5 || value > 65535) {
      throw malformed("the port must be a number from 0 to 65535");
    }
    port = static_cast<std::uint16_t>(value);
  }

  void accept_peer() {
    for (;;) {
      const int fd = ::accept4(listen_.get(), nullptr, nullptr, SOCK_CLOEXEC);
      if (fd >= 0) {
        connection_.reset(fd);
        listen_.reset();  // one connection only: later ones are refused
        return;
      }
      // Errors of a connection that failed before it was accepted (accept(2)): wait for another.
      switch (errno) {
        case EINTR:
        case ECONNABORTED:
        case EPROTO:
        case ENETDOWN:
        case ENOPROTOOPT:
        case EHOSTDOWN:
        case ENONET:
        case EHOSTUNREACH:
        case ENETUNREACH:
          continue;
        default:
          fail(name_, "cannot accept a connection", errno);
      }
    }
  }

  fd_guard listen_;
  fd_guard connection_;
  std::string name_;
  std::uint16_t port_ = 0;
};

}  // namespace

std::unique_ptr<update_source> open_update_source(const std::string& spec) {
  if (spec == "-") return std::make_unique<fd_source>(STDIN_FILENO, false, "stdin");
  if (spec.starts_with("tcp://")) return std::make_unique<tcp_source>(spec);
  return open_file(spec);
}

}  // namespace eddy::io::detail
