// The update-stream reader's sources: gzip files, standard input, a FIFO and a TCP connection,
// and its parsing speed (disabled by default).
#include <system_error>

#include "update_reader_test_support.hpp"

namespace eddy::io {
namespace {


using namespace update_reader_test;

// ---- sources ----

TEST(update_reader, reads_gzip_files) {
  const scratch_dir dir;
  const std::string text = "# updates\na 1 2\nd 3 4 5\r\nu 6 7 0.5";
  const std::vector<edge_update> expected{add(1, 2), del_at(3, 4, 5), rew(6, 7, 0.5)};
  update_reader reader(dir.write("u.gz", gzip_member(text)), update_format::eddy);
  EXPECT_EQ(read_all(reader), expected);
  EXPECT_EQ(reader.name(), dir.path("u.gz"));
  EXPECT_EQ(reader.line(), 4U);

  // Concatenated members are one stream; content decides, as for edge lists.
  update_reader two(dir.write("two.gz", gzip_member("a 1 2\na 3") + gzip_member(" 4\n")), update_format::eddy);
  EXPECT_EQ(read_all(two), (std::vector<edge_update>{add(1, 2), add(3, 4)}));
  update_reader renamed(dir.write("renamed.txt", gzip_member(text)), update_format::eddy);
  EXPECT_EQ(read_all(renamed), expected);
  update_reader plain(dir.write("plain.gz", text), update_format::eddy);
  EXPECT_EQ(read_all(plain), expected);

  // Errors in compressed files have line numbers too.
  const std::string bad = dir.write("bad.gz", gzip_member("a 1 2\n\nq 1 2\n"));
  update_reader bad_reader(bad, update_format::eddy);
  std::vector<edge_update> out;
  try {
    bad_reader.read(out, 10);
    ADD_FAILURE() << "no error";
  } catch (const input_error& e) {
    EXPECT_EQ(std::string(e.what()), bad + ":3: unknown operation 'q' (expected a, d or u)");
  }
}

TEST(update_reader, damaged_gzip_files_fail) {
  const scratch_dir dir;
  const std::string member = gzip_member(numbered_lines(1000));
  for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"truncated.gz", member.substr(0, member.size() / 2)},
           {"garbage.gz", member + "junk"}}) {
    SCOPED_TRACE(name);
    const std::string path = dir.write(name, bytes);
    update_reader reader(path, update_format::eddy);
    try {
      read_all(reader);
      ADD_FAILURE() << "no error";
    } catch (const input_error& e) {
      EXPECT_EQ(e.file(), path);
      EXPECT_EQ(e.line(), 0U);
      EXPECT_NE(std::string(e.what()).find("truncated or corrupt gzip data"), std::string::npos) << e.what();
    }
  }
  // Zero padding after the last member is allowed, as gzip -d allows it.
  update_reader padded(dir.write("padded.gz", member + std::string(512, '\0')), update_format::eddy);
  EXPECT_EQ(read_all(padded).size(), 1000U);
}

// Writes `chunks` to fd, pausing between them, then closes it.
void write_chunks(int fd, const std::vector<std::string>& chunks, std::atomic<bool>& ok) {
  ok = true;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    if (i != 0) std::this_thread::sleep_for(20ms);
    std::size_t done = 0;
    while (done < chunks[i].size()) {
      const ssize_t n = ::send(fd, chunks[i].data() + done, chunks[i].size() - done, MSG_NOSIGNAL);
      if (n < 0 && errno == ENOTSOCK) {
        const ssize_t w = ::write(fd, chunks[i].data() + done, chunks[i].size() - done);
        if (w <= 0) ok = false;
        if (w <= 0) break;
        done += static_cast<std::size_t>(w);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ok = false;
        break;
      }
      done += static_cast<std::size_t>(n);
    }
  }
  ::close(fd);
}

// Lines in pieces: a line cut inside a number, one cut between '\r' and '\n', a comment cut in
// two, and a last line without a newline.
const std::vector<std::string> stream_chunks{"a 1 2\nd 3 ", "4 5\n# com", "ment\nu 6 7 1.5\r", "\n\na 12",
                                             "34 5678 2 3"};
const std::vector<edge_update> stream_updates{add(1, 2), del_at(3, 4, 5), rew(6, 7, 1.5), add_at(1234, 5678, 2, 3)};

