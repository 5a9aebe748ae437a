#include "eddy/io/graph_file.hpp"

#include <unistd.h>

#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/error.hpp"
#include "hdf5_handle.hpp"

namespace eddy::io {
namespace {

using detail::hdf5_handle;
using detail::mpio_access;
using detail::transfer_list;

constexpr const char* format_name = "eddy-csr";
constexpr std::uint64_t format_version = 1;
constexpr std::size_t dataset_count = 7;

const char* dataset_path(graph_dataset d) {
  switch (d) {
    case graph_dataset::external_id:
      return "/vertices/external_id";
    case graph_dataset::out_offsets:
      return "/out/offsets";
    case graph_dataset::out_targets:
      return "/out/targets";
    case graph_dataset::out_weights:
      return "/out/weights";
    case graph_dataset::in_offsets:
      return "/in/offsets";
    case graph_dataset::in_targets:
      return "/in/targets";
    case graph_dataset::in_weights:
      return "/in/weights";
  }
  return "";
}

// What the header says each dataset holds: its length and its element type in the file (a
// negative id for datasets this graph has none of).
struct dataset_shape {
  std::uint64_t length = 0;
  hid_t file_type = -1;
};

std::array<dataset_shape, dataset_count> shapes(const graph_file_header& h) {
  std::array<dataset_shape, dataset_count> s;
  const hid_t target = h.wide_targets ? H5T_STD_U64LE : H5T_STD_U32LE;
  const auto set = [&](graph_dataset d, std::uint64_t length, hid_t type) {
    s[static_cast<std::size_t>(d)] = {length, type};
  };
  set(graph_dataset::external_id, h.vertices, H5T_STD_U64LE);
  for (const bool in : {false, true}) {
    if (in && !h.directed) continue;
    set(in ? graph_dataset::in_offsets : graph_dataset::out_offsets, h.vertices + 1, H5T_STD_U64LE);
    set(in ? graph_dataset::in_targets : graph_dataset::out_targets, h.arcs, target);
    if (h.weighted) set(in ? graph_dataset::in_weights : graph_dataset::out_weights, h.arcs, H5T_IEEE_F64LE);
  }
  return s;
}

}  // namespace

bool is_hdf5_file(const std::string& path) {
  static constexpr char signature[8] = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
  std::ifstream in(path, std::ios::binary);
  char head[8] = {};
  return in.read(head, sizeof head) && std::memcmp(head, signature, sizeof head) == 0;
}

// ---------------------------------------------------------------------------------------------
struct graph_file_writer::impl {
  const communicator* comm = nullptr;
  std::string path;
  std::string temporary;
  hdf5_handle file;
  hdf5_handle dxpl;
  std::array<hdf5_handle, dataset_count> datasets;
  bool committed = false;

  impl() = default;
  impl(const impl&) = delete;
  impl& operator=(const impl&) = delete;
  // Also runs when the writer's constructor fails: a file never committed is removed.
  ~impl() {
    if (committed || comm == nullptr) return;
    for (auto& d : datasets) d.reset();
    file.reset();
    if (comm->rank() == 0 && !temporary.empty()) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
    }
  }

  void fail_unless(bool ok) const {
    agree_that(*comm, ok, path + ": writing the graph file failed (disk full or not writable?)", exit_code::failure);
  }

  template <class T>
  void write(graph_dataset d, std::uint64_t first, std::span<const T> values) {
    const auto& dataset = datasets[static_cast<std::size_t>(d)];
    // HDF5 takes a non-const buffer for writing too.
    fail_unless(dataset.valid() && detail::transfer_slice(*comm, dataset.get(), dxpl.get(), first,
                                                          const_cast<T*>(values.data()), values.size(), true));
  }
};

