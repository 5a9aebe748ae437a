// The checkpoint file: slices of unequal size written by every rank read back in another cut,
// checksums that catch flipped bytes and name the dataset, and files that are cut short, never
// committed or read as the wrong type rejected.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "eddy/io/checkpoint_file.hpp"
#include "eddy/runtime/error.hpp"
#include "../checkpoint_test_support.hpp"

namespace eddy::io {
namespace {

namespace fs = std::filesystem;

using eddy::testing::dataset_extent;
using eddy::testing::extent_of;
using eddy::testing::invert_middle_bytes;
using eddy::testing::shared_dir;

// Rows per rank, deliberately unequal, and none at all on rank 1: [first, first + count).
struct slice {
  std::uint64_t first = 0;
  std::uint64_t count = 0;
};
std::uint64_t rows_of(int rank) { return rank == 1 ? 0 : 40 + 13 * static_cast<std::uint64_t>(rank); }
std::uint64_t total_rows(const communicator& comm) {
  std::uint64_t n = 0;
  for (int r = 0; r < comm.size(); ++r) n += rows_of(r);
  return n;
}
slice slice_of(int rank) {
  slice s;
  for (int r = 0; r < rank; ++r) s.first += rows_of(r);
  s.count = rows_of(rank);
  return s;
}

// What row i of each column holds: values no other column or row shares.
std::uint64_t id_at(std::uint64_t i) { return 1'000'003 * i + 17; }
double rank_at(std::uint64_t i) { return 0.1 * static_cast<double>(i) - 7.25 + 1.0 / static_cast<double>(i + 3); }
std::int64_t depth_at(std::uint64_t i) { return static_cast<std::int64_t>(i * i) - 1000; }
std::uint64_t label_at(std::uint64_t i) { return ~std::uint64_t{0} - 977 * i; }

template <class T, class F>
std::vector<T> column(slice s, F at) {
  std::vector<T> values(s.count);
  for (std::uint64_t i = 0; i < s.count; ++i) values[i] = at(s.first + i);
  return values;
}

const std::vector<std::byte> counter_bytes = {std::byte{3}, std::byte{0}, std::byte{255}, std::byte{42}, std::byte{7}};

checkpoint_header sample_header(const communicator& comm) {
  checkpoint_header h;
  h.kind = "run";
  h.algorithm = "pagerank";
  h.parameters = R"({"damping":0.85,"iterations":30})";
  h.superstep = 12;
  h.batch = 3;
  h.stream_offset = 123456789012ULL;
  h.ranks = static_cast<std::uint64_t>(comm.size());
  h.vertices = total_rows(comm);
  h.graph_fingerprint = "0123456789abcdef";
  h.graph_file = "graph.h5";
  h.created = "2024-01-02T03:04:05Z";
  return h;
}

// What the sample's datasets hold: external_id and three 8-byte columns, and the value.
std::uint64_t sample_bytes(const communicator& comm) { return total_rows(comm) * 8 * 4 + counter_bytes.size(); }

// Collective: a committed checkpoint with three state columns of every type and one value.
void write_sample(const communicator& comm, const std::string& path) {
  checkpoint_writer out(comm, path, sample_header(comm), sample_bytes(comm));
  const slice s = slice_of(comm.rank());
  out.write_column("external_id", s.first, std::span<const std::uint64_t>(column<std::uint64_t>(s, id_at)));
  out.write_column("rank", s.first, std::span<const double>(column<double>(s, rank_at)));
  out.write_column("depth", s.first, std::span<const std::int64_t>(column<std::int64_t>(s, depth_at)));
  out.write_column("label", s.first, std::span<const std::uint64_t>(column<std::uint64_t>(s, label_at)));
  out.write_value("counter", counter_bytes);
  out.commit();
}

// Collective: rank 0 inverts bytes in the middle of `dataset`, located through plain serial HDF5.
void damage_dataset(const communicator& comm, const std::string& path, const std::string& dataset) {
  SCOPED_TRACE(dataset);  // the expectations inside name only the file
  // Only rank 0 opens the file: the others' extent is never used.
  invert_middle_bytes(comm, path, comm.rank() == 0 ? extent_of(path, dataset) : dataset_extent{});
}

// Collective: rank `from`'s slice of a column, read by this rank, against what was written.
template <class T, class F>
void expect_column(checkpoint_reader& in, const std::string& name, int from, F at) {
  const slice s = slice_of(from);
  std::vector<T> got(s.count);
  in.read_column(name, s.first, std::span<T>(got));
  EXPECT_EQ(got, column<T>(s, at)) << name << " rows from " << s.first;
}

TEST(CheckpointFile, RoundTripsHeaderColumnsAndValues) {
  const communicator comm;
  const shared_dir dir(comm);
  const auto path = dir.path("checkpoint-000000000012.h5");
  write_sample(comm, path);
  comm.barrier();
  // The temporary name is gone: only the committed file remains.
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"checkpoint-000000000012.h5"});