// Puts the read end of a pipe on standard input for the life of the object.
class stdin_pipe {
 public:
  stdin_pipe() {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    saved_ = ::dup(STDIN_FILENO);
    ::dup2(fds[0], STDIN_FILENO);
    ::close(fds[0]);
    writer_ = fds[1];
  }
  ~stdin_pipe() {
    ::dup2(saved_, STDIN_FILENO);
    ::close(saved_);
  }
  stdin_pipe(const stdin_pipe&) = delete;
  stdin_pipe& operator=(const stdin_pipe&) = delete;
  [[nodiscard]] int writer() const { return writer_; }

 private:
  int saved_ = -1;
  int writer_ = -1;
};

TEST(update_reader, reads_standard_input) {
  const stdin_pipe pipe;
  update_reader reader("-", update_format::eddy);
  EXPECT_EQ(reader.name(), "stdin");
  std::atomic<bool> ok{false};
  std::thread writer(write_chunks, pipe.writer(), std::cref(stream_chunks), std::ref(ok));
  std::vector<std::size_t> sizes;
  std::vector<edge_update> out;
  while (!reader.at_end()) sizes.push_back(reader.read(out, 2));
  writer.join();
  EXPECT_TRUE(ok);
  EXPECT_EQ(out, stream_updates);
  EXPECT_EQ(reader.line(), 6U);
  EXPECT_EQ(sizes, (std::vector<std::size_t>{2, 2}));
}

TEST(update_reader, errors_on_standard_input_name_stdin) {
  const stdin_pipe pipe;
  update_reader reader("-", update_format::snap_temporal);
  std::atomic<bool> ok{false};
  std::thread writer(write_chunks, pipe.writer(), std::vector<std::string>{"1 2 3\n4 5"}, std::ref(ok));
  std::vector<edge_update> out;
  try {
    reader.read(out, 10);
    ADD_FAILURE() << "no error";
  } catch (const input_error& e) {
    EXPECT_EQ(std::string(e.what()), "stdin:2: missing time (expected SRC DST TIME)");
  }
  writer.join();
  EXPECT_EQ(out, std::vector<edge_update>{snap(1, 2, 3)});
}

TEST(update_reader, reads_a_named_pipe) {
  const scratch_dir dir;
  const std::string path = dir.path("fifo");
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0) << std::generic_category().message(errno);
  std::atomic<bool> ok{false};
  std::thread writer([&] {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);  // waits for the reader
    if (fd < 0) return;
    write_chunks(fd, stream_chunks, ok);
  });
  update_reader reader(path, update_format::eddy);
  const auto got = read_all(reader);
  writer.join();
  EXPECT_TRUE(ok);
  EXPECT_EQ(got, stream_updates);
}

