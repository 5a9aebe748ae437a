#include "eddy/runtime/ordered_output.hpp"

#include <cstdio>
#include <filesystem>
#include <unistd.h>

#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/error.hpp"

namespace eddy {
namespace {

constexpr std::size_t max_piece = std::size_t{1} << 30;  // keeps MPI counts within int

void print_on_root(const communicator& comm, std::span<const char> block) {
  if (comm.rank() != 0) {
    std::uint64_t size = block.size();
    MPI_Send(&size, 1, MPI_UINT64_T, 0, 0, comm.native());
    for (std::size_t at = 0; at < block.size(); at += max_piece) {
      const auto n = std::min(max_piece, block.size() - at);
      MPI_Send(block.data() + at, static_cast<int>(n), MPI_CHAR, 0, 1, comm.native());
    }
    return;
  }
  std::fwrite(block.data(), 1, block.size(), stdout);
  std::vector<char> buffer;
  for (int r = 1; r < comm.size(); ++r) {
    std::uint64_t size = 0;
    MPI_Recv(&size, 1, MPI_UINT64_T, r, 0, comm.native(), MPI_STATUS_IGNORE);
    buffer.resize(size);
    for (std::size_t at = 0; at < size; at += max_piece) {
      const auto n = std::min<std::size_t>(max_piece, size - at);
      MPI_Recv(buffer.data() + at, static_cast<int>(n), MPI_CHAR, r, 1, comm.native(), MPI_STATUS_IGNORE);
    }
    std::fwrite(buffer.data(), 1, buffer.size(), stdout);
  }
  std::fflush(stdout);
}

}  // namespace

void write_rank_ordered(const communicator& comm, std::span<const char> block, const std::string& path) {
  if (path.empty()) {
    print_on_root(comm, block);
    return;
  }
  // Rank 0 picks the temporary name (its pid keeps concurrent jobs apart) and tells the others.
  std::string temporary = path + ".tmp." + std::to_string(::getpid());
  comm.broadcast(temporary, 0);
  MPI_File file;
  int rc = MPI_File_open(comm.native(), temporary.c_str(), MPI_MODE_CREATE | MPI_MODE_WRONLY, MPI_INFO_NULL, &file);
  agree_that(comm, rc == MPI_SUCCESS, path + ": cannot create output file", exit_code::failure);
  MPI_File_set_size(file, 0);
  const auto offset = comm.exclusive_sum(static_cast<std::uint64_t>(block.size()));
  bool ok = true;
  for (std::size_t at = 0; at < block.size() && ok; at += max_piece) {
    const auto n = std::min(max_piece, block.size() - at);
    const MPI_Offset where = static_cast<MPI_Offset>(offset) + static_cast<MPI_Offset>(at);
    ok = MPI_File_write_at(file, where, block.data() + at, static_cast<int>(n), MPI_CHAR, MPI_STATUS_IGNORE) ==
         MPI_SUCCESS;
  }
  ok = MPI_File_close(&file) == MPI_SUCCESS && ok;
  const bool all_ok = comm.all_reduce(static_cast<int>(ok), reduce_op::min) == 1;
  if (comm.rank() == 0) {
    std::error_code ec;
    if (all_ok) {
      std::filesystem::rename(temporary, path, ec);
    } else {
      std::filesystem::remove(temporary, ec);
    }
    ok = all_ok && !ec;
  }
  agree_that(comm, ok, path + ": writing the output failed (disk full or not writable?)", exit_code::failure);
}

}  // namespace eddy