  checkpoint_reader in(comm, path);
  const auto& h = in.header();
  const auto want = sample_header(comm);
  EXPECT_EQ(in.path(), path);
  EXPECT_EQ(h.kind, want.kind);
  EXPECT_EQ(h.algorithm, want.algorithm);
  EXPECT_EQ(h.parameters, want.parameters);
  EXPECT_EQ(h.superstep, want.superstep);
  EXPECT_EQ(h.batch, want.batch);
  EXPECT_EQ(h.stream_offset, want.stream_offset);
  EXPECT_EQ(h.ranks, want.ranks);
  EXPECT_EQ(h.vertices, want.vertices);
  EXPECT_EQ(h.graph_fingerprint, want.graph_fingerprint);
  EXPECT_EQ(h.graph_file, want.graph_file);
  EXPECT_EQ(h.created, want.created);

  std::vector<std::pair<std::string, column_type>> columns;
  for (const auto& c : in.columns()) columns.emplace_back(c.name, c.type);
  std::sort(columns.begin(), columns.end());
  const std::vector<std::pair<std::string, column_type>> expected = {
      {"depth", column_type::i64}, {"label", column_type::u64}, {"rank", column_type::f64}};
  EXPECT_EQ(columns, expected);  // external_id is not state
  EXPECT_EQ(in.values(), std::vector<std::string>{"counter"});
  EXPECT_EQ(in.read_value("counter"), counter_bytes);

  // Read in another cut than written: each rank takes the rows the mirror-image rank wrote, so
  // the rank that wrote nothing reads something and the other way round.
  const int from = comm.size() - 1 - comm.rank();
  expect_column<std::uint64_t>(in, "external_id", from, id_at);
  expect_column<double>(in, "rank", from, rank_at);
  expect_column<std::int64_t>(in, "depth", from, depth_at);
  expect_column<std::uint64_t>(in, "label", from, label_at);
  EXPECT_NO_THROW(in.verify());
}

TEST(CheckpointFile, VerifyNamesTheDamagedDataset) {
  const communicator comm;
  const shared_dir dir(comm);
  const auto path = dir.path("checkpoint-000000000001.h5");
  for (const std::string dataset :
       {"/state/rank", "/state/depth", "/state/label", "/vertices/external_id", "/values/counter"}) {
    write_sample(comm, path);
    damage_dataset(comm, path, dataset);
    // The structure is intact, so the file opens; only the checksums see the damage.
    checkpoint_reader in(comm, path);
    try {
      in.verify();
      ADD_FAILURE() << "verify() accepted damaged " << dataset;
    } catch (const input_error& e) {
      EXPECT_EQ(e.file(), path);
      EXPECT_NE(std::string(e.what()).find(dataset), std::string::npos) << e.what();
    }
  }
}

