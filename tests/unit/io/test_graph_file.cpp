// The HDF5 graph file: slices written by every rank read back by every rank, and files that are
// not what they claim to be rejected with an input_error naming them.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <numeric>
#include <string>
#include <vector>

#include "eddy/io/graph_file.hpp"
#include "eddy/runtime/error.hpp"
#include "../shared_path.hpp"

namespace eddy::io {
namespace {

// A file name every rank agrees on, removed afterwards.
using test::shared_path;

// This rank's share [first, first + count) of `total` items.
std::pair<std::uint64_t, std::uint64_t> share(const communicator& comm, std::uint64_t total) {
  const auto p = static_cast<std::uint64_t>(comm.size());
  const auto r = static_cast<std::uint64_t>(comm.rank());
  return {total * r / p, total * (r + 1) / p - total * r / p};
}

// A directed, weighted path 0 -> 1 -> ... -> n-1 with external ids 10 * i, written by all ranks.
graph_file_header write_path(const communicator& comm, const std::string& path, std::uint64_t n) {
  graph_file_header h;
  h.directed = true;
  h.weighted = true;
  h.vertices = n;
  h.edges = n - 1;
  h.arcs = n - 1;
  graph_file_writer file(comm, path, h);
  const auto [first, count] = share(comm, n);
  std::vector<std::uint64_t> ids(count), out(count), in(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::uint64_t v = first + i;
    ids[i] = 10 * v;
    out[i] = v;                  // vertex v's out-arc (to v + 1) is arc v; the last has none
    in[i] = v == 0 ? 0 : v - 1;  // vertex v's in-arc (from v - 1) is arc v - 1; the first has none
  }
  const bool last = comm.rank() + 1 == comm.size();
  if (last) {
    out.push_back(n - 1);
    in.push_back(n - 1);
  }
  const auto [arc_first, arc_count] = share(comm, n - 1);
  std::vector<std::uint32_t> targets(arc_count), sources(arc_count);
  std::vector<double> weights(arc_count);
  for (std::uint64_t i = 0; i < arc_count; ++i) {
    targets[i] = static_cast<std::uint32_t>(arc_first + i + 1);
    sources[i] = static_cast<std::uint32_t>(arc_first + i);
    weights[i] = 0.5 * static_cast<double>(arc_first + i);
  }
  file.write(graph_dataset::external_id, first, std::span<const std::uint64_t>(ids));
  file.write(graph_dataset::out_offsets, first, std::span<const std::uint64_t>(out));
  file.write(graph_dataset::in_offsets, first, std::span<const std::uint64_t>(in));
  file.write(graph_dataset::out_targets, arc_first, std::span<const std::uint32_t>(targets));
  file.write(graph_dataset::in_targets, arc_first, std::span<const std::uint32_t>(sources));
  file.write(graph_dataset::out_weights, arc_first, std::span<const double>(weights));
  file.write(graph_dataset::in_weights, arc_first, std::span<const double>(weights));
  file.commit();
  return h;
}

// Runs `damage` on the file (rank 0, plain serial HDF5), then expects opening it to fail.
template <class Damage>
void expect_rejected(const communicator& comm, const std::string& path, Damage damage, const std::string& says) {
  if (comm.rank() == 0) {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    damage(file);
    H5Fclose(file);
  }
  comm.barrier();
  try {
    graph_file_reader reader(comm, path);
    FAIL() << "a damaged file was accepted: " << says;
  } catch (const input_error& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
  }
}

TEST(GraphFile, EveryRankReadsWhatAllRanksWrote) {
  const communicator comm;
  const shared_path path(comm, "roundtrip.h5");
  const std::uint64_t n = 1000;
  write_path(comm, path.str(), n);
  EXPECT_TRUE(is_hdf5_file(path.str()));
  EXPECT_FALSE(std::filesystem::exists(path.str() + ".tmp." + std::to_string(::getpid())));

  graph_file_reader file(comm, path.str());
  const auto& h = file.header();
  EXPECT_TRUE(h.directed);
  EXPECT_TRUE(h.weighted);
  EXPECT_FALSE(h.wide_targets);
  EXPECT_EQ(h.vertices, n);
  EXPECT_EQ(h.arcs, n - 1);
  // Read in slices cut differently from the writing ones: from the middle to the end.
  const std::uint64_t first = n / 3 + static_cast<std::uint64_t>(comm.rank());
  std::vector<std::uint64_t> ids(n - first), offsets(n - first + 1);
  file.read(graph_dataset::external_id, first, ids);
  file.read(graph_dataset::out_offsets, first, offsets);
  for (std::uint64_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i], 10 * (first + i));
  EXPECT_EQ(offsets.back(), n - 1);
  std::vector<std::uint32_t> targets(offsets.back() - offsets.front());
  std::vector<double> weights(targets.size());
  file.read(graph_dataset::out_targets, offsets.front(), targets);
  file.read(graph_dataset::out_weights, offsets.front(), weights);
  for (std::uint64_t i = 0; i < targets.size(); ++i) {
    EXPECT_EQ(targets[i], first + i + 1);
    EXPECT_EQ(weights[i], 0.5 * static_cast<double>(first + i));
  }
  EXPECT_EQ(file.read_one(graph_dataset::in_offsets, n), n - 1);
  // Ranks with nothing to read still take part.
  std::vector<std::uint64_t> none;
  file.read(graph_dataset::external_id, comm.rank() == 0 ? 0 : n,
            comm.rank() == 0 ? std::span<std::uint64_t>(ids) : std::span<std::uint64_t>(none));
}

TEST(GraphFile, ForeignAndDamagedFilesAreInputErrors) {
  const communicator comm;
  const shared_path path(comm, "damaged.h5");
  const auto rewrite = [&] { write_path(comm, path.str(), 64); };

  rewrite();
  expect_rejected(
      comm, path.str(), [](hid_t f) { H5Ldelete(f, "/out/targets", H5P_DEFAULT); }, "missing dataset /out/targets");
  rewrite();
  expect_rejected(
      comm, path.str(), [](hid_t f) { H5Ldelete(f, "/in", H5P_DEFAULT); }, "missing dataset /in/offsets");
  rewrite();
  expect_rejected(
      comm, path.str(),
      [](hid_t f) {
        const std::uint64_t more = 65;
        const hid_t a = H5Aopen(f, "vertices", H5P_DEFAULT);
        H5Awrite(a, H5T_NATIVE_UINT64, &more);
        H5Aclose(a);
      },
      "/vertices/external_id has 64 elements, expected 65");
  rewrite();
  expect_rejected(
      comm, path.str(), [](hid_t f) { H5Adelete(f, "format"); }, "not an eddy graph file");
  rewrite();
  expect_rejected(
      comm, path.str(),
      [](hid_t f) {
        const std::uint64_t future = 99;
        const hid_t a = H5Aopen(f, "version", H5P_DEFAULT);
        H5Awrite(a, H5T_NATIVE_UINT64, &future);
        H5Aclose(a);
      },
      "version 99");

  // Not HDF5 at all, and an HDF5 file cut short.
  if (comm.rank() == 0) {
    std::FILE* f = std::fopen(path.str().c_str(), "w");
    std::fputs("1 2\n2 3\n", f);
    std::fclose(f);
  }
  comm.barrier();
  EXPECT_THROW(graph_file_reader(comm, path.str()), input_error);
  rewrite();
  if (comm.rank() == 0) std::filesystem::resize_file(path.str(), std::filesystem::file_size(path.str()) / 2);
  comm.barrier();
  EXPECT_THROW(graph_file_reader(comm, path.str()), input_error);
}

TEST(GraphFile, UnwritablePlaceIsAnErrorAndLeavesNothing) {
  const communicator comm;
  graph_file_header h;
  h.vertices = 1;
  EXPECT_THROW(graph_file_writer(comm, "/nonexistent-dir/g.h5", h), error);
}

}  // namespace
}  // namespace eddy::io