graph_file_writer::graph_file_writer(const communicator& comm, std::string path, const graph_file_header& header)
    : impl_(std::make_unique<impl>()) {
  detail::silence_hdf5_errors();
  auto& f = *impl_;
  f.comm = &comm;
  f.path = std::move(path);
  // Rank 0 picks the temporary name (its pid keeps concurrent jobs apart) and tells the others.
  f.temporary = f.path + ".tmp." + std::to_string(::getpid());
  comm.broadcast(f.temporary, 0);
  const auto fapl = mpio_access(comm);
  f.file =
      hdf5_handle(fapl.valid() ? H5Fcreate(f.temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()) : -1, H5Fclose);
  agree_that(comm, f.file.valid(), f.path + ": cannot create the graph file", exit_code::failure);

  bool ok = true;
  const hid_t root = f.file.get();
  ok = ok && detail::write_attribute(root, "format", std::string(format_name));
  ok = ok && detail::write_attribute(root, "version", format_version);
  ok = ok && detail::write_attribute(root, "directed", header.directed ? 1U : 0U);
  ok = ok && detail::write_attribute(root, "weighted", header.weighted ? 1U : 0U);
  ok = ok && detail::write_attribute(root, "self_loops_dropped", header.self_loops_dropped ? 1U : 0U);
  ok = ok && detail::write_attribute(root, "duplicates_dropped", header.duplicates_dropped ? 1U : 0U);
  ok = ok && detail::write_attribute(root, "vertices", header.vertices);
  ok = ok && detail::write_attribute(root, "edges", header.edges);
  ok = ok && detail::write_attribute(root, "arcs", header.arcs);
  ok = ok && detail::write_attribute(root, "target_type", std::string(header.wide_targets ? "uint64" : "uint32"));
  for (const char* group : {"/vertices", "/out", "/in"}) {
    if (std::strcmp(group, "/in") == 0 && !header.directed) continue;
    ok = ok && hdf5_handle(H5Gcreate2(root, group, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose).valid();
  }
  // Contiguous storage, no fill: every element is written once, by exactly one rank.
  hdf5_handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  ok = ok && dcpl.valid() && H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_NEVER) >= 0 &&
       H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_EARLY) >= 0;
  const auto shape = shapes(header);
  for (std::size_t d = 0; d < dataset_count && ok; ++d) {
    if (shape[d].file_type < 0) continue;
    const hsize_t length = shape[d].length;
    hdf5_handle space(H5Screate_simple(1, &length, nullptr), H5Sclose);
    f.datasets[d] =
        hdf5_handle(space.valid() ? H5Dcreate2(root, dataset_path(static_cast<graph_dataset>(d)), shape[d].file_type,
                                               space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT)
                                  : -1,
                    H5Dclose);
    ok = f.datasets[d].valid();
  }
  f.dxpl = transfer_list(H5FD_MPIO_COLLECTIVE);
  f.fail_unless(ok && f.dxpl.valid());
}

graph_file_writer::~graph_file_writer() = default;

void graph_file_writer::write(graph_dataset d, std::uint64_t first, std::span<const std::uint64_t> values) {
  impl_->write(d, first, values);
}
void graph_file_writer::write(graph_dataset d, std::uint64_t first, std::span<const std::uint32_t> values) {
  impl_->write(d, first, values);
}
void graph_file_writer::write(graph_dataset d, std::uint64_t first, std::span<const double> values) {
  impl_->write(d, first, values);
}

void graph_file_writer::commit() {
  auto& f = *impl_;
  bool ok = true;
  for (auto& d : f.datasets) ok = d.reset() && ok;
  ok = f.file.reset() && ok;
  const bool all_ok = f.comm->all_reduce(static_cast<int>(ok), reduce_op::min) == 1;
  if (f.comm->rank() == 0) {
    std::error_code ec;
    if (all_ok) std::filesystem::rename(f.temporary, f.path, ec);
    ok = all_ok && !ec;
  }
  f.committed = f.comm->all_reduce(static_cast<int>(ok), reduce_op::min) == 1;
  f.fail_unless(f.committed);
}

// ---------------------------------------------------------------------------------------------
struct graph_file_reader::impl {
  const communicator* comm = nullptr;
  std::string path;
  graph_file_header header;
  hdf5_handle file;
  hdf5_handle collective;
  hdf5_handle independent;
  std::array<hdf5_handle, dataset_count> datasets;

  [[noreturn]] void bad(const std::string& what) const { throw input_error(path, 0, what); }

  template <class T>
  void read(graph_dataset d, std::uint64_t first, std::span<T> out) {
    const auto& dataset = datasets[static_cast<std::size_t>(d)];
    const bool ok = dataset.valid() && detail::transfer_slice(*comm, dataset.get(), collective.get(), first, out.data(),
                                                              out.size(), false);
    agree_that(*comm, ok, path + ": " + dataset_path(d) + " cannot be read (damaged file?)");
  }
};

