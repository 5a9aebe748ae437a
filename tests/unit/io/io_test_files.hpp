#pragma once
// Scratch files for the io tests: a fresh directory per test, removed afterwards.
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace eddy::io::test {

class scratch_dir {
 public:
  scratch_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "eddy-io-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~scratch_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;

  // Writes `bytes` verbatim (binary mode: CRLF and missing final newlines stay as written).
  std::string write(const std::string& name, const std::string& bytes) const {
    std::string file = (path_ / name).string();
    std::ofstream out(file, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + file);
    return file;
  }

  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// One complete gzip member holding `text`, as `gzip` writes it.
inline std::string gzip_member(const std::string& text) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::vector<unsigned char> in(text.begin(), text.end());
  std::string out(deflateBound(&zs, static_cast<uLong>(text.size())) + 64, '\0');
  zs.next_in = in.data();
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int ret = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (ret != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return out;
}

// CPU time of this thread: on a shared machine wall time also counts other processes' turns.
inline double thread_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// A reader's speed, best of five runs of read() on a warm page cache, printed as
// "WHAT: N M UNIT (HOW), best of 5 ...". read() does one run and checks what it read.
template <class Read>
void print_best_of_five(const std::string& what, double millions, const char* unit, const char* how, Read&& read) {
  double best_wall = 1e300;
  double best_cpu = 1e300;
  for (int run = 0; run < 5; ++run) {
    const double cpu_start = thread_seconds();
    const auto start = std::chrono::steady_clock::now();
    read();
    const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
    best_cpu = std::min(best_cpu, thread_seconds() - cpu_start);
    best_wall = std::min(best_wall, wall.count());
  }
  std::printf("%s: %.0fM %s%s, best of 5 (warm page cache): %.3f s wall = %.1f M %s/s, %.3f s CPU = %.1f M %s/s\n",
              what.c_str(), millions, unit, how, best_wall, millions / best_wall, unit, best_cpu, millions / best_cpu,
              unit);
}

}  // namespace eddy::io::test
