#pragma once
// The one place where eddy's upper layers meet MPI: rank/size, typed reductions and gathers, and
// the all-to-all byte exchange that every message path is built on.
#include <mpi.h>

#include <climits>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace eddy {

enum class reduce_op { sum, min, max, logical_or };

namespace detail {
template <class T>
MPI_Datatype mpi_type() {
  if constexpr (std::is_same_v<T, double>) return MPI_DOUBLE;
  else if constexpr (std::is_same_v<T, float>) return MPI_FLOAT;
  else if constexpr (std::is_same_v<T, std::int32_t>) return MPI_INT32_T;
  else if constexpr (std::is_same_v<T, std::int64_t>) return MPI_INT64_T;
  else if constexpr (std::is_same_v<T, std::uint32_t>) return MPI_UINT32_T;
  else if constexpr (std::is_same_v<T, std::uint64_t>) return MPI_UINT64_T;
  else if constexpr (std::is_same_v<T, unsigned long long>) return MPI_UNSIGNED_LONG_LONG;
  else if constexpr (std::is_same_v<T, long long>) return MPI_LONG_LONG;
  else if constexpr (std::is_same_v<T, char>) return MPI_CHAR;
  else if constexpr (std::is_same_v<T, std::uint8_t>) return MPI_UINT8_T;
  else static_assert(sizeof(T) == 0, "no MPI datatype for this type");
}
MPI_Op mpi_op(reduce_op op);
}  // namespace detail

class communicator {
 public:
  explicit communicator(MPI_Comm comm = MPI_COMM_WORLD);

  [[nodiscard]] int rank() const noexcept { return rank_; }
  [[nodiscard]] int size() const noexcept { return size_; }
  [[nodiscard]] MPI_Comm native() const noexcept { return comm_; }

  void barrier() const;

  template <class T>
  [[nodiscard]] T all_reduce(T value, reduce_op op) const {
    T out{};
    check(MPI_Allreduce(&value, &out, 1, detail::mpi_type<T>(), detail::mpi_op(op), comm_));
    return out;
  }
  template <class T>
  void all_reduce_in_place(std::span<T> values, reduce_op op) const {
    check(MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()),
                        detail::mpi_type<T>(), detail::mpi_op(op), comm_));
  }
  // Sum of the values of the ranks below this one (0 on rank 0).
  template <class T>
  [[nodiscard]] T exclusive_sum(T value) const {
    T out{};
    check(MPI_Exscan(&value, &out, 1, detail::mpi_type<T>(), MPI_SUM, comm_));
    return rank_ == 0 ? T{} : out;
  }
  // One trivially-copyable value from every rank, in rank order.
  template <class T>
  [[nodiscard]] std::vector<T> all_gather(const T& value) const {
    static_assert(std::is_trivially_copyable_v<T>);
    std::vector<T> out(static_cast<std::size_t>(size_));
    check(MPI_Allgather(&value, sizeof(T), MPI_BYTE, out.data(), sizeof(T), MPI_BYTE, comm_));
    return out;
  }
  // Every rank's vector, concatenated in rank order (small data only: counts are int).
  template <class T>
  [[nodiscard]] std::vector<T> all_gather_v(std::span<const T> values) const {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto counts = all_gather(static_cast<int>(values.size_bytes()));
    std::vector<int> displs(counts.size());
    int total = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      displs[i] = total;
      total += counts[i];
    }
    std::vector<T> out(static_cast<std::size_t>(total) / sizeof(T));
    check(MPI_Allgatherv(values.data(), static_cast<int>(values.size_bytes()), MPI_BYTE, out.data(),
                         counts.data(), displs.data(), MPI_BYTE, comm_));
    return out;
  }
  template <class T>
  void broadcast(T& value, int root) const {
    static_assert(std::is_trivially_copyable_v<T>);
    check(MPI_Bcast(&value, sizeof(T), MPI_BYTE, root, comm_));
  }
  // A string or vector of trivially copyable elements; the other ranks' copies are resized.
  template <class Container>
    requires requires(Container c) { c.resize(std::size_t{}); c.data(); }
  void broadcast(Container& values, int root) const {
    std::uint64_t size = values.size();
    broadcast(size, root);
    values.resize(size);
    const std::uint64_t bytes = size * sizeof(values[0]);
    if (bytes > static_cast<std::uint64_t>(INT_MAX)) throw std::length_error("broadcast of more than 2 GiB");
    check(MPI_Bcast(values.data(), static_cast<int>(bytes), MPI_BYTE, root, comm_));
  }

  // All-to-all of raw bytes: send[d] goes to rank d; returns what every rank sent here, in rank
  // order, with recv_counts[s] bytes from rank s. Large exchanges are split into rounds so that no
  // MPI count or displacement exceeds int.
  [[nodiscard]] std::vector<std::byte> exchange_bytes(std::span<const std::byte> send,
                                                      std::span<const std::size_t> send_counts,
                                                      std::vector<std::size_t>& recv_counts) const;

  // Point-to-point exchange for a pattern both sides already know (mirror synchronisation): the
  // bytes send[send_displs[d] .. + send_counts[d]) go to rank d and land in recv at recv_displs[s]
  // for each sender s. No counts travel and nothing is allocated, so a fixed pattern repeated
  // every superstep costs only its bytes; only ranks with something to say exchange messages, and
  // messages over 1 GiB are split so no MPI count exceeds int.
  void exchange_known(std::span<const std::byte> send, std::span<const std::size_t> send_counts,
                      std::span<const std::size_t> send_displs, std::span<std::byte> recv,
                      std::span<const std::size_t> recv_counts, std::span<const std::size_t> recv_displs) const;

  // Bytes this rank has sent to other ranks through exchange_bytes so far.
  [[nodiscard]] std::uint64_t bytes_sent() const noexcept { return bytes_sent_; }

  // Upper bound on bytes per (sender, receiver) pair in one exchange round; tests lower it to
  // exercise the multi-round path. Must be set to the same value on every rank.
  void set_exchange_round_bytes(std::size_t bytes) noexcept { round_bytes_ = bytes; }

 private:
  static void check(int rc);
  MPI_Comm comm_;
  int rank_ = 0;
  int size_ = 1;
  std::size_t round_bytes_;
  mutable std::uint64_t bytes_sent_ = 0;
  mutable std::vector<MPI_Request> requests_;  // reused by exchange_known
};

}  // namespace eddy
