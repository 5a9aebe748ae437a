#pragma once
// Small helpers over the HDF5 C API for the graph file: identifiers that close themselves,
// attributes, and collective slice transfers.
#include <hdf5.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

#include "eddy/runtime/communicator.hpp"

namespace eddy::io::detail {

// An HDF5 identifier, closed with the function that matches its kind.
class hdf5_handle {
 public:
  hdf5_handle() = default;
  hdf5_handle(hid_t id, herr_t (*close)(hid_t)) noexcept : id_(id), close_(close) {}
  hdf5_handle(hdf5_handle&& other) noexcept : id_(std::exchange(other.id_, -1)), close_(other.close_) {}
  hdf5_handle& operator=(hdf5_handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, -1);
      close_ = other.close_;
    }
    return *this;
  }
  hdf5_handle(const hdf5_handle&) = delete;
  hdf5_handle& operator=(const hdf5_handle&) = delete;
  ~hdf5_handle() { reset(); }

  [[nodiscard]] hid_t get() const noexcept { return id_; }
  [[nodiscard]] bool valid() const noexcept { return id_ >= 0; }
  // Forgets the identifier without closing it.
  hid_t release() noexcept { return std::exchange(id_, -1); }
  // Closes now; false when closing failed (for a file: its data may not have reached the disk).
  bool reset() noexcept {
    const bool ok = id_ < 0 || close_ == nullptr || close_(id_) >= 0;
    id_ = -1;
    return ok;
  }

 private:
  hid_t id_ = -1;
  herr_t (*close_)(hid_t) = nullptr;
};

// HDF5 prints its error stack to stderr by default; eddy reports errors itself.
void silence_hdf5_errors();

// Collective: an eddy HDF5 file opened for parallel reading, once it is known to be one: a regular
// file with HDF5's signature whose "format" and "version" attributes are `format` and `version`.
// Throws input_error(path, 0, ...) otherwise, naming the file `kind` ("eddy graph file"). Every
// rank sees the same file, so every rank reaches the same verdict.
hdf5_handle open_for_reading(const communicator& comm, const std::string& path, const char* format,
                             std::uint64_t version, const std::string& kind);

// File access through MPI-IO on comm, and a transfer list of the given mode (invalid on failure).
hdf5_handle mpio_access(const communicator& comm);
hdf5_handle transfer_list(H5FD_mpio_xfer_t mode);

template <class T>
hid_t native_type() {
  if constexpr (std::is_same_v<T, std::uint64_t>)
    return H5T_NATIVE_UINT64;
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return H5T_NATIVE_INT64;
  else if constexpr (std::is_same_v<T, std::uint8_t>)
    return H5T_NATIVE_UINT8;
  else if constexpr (std::is_same_v<T, std::uint32_t>)
    return H5T_NATIVE_UINT32;
  else
    return H5T_NATIVE_DOUBLE;
}

bool write_attribute(hid_t where, const char* name, std::uint64_t value);
bool write_attribute(hid_t where, const char* name, const std::string& value);
// False when the attribute is missing or not of the expected kind.
bool read_attribute(hid_t where, const char* name, std::uint64_t& value);
bool read_attribute(hid_t where, const char* name, std::string& value);

// Collective: every rank moves its `count` elements at `first` between `data` and the dataset
// (write: to the dataset), with the transfer property list `dxpl`. Pieces of at most 1 GiB keep
// each MPI-IO request below int range; all ranks issue the same number of (possibly empty)
// requests. Returns false on an HDF5 error on this rank.
template <class T>
bool transfer_slice(const communicator& comm, hid_t dataset, hid_t dxpl, std::uint64_t first, T* data,
                    std::uint64_t count, bool write) {
  constexpr std::uint64_t piece = (std::uint64_t{1} << 30U) / sizeof(T);
  const std::uint64_t pieces = comm.all_reduce((count + piece - 1) / piece, reduce_op::max);
  hdf5_handle file_space(H5Dget_space(dataset), H5Sclose);
  bool ok = file_space.valid();
  T spare{};  // HDF5 wants a buffer even for an empty selection
  for (std::uint64_t k = 0; k < pieces; ++k) {
    const std::uint64_t at = k * piece;
    const hsize_t n = at < count ? std::min(piece, count - at) : 0;
    const hsize_t start = first + at;
    const hsize_t one = 1;
    hdf5_handle memory(H5Screate_simple(1, n > 0 ? &n : &one, nullptr), H5Sclose);
    ok = ok && memory.valid();
    if (ok && n > 0) {
      ok = H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &start, nullptr, &n, nullptr) >= 0;
    } else if (ok) {
      ok = H5Sselect_none(file_space.get()) >= 0 && H5Sselect_none(memory.get()) >= 0;
    }
    if (!ok && memory.valid() && file_space.valid()) {
      // The transfer is collective: a rank that failed above still takes part, moving nothing.
      (void)H5Sselect_none(file_space.get());
      (void)H5Sselect_none(memory.get());
    }
    T* buffer = n > 0 && ok ? data + at : &spare;
    const herr_t rc = write ? H5Dwrite(dataset, native_type<T>(), memory.get(), file_space.get(), dxpl, buffer)
                            : H5Dread(dataset, native_type<T>(), memory.get(), file_space.get(), dxpl, buffer);
    ok = ok && rc >= 0;
  }
  return ok;
}

}  // namespace eddy::io::detail