// Connects to 127.0.0.1:port; -1 on failure.
int connect_local(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

TEST(update_reader, reads_one_tcp_connection) {
  update_reader reader("tcp://127.0.0.1:0", update_format::eddy);
  ASSERT_NE(reader.port(), 0U);
  EXPECT_EQ(reader.name(), "tcp://127.0.0.1:" + std::to_string(reader.port()));
  EXPECT_FALSE(reader.at_end());
  std::atomic<bool> ok{false};
  std::thread writer([&] {
    const int fd = connect_local(reader.port());
    if (fd >= 0) write_chunks(fd, stream_chunks, ok);
  });
  std::vector<edge_update> out;
  std::vector<std::size_t> sizes;
  while (!reader.at_end()) sizes.push_back(reader.read(out, 3));
  writer.join();
  EXPECT_TRUE(ok);
  EXPECT_EQ(out, stream_updates);
  EXPECT_EQ(sizes, (std::vector<std::size_t>{3, 1}));
  EXPECT_EQ(reader.line(), 6U);
  // The one connection is over, and the port no longer listens.
  EXPECT_EQ(connect_local(reader.port()), -1);
}

TEST(update_reader, tcp_errors_name_the_line_and_the_address) {
  update_reader reader("tcp://localhost:0", update_format::snap_temporal);
  const std::string name = "tcp://localhost:" + std::to_string(reader.port());
  EXPECT_EQ(reader.name(), name);
  std::atomic<bool> ok{false};
  std::thread writer([&] {
    const int fd = connect_local(reader.port());
    if (fd >= 0) write_chunks(fd, {"1 2 3\n", "4 5 6 7\n"}, ok);
  });
  std::vector<edge_update> out;
  try {
    reader.read(out, 10);
    ADD_FAILURE() << "no error";
  } catch (const input_error& e) {
    EXPECT_EQ(std::string(e.what()), name + ":2: too many fields (expected SRC DST TIME)");
  }
  writer.join();
  EXPECT_EQ(out, std::vector<edge_update>{snap(1, 2, 3)});
}

TEST(update_reader, malformed_tcp_addresses_are_usage_errors) {
  for (const std::string spec : {"tcp://", "tcp://localhost", "tcp://:80", "tcp://localhost:", "tcp://localhost:http",
                                 "tcp://localhost:65536", "tcp://localhost:-1", "tcp://localhost:8080x"}) {
    SCOPED_TRACE(spec);
    try {
      update_reader reader(spec, update_format::eddy);
      ADD_FAILURE() << "no error";
    } catch (const usage_error& e) {
      EXPECT_NE(std::string(e.what()).find("malformed TCP address '" + spec + "'"), std::string::npos) << e.what();
    }
  }
}

TEST(update_reader, a_port_in_use_is_a_usage_error_naming_the_address) {
  const update_reader first("tcp://127.0.0.1:0", update_format::eddy);
  const std::string spec = "tcp://127.0.0.1:" + std::to_string(first.port());
  try {
    update_reader second(spec, update_format::eddy);
    ADD_FAILURE() << "no error";
  } catch (const usage_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot listen on " + spec + ": " + std::generic_category().message(EADDRINUSE));
  }
  // An address of no local interface (TEST-NET-1) cannot be bound either.
  try {
    update_reader elsewhere("tcp://192.0.2.1:0", update_format::eddy);
    ADD_FAILURE() << "no error";
  } catch (const usage_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot listen on tcp://192.0.2.1:0: " + std::generic_category().message(EADDRNOTAVAIL));
  }
}

// ---- speed ----
// Disabled by default (it writes ~150 MB); run with
//   eddy_update_reader_tests --gtest_also_run_disabled_tests --gtest_filter='update_reader_speed.*'

constexpr std::uint64_t speed_lines = 5'000'000;

// SNAP-like ids of up to eight digits and Unix times, from a fixed LCG so every run parses the
// same bytes. eddy: 70% `a SRC DST`... mixed as a stream would be.
std::string write_speed_file(const scratch_dir& dir, update_format format) {
  std::string path = dir.path(format == update_format::eddy ? "speed-eddy.txt" : "speed-snap.txt");
  std::ofstream out(path, std::ios::binary);
  std::uint64_t state = 42;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % 50'000'000;
  };
  std::string chunk;
  std::uint64_t time = 1'600'000'000;
  for (std::uint64_t i = 0; i < speed_lines; ++i) {
    time += next() % 3;
    if (format == update_format::snap_temporal) {
      chunk += std::to_string(next()) + ' ' + std::to_string(next()) + ' ' + std::to_string(time) + '\n';
    } else {
      switch (i % 10) {
        case 0:
        case 1:
        case 2:
          chunk += "a " + std::to_string(next()) + ' ' + std::to_string(next()) + '\n';
          break;
        case 3:
        case 4:
          chunk += "a " + std::to_string(next()) + ' ' + std::to_string(next()) + " 0." +
                   std::to_string(next() % 1000) + ' ' + std::to_string(time) + '\n';
          break;
        case 5:
        case 6:
          chunk += "d " + std::to_string(next()) + ' ' + std::to_string(next()) + '\n';
          break;
        case 7:
          chunk += "d " + std::to_string(next()) + ' ' + std::to_string(next()) + ' ' + std::to_string(time) + '\n';
          break;
        default:
          chunk += "u " + std::to_string(next()) + ' ' + std::to_string(next()) + ' ' +
                   std::to_string(next() % 100) + ".25\n";
      }
    }
    if (chunk.size() > (1U << 20)) {
      out << chunk;
      chunk.clear();
    }
  }
  out << chunk;
  return path;
}

void measure(update_format format) {
  const scratch_dir dir;
  const std::string path = write_speed_file(dir, format);
  std::vector<edge_update> batch;
  test::print_best_of_five(format == update_format::eddy ? "eddy" : "snap-temporal",
                           static_cast<double>(speed_lines) / 1e6, "lines", " in batches of 1M", [&] {
                             update_reader reader(path, format);
                             std::uint64_t total = 0;
                             while (!reader.at_end()) {
                               batch.clear();
                               total += reader.read(batch, 1'000'000);
                             }
                             EXPECT_EQ(total, speed_lines);
                           });
}

TEST(update_reader_speed, DISABLED_eddy_five_million_lines) { measure(update_format::eddy); }
TEST(update_reader_speed, DISABLED_snap_temporal_five_million_lines) { measure(update_format::snap_temporal); }

}  // namespace
}  // namespace eddy::io