graph_file_reader::graph_file_reader(const communicator& comm, std::string path) : impl_(std::make_unique<impl>()) {
  detail::silence_hdf5_errors();
  auto& f = *impl_;
  f.comm = &comm;
  f.path = std::move(path);
  f.file = detail::open_for_reading(comm, f.path, format_name, format_version, "eddy graph file");
  const hid_t root = f.file.get();
  auto& h = f.header;
  std::uint64_t flags[4] = {};
  std::string target_type;
  const bool attributes =
      detail::read_attribute(root, "directed", flags[0]) && detail::read_attribute(root, "weighted", flags[1]) &&
      detail::read_attribute(root, "self_loops_dropped", flags[2]) &&
      detail::read_attribute(root, "duplicates_dropped", flags[3]) &&
      detail::read_attribute(root, "vertices", h.vertices) && detail::read_attribute(root, "edges", h.edges) &&
      detail::read_attribute(root, "arcs", h.arcs) && detail::read_attribute(root, "target_type", target_type);
  if (!attributes) f.bad("an attribute of the eddy graph file is missing or malformed");
  if (target_type != "uint32" && target_type != "uint64") f.bad("target_type must be uint32 or uint64");
  h.directed = flags[0] != 0;
  h.weighted = flags[1] != 0;
  h.self_loops_dropped = flags[2] != 0;
  h.duplicates_dropped = flags[3] != 0;
  h.wide_targets = target_type == "uint64";

  const auto shape = shapes(h);
  for (std::size_t d = 0; d < dataset_count; ++d) {
    if (shape[d].file_type < 0) continue;
    const char* name = dataset_path(static_cast<graph_dataset>(d));
    f.datasets[d] = hdf5_handle(H5Dopen2(root, name, H5P_DEFAULT), H5Dclose);
    if (!f.datasets[d].valid()) f.bad(std::string("missing dataset ") + name);
    hdf5_handle space(H5Dget_space(f.datasets[d].get()), H5Sclose);
    hsize_t length = 0;
    if (!space.valid() || H5Sget_simple_extent_ndims(space.get()) != 1 ||
        H5Sget_simple_extent_dims(space.get(), &length, nullptr) != 1 || length != shape[d].length) {
      f.bad(std::string(name) + " has " + std::to_string(length) + " elements, expected " +
            std::to_string(shape[d].length));
    }
    hdf5_handle type(H5Dget_type(f.datasets[d].get()), H5Tclose);
    const H5T_class_t expected_class = H5Tget_class(shape[d].file_type);
    if (!type.valid() || H5Tget_class(type.get()) != expected_class ||
        H5Tget_size(type.get()) != H5Tget_size(shape[d].file_type)) {
      f.bad(std::string(name) + " has the wrong element type");
    }
  }
  f.collective = transfer_list(H5FD_MPIO_COLLECTIVE);
  f.independent = transfer_list(H5FD_MPIO_INDEPENDENT);
  if (!f.collective.valid() || !f.independent.valid()) f.bad("cannot set up parallel reading");
}

graph_file_reader::~graph_file_reader() = default;

const graph_file_header& graph_file_reader::header() const noexcept { return impl_->header; }
const std::string& graph_file_reader::path() const noexcept { return impl_->path; }

void graph_file_reader::read(graph_dataset d, std::uint64_t first, std::span<std::uint64_t> out) {
  impl_->read(d, first, out);
}
void graph_file_reader::read(graph_dataset d, std::uint64_t first, std::span<std::uint32_t> out) {
  impl_->read(d, first, out);
}
void graph_file_reader::read(graph_dataset d, std::uint64_t first, std::span<double> out) {
  impl_->read(d, first, out);
}

std::uint64_t graph_file_reader::read_one(graph_dataset d, std::uint64_t index) {
  auto& f = *impl_;
  const auto& dataset = f.datasets[static_cast<std::size_t>(d)];
  std::uint64_t value = 0;
  const hsize_t start = index;
  const hsize_t one = 1;
  hdf5_handle file_space(dataset.valid() ? H5Dget_space(dataset.get()) : -1, H5Sclose);
  hdf5_handle memory(H5Screate_simple(1, &one, nullptr), H5Sclose);
  const bool ok =
      file_space.valid() && memory.valid() &&
      H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &start, nullptr, &one, nullptr) >= 0 &&
      H5Dread(dataset.get(), H5T_NATIVE_UINT64, memory.get(), file_space.get(), f.independent.get(), &value) >= 0;
  if (!ok) f.bad(std::string(dataset_path(d)) + " cannot be read (damaged file?)");
  return value;
}

}  // namespace eddy::io
