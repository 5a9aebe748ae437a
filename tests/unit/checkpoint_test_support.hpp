#pragma once
// What the checkpoint tests share: a directory all ranks agree on, and damage done to one dataset
// of a checkpoint file where the file format puts it.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "eddy/runtime/communicator.hpp"

namespace eddy::testing {

// A fresh directory every rank agrees on (rank 0 makes it), removed when all ranks are done.
class shared_dir {
 public:
  explicit shared_dir(const communicator& comm) : comm_(comm) {
    if (comm.rank() == 0) {
      std::string pattern = (std::filesystem::temp_directory_path() / "eddy-checkpoint-XXXXXX").string();
      if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
    }
    comm.broadcast(path_, 0);
    if (path_.empty()) throw std::runtime_error("mkdtemp failed");
  }
  ~shared_dir() {
    comm_.barrier();
    std::error_code ignored;
    if (comm_.rank() == 0) std::filesystem::remove_all(path_, ignored);
  }
  shared_dir(const shared_dir&) = delete;
  shared_dir& operator=(const shared_dir&) = delete;

  [[nodiscard]] const std::string& str() const { return path_; }
  [[nodiscard]] std::string path(const std::string& name) const { return (std::filesystem::path(path_) / name).string(); }
  [[nodiscard]] std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(path_)) names.push_back(e.path().filename().string());
    return names;
  }
  // The checkpoint files, oldest first (their numbers are fixed-width); not the graph file.
  [[nodiscard]] std::vector<std::string> checkpoints() const {
    std::vector<std::string> found;
    for (const auto& e : std::filesystem::directory_iterator(path_)) {
      const auto name = e.path().filename().string();
      if (name.starts_with("checkpoint-") && e.path().extension() == ".h5") found.push_back(e.path().string());
    }
    std::sort(found.begin(), found.end());
    return found;
  }

 private:
  const communicator& comm_;
  std::string path_;
};

// Where a dataset's bytes lie in the file (serial HDF5, by one rank); size 0 when it has none.
struct dataset_extent {
  haddr_t offset = HADDR_UNDEF;
  hsize_t size = 0;
};
inline dataset_extent extent_of(const std::string& path, const std::string& dataset) {
  dataset_extent e;
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t d = file >= 0 ? H5Dopen2(file, dataset.c_str(), H5P_DEFAULT) : -1;
  if (d >= 0) {
    e.offset = H5Dget_offset(d);
    e.size = H5Dget_storage_size(d);
    H5Dclose(d);
  }
  if (file >= 0) H5Fclose(file);
  return e;
}

// Collective: rank 0 inverts up to 8 bytes in the middle of the dataset's storage.
inline void invert_middle_bytes(const communicator& comm, const std::string& path, const dataset_extent& e) {
  if (comm.rank() == 0) {
    EXPECT_NE(e.offset, HADDR_UNDEF) << path;
    EXPECT_GT(e.size, 0U) << path;
    if (e.offset != HADDR_UNDEF && e.size > 0) {
      const hsize_t at = e.size / 2;
      std::vector<char> bytes(std::min<hsize_t>(8, e.size - at));
      std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
      f.seekg(static_cast<std::streamoff>(e.offset + at));
      f.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      for (char& b : bytes) b = static_cast<char>(~b);
      f.seekp(static_cast<std::streamoff>(e.offset + at));
      f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      EXPECT_TRUE(f.good()) << path;
    }
  }
  comm.barrier();  // reached even after a failed expectation: the other ranks are waiting
}

}  // namespace eddy::testing
