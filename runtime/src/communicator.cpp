#include "eddy/runtime/communicator.hpp"

#include <algorithm>
#include <climits>
#include <cstring>

#include "eddy/runtime/error.hpp"

namespace eddy {

namespace detail {
MPI_Op mpi_op(reduce_op op) {
  switch (op) {
    case reduce_op::sum: return MPI_SUM;
    case reduce_op::min: return MPI_MIN;
    case reduce_op::max: return MPI_MAX;
    case reduce_op::logical_or: return MPI_LOR;
  }
  return MPI_SUM;
}
}  // namespace detail

communicator::communicator(MPI_Comm comm) : comm_(comm) {
  check(MPI_Comm_rank(comm_, &rank_));
  check(MPI_Comm_size(comm_, &size_));
  round_bytes_ = static_cast<std::size_t>(INT_MAX) / static_cast<std::size_t>(size_);
}

void communicator::check(int rc) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, text, &len);
  throw error("MPI error: " + std::string(text, static_cast<std::size_t>(len)));
}

void communicator::barrier() const { check(MPI_Barrier(comm_)); }

std::vector<std::byte> communicator::exchange_bytes(std::span<const std::byte> send,
                                                    std::span<const std::size_t> send_counts,
                                                    std::vector<std::size_t>& recv_counts) const {
  const auto p = static_cast<std::size_t>(size_);
  std::vector<std::uint64_t> sc(send_counts.begin(), send_counts.end());
  std::vector<std::uint64_t> rc(p);
  check(MPI_Alltoall(sc.data(), 1, MPI_UINT64_T, rc.data(), 1, MPI_UINT64_T, comm_));
  recv_counts.assign(rc.begin(), rc.end());

  std::vector<std::size_t> sdispl(p + 1, 0);
  std::vector<std::size_t> rdispl(p + 1, 0);
  std::uint64_t largest = 0;
  for (std::size_t i = 0; i < p; ++i) {
    sdispl[i + 1] = sdispl[i] + sc[i];
    rdispl[i + 1] = rdispl[i] + rc[i];
    largest = std::max({largest, sc[i], rc[i]});
    if (i != static_cast<std::size_t>(rank_)) bytes_sent_ += sc[i];
  }
  std::vector<std::byte> recv(rdispl[p]);

  const std::size_t round = std::max<std::size_t>(1, round_bytes_);
  const auto fits_int = [](std::size_t v) { return v <= static_cast<std::size_t>(INT_MAX); };
  // One reduction decides for everyone: the number of rounds, and whether any rank's totals are
  // too large for a single direct call.
  std::uint64_t plan[2] = {(largest + round - 1) / round,
                           fits_int(sdispl[p]) && fits_int(rdispl[p]) ? 0U : 1U};
  all_reduce_in_place(std::span<std::uint64_t>(plan), reduce_op::max);
  const std::uint64_t rounds = std::max<std::uint64_t>(plan[0], 1);
  if (plan[0] <= 1 && plan[1] == 0) {
    std::vector<int> c_s(p), d_s(p), c_r(p), d_r(p);
    for (std::size_t i = 0; i < p; ++i) {
      c_s[i] = static_cast<int>(sc[i]);
      d_s[i] = static_cast<int>(sdispl[i]);
      c_r[i] = static_cast<int>(rc[i]);
      d_r[i] = static_cast<int>(rdispl[i]);
    }
    check(MPI_Alltoallv(send.data(), c_s.data(), d_s.data(), MPI_BYTE, recv.data(), c_r.data(),
                        d_r.data(), MPI_BYTE, comm_));
    return recv;
  }

  // Multi-round path: round r carries bytes [r*round, (r+1)*round) of every pair, packed into
  // buffers small enough for int displacements.
  std::vector<std::byte> pack_s, pack_r;
  std::vector<int> c_s(p), d_s(p), c_r(p), d_r(p);
  const auto piece = [&](std::uint64_t total, std::uint64_t r) -> std::size_t {
    const std::uint64_t begin = r * round;
    return begin >= total ? 0 : static_cast<std::size_t>(std::min<std::uint64_t>(round, total - begin));
  };
  for (std::uint64_t r = 0; r < rounds; ++r) {
    std::size_t ts = 0, tr = 0;
    for (std::size_t i = 0; i < p; ++i) {
      c_s[i] = static_cast<int>(piece(sc[i], r));
      c_r[i] = static_cast<int>(piece(rc[i], r));
      d_s[i] = static_cast<int>(ts);
      d_r[i] = static_cast<int>(tr);
      ts += static_cast<std::size_t>(c_s[i]);
      tr += static_cast<std::size_t>(c_r[i]);
    }
    pack_s.resize(ts);
    pack_r.resize(tr);
    for (std::size_t i = 0; i < p; ++i) {
      if (c_s[i] > 0) {
        std::memcpy(pack_s.data() + d_s[i], send.data() + sdispl[i] + r * round,
                    static_cast<std::size_t>(c_s[i]));
      }
    }
    check(MPI_Alltoallv(pack_s.data(), c_s.data(), d_s.data(), MPI_BYTE, pack_r.data(), c_r.data(),
                        d_r.data(), MPI_BYTE, comm_));
    for (std::size_t i = 0; i < p; ++i) {
      if (c_r[i] > 0) {
        std::memcpy(recv.data() + rdispl[i] + r * round, pack_r.data() + d_r[i],
                    static_cast<std::size_t>(c_r[i]));
      }
    }
  }
  return recv;
}

void communicator::exchange_known(std::span<const std::byte> send, std::span<const std::size_t> send_counts,
                                  std::span<const std::size_t> send_displs, std::span<std::byte> recv,
                                  std::span<const std::size_t> recv_counts,
                                  std::span<const std::size_t> recv_displs) const {
  constexpr std::size_t piece = std::size_t{1} << 30U;
  constexpr int tag = 7301;  // distinct from any other point-to-point traffic eddy sends
  requests_.clear();
  const auto pieces = [&](std::size_t count, const auto& post) {
    for (std::size_t at = 0; at < count; at += piece) {
      requests_.emplace_back();
      post(at, static_cast<int>(std::min(piece, count - at)), &requests_.back());
    }
  };
  for (int r = 0; r < size_; ++r) {
    const auto i = static_cast<std::size_t>(r);
    if (r == rank_) {
      if (send_counts[i] > 0) std::memcpy(recv.data() + recv_displs[i], send.data() + send_displs[i], send_counts[i]);
      continue;
    }
    std::byte* into = recv.data() + recv_displs[i];
    pieces(recv_counts[i], [&](std::size_t at, int n, MPI_Request* req) {
      check(MPI_Irecv(into + at, n, MPI_BYTE, r, tag, comm_, req));
    });
  }
  for (int r = 0; r < size_; ++r) {
    const auto i = static_cast<std::size_t>(r);
    if (r == rank_) continue;
    const std::byte* from = send.data() + send_displs[i];
    pieces(send_counts[i], [&](std::size_t at, int n, MPI_Request* req) {
      check(MPI_Isend(from + at, n, MPI_BYTE, r, tag, comm_, req));
    });
    bytes_sent_ += send_counts[i];
  }
  check(MPI_Waitall(static_cast<int>(requests_.size()), requests_.data(), MPI_STATUSES_IGNORE));
}

}  // namespace eddy