// Collective: rank 0 replaces the u64 attribute `name` of `object` with an array of four copies of
// its value, through plain serial HDF5.
void repeat_attribute(const communicator& comm, const std::string& path, const char* object, const char* name) {
  comm.barrier();
  if (comm.rank() == 0) {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    const hid_t where = H5Oopen(file, object, H5P_DEFAULT);
    std::uint64_t value = 0;
    const hid_t old = H5Aopen(where, name, H5P_DEFAULT);
    ASSERT_GE(H5Aread(old, H5T_NATIVE_UINT64, &value), 0);
    H5Aclose(old);
    H5Adelete(where, name);
    const hsize_t four = 4;
    const std::uint64_t values[4] = {value, value, value, value};
    const hid_t space = H5Screate_simple(1, &four, nullptr);
    const hid_t attribute = H5Acreate2(where, name, H5T_STD_U64LE, space, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(H5Awrite(attribute, H5T_NATIVE_UINT64, values), 0);
    H5Aclose(attribute);
    H5Sclose(space);
    H5Oclose(where);
    H5Fclose(file);
  }
  comm.barrier();
}

// An attribute holding several values where eddy writes one (found by fuzz/fuzz_checkpoint):
// reading it would overrun the single value it is read into, and even its first value, though
// right, does not make it the attribute eddy wrote.
TEST(CheckpointFile, AttributeOfSeveralValuesIsAnInputError) {
  const communicator comm;
  const shared_dir dir(comm);
  const auto path = dir.path("checkpoint-000000000001.h5");
  write_sample(comm, path);
  repeat_attribute(comm, path, "/state/rank", "crc32");
  {
    checkpoint_reader in(comm, path);
    EXPECT_THROW(in.verify(), input_error);
  }
  write_sample(comm, path);
  repeat_attribute(comm, path, "/", "vertices");
  EXPECT_THROW(checkpoint_reader(comm, path), input_error);
}

// A value declaring far more bytes than the file holds (chunks never written; found by
// fuzz/fuzz_checkpoint): reading it must not ask for that much memory.
TEST(CheckpointFile, ValueLongerThanTheFileHoldsIsAnInputError) {
  const communicator comm;
  const shared_dir dir(comm);
  const auto path = dir.path("checkpoint-000000000001.h5");
  write_sample(comm, path);
  comm.barrier();
  if (comm.rank() == 0) {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    const hsize_t length = std::uint64_t{1} << 50U;
    const hsize_t chunk = 1024;
    const hid_t space = H5Screate_simple(1, &length, nullptr);
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, 1, &chunk);
    const hid_t dataset = H5Dcreate2(file, "/values/huge", H5T_STD_U8LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    ASSERT_GE(dataset, 0);
    H5Dclose(dataset);
    H5Pclose(dcpl);
    H5Sclose(space);
    H5Fclose(file);
  }
  comm.barrier();
  checkpoint_reader in(comm, path);
  EXPECT_THROW((void)in.read_value("huge"), error);
  EXPECT_THROW(in.verify(), input_error);
  EXPECT_EQ(in.read_value("counter"), counter_bytes);
}

TEST(CheckpointFile, TruncatedFileIsAnInputError) {
  const communicator comm;
  const shared_dir dir(comm);
  const auto path = dir.path("checkpoint-000000000001.h5");
  write_sample(comm, path);
  comm.barrier();
  if (comm.rank() == 0) fs::resize_file(path, fs::file_size(path) / 2);
  comm.barrier();
  EXPECT_THROW(checkpoint_reader(comm, path), input_error);
}

TEST(CheckpointFile, UncommittedWriterLeavesNoFile) {
  const communicator comm;
  const shared_dir dir(comm);
  {
    checkpoint_writer out(comm, dir.path("checkpoint-000000000001.h5"), sample_header(comm), sample_bytes(comm));
    const slice s = slice_of(comm.rank());
    out.write_column("external_id", s.first, std::span<const std::uint64_t>(column<std::uint64_t>(s, id_at)));
  }
  comm.barrier();  // rank 0 removes the temporary file
  EXPECT_EQ(dir.entries(), std::vector<std::string>{});
}

TEST(CheckpointFile, WriterWithoutRoomOnDiskFailsAndLeavesNoFile) {
  const communicator comm;
  const shared_dir dir(comm);
  // More than any file system holds: refused before anything is created.
  const std::uint64_t exabytes = std::uint64_t{1} << 62U;
  EXPECT_THROW(checkpoint_writer(comm, dir.path("checkpoint-000000000001.h5"), sample_header(comm), exabytes), error);
  comm.barrier();
  EXPECT_EQ(dir.entries(), std::vector<std::string>{});
}

TEST(CheckpointFile, ReadingWithAnotherElementTypeFails) {
  const communicator comm;
  const shared_dir dir(comm);
  const auto path = dir.path("checkpoint-000000000001.h5");
  write_sample(comm, path);
  checkpoint_reader in(comm, path);
  const slice s = slice_of(comm.rank());
  std::vector<double> reals(s.count);
  std::vector<std::int64_t> signed_ints(s.count);
  std::vector<std::uint64_t> unsigned_ints(s.count);
  EXPECT_THROW(in.read_column("rank", s.first, std::span<std::int64_t>(signed_ints)), error);
  EXPECT_THROW(in.read_column("depth", s.first, std::span<std::uint64_t>(unsigned_ints)), error);
  EXPECT_THROW(in.read_column("label", s.first, std::span<double>(reals)), error);
  EXPECT_THROW(in.read_column("missing", s.first, std::span<double>(reals)), error);
  // external_id is uint64 like any u64 column: HDF5 would convert it to another type silently.
  EXPECT_THROW(in.read_column("external_id", s.first, std::span<double>(reals)), error);
  EXPECT_THROW(in.read_column("external_id", s.first, std::span<std::int64_t>(signed_ints)), error);
  // The refusals leave the reader usable.
  expect_column<double>(in, "rank", comm.rank(), rank_at);
}

}  // namespace
}  // namespace eddy::io
