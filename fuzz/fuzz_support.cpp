#include "fuzz_support.hpp"

#include <mpi.h>
#include <tbb/global_control.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <typeinfo>

#include "eddy/runtime/error.hpp"

namespace eddy::fuzz {

namespace {

std::string make_scratch_dir() {
  std::string base = "/tmp";
  if (const char* tmp = std::getenv("TMPDIR"); tmp != nullptr && *tmp != '\0') {
    base = tmp;
  } else if (std::filesystem::is_directory("/dev/shm")) {
    base = "/dev/shm";
  }
  std::string pattern = base + "/eddy-fuzz-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    std::perror(("eddy fuzz: cannot create a directory under " + base).c_str());
    std::abort();
  }
  return pattern;
}

void remove_scratch_dir() {
  std::error_code ignored;
  std::filesystem::remove_all(scratch_dir(), ignored);
}

void finalize_mpi() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (finalized == 0) MPI_Finalize();
}

// The message without the "FILE:LINE: " or "FILE: " that input_error puts in front.
std::string strip_location(const std::string& what, const input_error& e) {
  const std::string prefix = e.line() == 0 ? e.file() + ": " : e.file() + ":" + std::to_string(e.line()) + ": ";
  return what.starts_with(prefix) ? what.substr(prefix.size()) : what;
}

}  // namespace

void start(int* argc, char*** argv) {
  int provided = 0;
  if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    std::fputs("eddy fuzz: MPI_Init_thread failed\n", stderr);
    std::abort();
  }
  std::atexit(finalize_mpi);
  // Lives until exit: parallel reading and sorting would otherwise vary with the machine's load.
  static const tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
  (void)scratch_dir();
  std::atexit(remove_scratch_dir);
}

const communicator& world() {
  static const communicator comm(MPI_COMM_WORLD);
  return comm;
}

const std::string& scratch_dir() {
  static const std::string dir = make_scratch_dir();
  return dir;
}

std::string write_file(const std::string& name, std::span<const std::uint8_t> bytes) {
  std::string path = scratch_dir() + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) finding("cannot write " + path + " (is the scratch directory full?)");
  return path;
}

std::string write_file(const std::string& name, std::string_view text) {
  return write_file(name, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

std::string gzip(std::string_view text, std::size_t split_at) {
  std::string out;
  const auto member = [&out](std::string_view piece) {
    z_stream zs{};
    // 16 + MAX_WBITS: a gzip header and trailer, as the gzip tool writes.
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      finding("deflateInit2 failed");
    }
    std::string buffer(deflateBound(&zs, piece.size()), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(piece.data()));
    zs.avail_in = static_cast<uInt>(piece.size());
    zs.next_out = reinterpret_cast<Bytef*>(buffer.data());
    zs.avail_out = static_cast<uInt>(buffer.size());
    const int rc = deflate(&zs, Z_FINISH);
    buffer.resize(zs.total_out);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) finding("deflate failed");
    out += buffer;
  };
  if (split_at < text.size()) {
    member(text.substr(0, split_at));
    member(text.substr(split_at));
  } else {
    member(text);
  }
  return out;
}

void finding(const std::string& what) {
  std::fprintf(stderr, "eddy fuzz: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

rejection classify_current_exception() {
  try {
    throw;
  } catch (const input_error& e) {
    return {e.line(), strip_location(e.what(), e)};
  } catch (const error& e) {
    if (e.code() != exit_code::bad_input) {
      finding("an eddy error of exit code " + std::to_string(static_cast<int>(e.code())) +
              " instead of an input error: " + e.what());
    }
    return {0, e.what()};
  } catch (const std::exception& e) {
    finding(std::string("unexpected exception ") + typeid(e).name() + ": " + e.what());
  } catch (...) {
    finding("an exception that is not a std::exception");
  }
}

}  // namespace eddy::fuzz
