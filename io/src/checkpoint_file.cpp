#include "eddy/io/checkpoint_file.hpp"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <isa-l/crc.h>
#include <zlib.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <type_traits>

#include "eddy/io/graph_file.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/error.hpp"
#include "eddy/runtime/fault_injection.hpp"
#include "hdf5_handle.hpp"

namespace eddy::io {
namespace {

using detail::hdf5_handle;

constexpr const char* format_name = "eddy-checkpoint";
constexpr std::uint64_t format_version = 1;

std::string column_path(const std::string& name) {
  return name == "external_id" ? "/vertices/external_id" : "/state/" + name;
}

template <class T>
hid_t file_type() {
  if constexpr (std::is_same_v<T, double>)
    return H5T_IEEE_F64LE;
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return H5T_STD_I64LE;
  else if constexpr (std::is_same_v<T, std::uint64_t>)
    return H5T_STD_U64LE;
  else
    return H5T_STD_U8LE;
}

template <class T>
column_type type_of() {
  if constexpr (std::is_same_v<T, double>)
    return column_type::f64;
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return column_type::i64;
  else
    return column_type::u64;
}

// zlib's CRC-32 (gzip's), computed by ISA-L with carry-less multiplication: 18 times zlib's
// speed on 1.3 MB (0.03 against 0.55 ms), which each checkpoint of cnr-2000 sums per rank.
std::uint64_t crc_of(std::span<const std::byte> bytes) {
  return crc32_gzip_refl(0, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

// Collective: the CRC-32 of the concatenation of every rank's bytes, in rank order.
std::uint64_t crc_in_rank_order(const communicator& comm, std::span<const std::byte> mine) {
  const std::uint64_t pair[2] = {crc_of(mine), mine.size()};
  const auto all = comm.all_gather_v<std::uint64_t>(std::span<const std::uint64_t>(pair));
  uLong crc = 0;  // the CRC-32 of nothing
  for (std::size_t r = 0; r + 1 < all.size(); r += 2) {
    crc = crc32_combine64(crc, static_cast<uLong>(all[r]), static_cast<z_off64_t>(all[r + 1]));
  }
  return crc;
}

// Forces a file's (or directory's) contents to disk; false when that fails.
bool sync_path(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  return ::close(fd) == 0 && ok;
}

hdf5_handle make_group(hid_t where, const char* name) {
  return hdf5_handle(H5Gcreate2(where, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
}

// Collective: a one-dimensional dataset of `length` elements, contiguous, never filled.
hdf5_handle make_dataset(hid_t file, const std::string& path, hid_t type, std::uint64_t length) {
  const hsize_t n = length;
  hdf5_handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
  hdf5_handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  if (!space.valid() || !dcpl.valid() || H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_NEVER) < 0 ||
      H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_EARLY) < 0) {
    return {};
  }
  return hdf5_handle(H5Dcreate2(file, path.c_str(), type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                     H5Dclose);
}

// Whether the file stores every element of a dataset of `length` elements. A damaged file can
// declare more than it holds (chunks never written read as fill values), and reading what it
// declares would take memory and time in proportion to any length it names. Compressed data
// (eddy writes none, but h5repack can) is taken on trust: its stored size says nothing.
bool stored_whole(hid_t dataset, std::uint64_t length) {
  hdf5_handle type(H5Dget_type(dataset), H5Tclose);
  hdf5_handle dcpl(H5Dget_create_plist(dataset), H5Pclose);
  if (!type.valid() || !dcpl.valid() || H5Tget_size(type.get()) == 0) return false;
  if (H5Pget_nfilters(dcpl.get()) != 0) return true;
  return length <= H5Dget_storage_size(dataset) / H5Tget_size(type.get());
}

// The rows of a one-dimensional dataset the file stores whole; ~0 for any other.
std::uint64_t dataset_length(hid_t dataset) {
  hdf5_handle space(H5Dget_space(dataset), H5Sclose);
  hsize_t length = 0;
  if (!space.valid() || H5Sget_simple_extent_ndims(space.get()) != 1 ||
      H5Sget_simple_extent_dims(space.get(), &length, nullptr) != 1 || !stored_whole(dataset, length)) {
    return ~std::uint64_t{0};
  }
  return length;
}

// The column type of a dataset, when it is one of the three.
bool column_type_of(hid_t dataset, column_type& type) {
  hdf5_handle t(H5Dget_type(dataset), H5Tclose);
  if (!t.valid() || H5Tget_size(t.get()) != 8) return false;
  if (H5Tget_class(t.get()) == H5T_FLOAT) {
    type = column_type::f64;
    return true;
  }
  if (H5Tget_class(t.get()) != H5T_INTEGER) return false;
  type = H5Tget_sign(t.get()) == H5T_SGN_2 ? column_type::i64 : column_type::u64;
  return true;
}

std::vector<std::string> member_names(hid_t file, const char* group) {
  std::vector<std::string> names;
  hdf5_handle g(H5Gopen2(file, group, H5P_DEFAULT), H5Gclose);
  if (!g.valid()) return names;
  H5G_info_t info{};
  if (H5Gget_info(g.get(), &info) < 0) return names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t length = H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (length < 0) continue;
    std::string name(static_cast<std::size_t>(length) + 1, '\0');
    if (H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT) < 0) {
      continue;
    }
    name.resize(static_cast<std::size_t>(length));
    names.push_back(std::move(name));
  }
  return names;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
struct checkpoint_writer::impl {
  const communicator* comm = nullptr;
  std::string path;
  std::string temporary;
  checkpoint_header header;
  hdf5_handle file;
  hdf5_handle dxpl;
  bool committed = false;
  bool agreed_failure = false;  // every rank knows the writing failed
  int unwinding_before = std::uncaught_exceptions();

  impl() = default;
  impl(const impl&) = delete;
  impl& operator=(const impl&) = delete;
  ~impl() {
    if (committed || comm == nullptr) return;
    // Closing a parallel HDF5 file is collective. When this rank alone failed (an exception the
    // others do not know of), they are inside other collective calls, and closing would wait for
    // them forever instead of letting the error end the job: leave the file to the exit.
    if (agreed_failure || std::uncaught_exceptions() <= unwinding_before) {
      file.reset();
    } else {
      (void)file.release();
    }
    if (comm->rank() == 0 && !temporary.empty()) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
    }
  }

  void fail_unless(bool ok, const std::string& what) {
    try {
      agree_that(*comm, ok, path + ": " + what + " (disk full or not writable?)", exit_code::failure);
    } catch (const collective_error&) {
      agreed_failure = true;
      throw;
    }
  }

  // Collective: writes this rank's slice and the dataset's checksum.
  template <class T>
  void write(const std::string& name, hid_t type, std::uint64_t length, std::uint64_t first, std::span<const T> values,
             bool every_rank_writes) {
    fault_point(fault_place::checkpoint);
    const auto dataset = make_dataset(file.get(), name, type, length);
    const std::uint64_t count = every_rank_writes || comm->rank() == 0 ? values.size() : 0;
    bool ok = dataset.valid() && detail::transfer_slice(*comm, dataset.get(), dxpl.get(), first,
                                                        const_cast<T*>(values.data()), count, true);
    const auto bytes = std::as_bytes(values.first(count));
    const std::uint64_t crc = every_rank_writes ? crc_in_rank_order(*comm, bytes) : crc_of(std::as_bytes(values));
    ok = ok && detail::write_attribute(dataset.get(), "crc32", crc);
    fail_unless(ok, "writing " + name + " failed");
  }
};

checkpoint_writer::checkpoint_writer(const communicator& comm, std::string path, const checkpoint_header& header,
                                     std::uint64_t data_bytes)
    : impl_(std::make_unique<impl>()) {
  detail::silence_hdf5_errors();
  auto& f = *impl_;
  f.comm = &comm;
  f.path = std::move(path);
  f.header = header;
  agree(comm, [&] {
    if (comm.rank() != 0) return;
    // Object headers, attributes and the superblock: a few KiB per dataset at most.
    const std::uint64_t needed = data_bytes + data_bytes / 100 + (std::uint64_t{1} << 16U);
    const auto parent = std::filesystem::absolute(f.path).parent_path();
    struct statvfs fs {};
    if (::statvfs(parent.c_str(), &fs) == 0 && std::uint64_t{fs.f_bavail} * fs.f_frsize < needed) {
      throw error(f.path + ": not enough free space for the checkpoint (" + std::to_string(needed) +
                      " bytes needed, " + std::to_string(std::uint64_t{fs.f_bavail} * fs.f_frsize) +
                      " free): disk full or not writable?",
                  exit_code::failure);
    }
  });
  f.temporary = f.path + ".tmp." + std::to_string(::getpid());
  comm.broadcast(f.temporary, 0);
  const auto fapl = detail::mpio_access(comm);
  // Every rank makes the same metadata calls: let them write metadata together rather than each.
  if (fapl.valid()) {
    (void)H5Pset_all_coll_metadata_ops(fapl.get(), 1);
    (void)H5Pset_coll_metadata_write(fapl.get(), 1);
  }
  f.file =
      hdf5_handle(fapl.valid() ? H5Fcreate(f.temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()) : -1, H5Fclose);
  f.fail_unless(f.file.valid(), "cannot create the checkpoint file");

  const hid_t root = f.file.get();
  bool ok = detail::write_attribute(root, "format", std::string(format_name)) &&
            detail::write_attribute(root, "version", format_version) &&
            detail::write_attribute(root, "kind", header.kind) &&
            detail::write_attribute(root, "algorithm", header.algorithm) &&
            detail::write_attribute(root, "parameters", header.parameters) &&
            detail::write_attribute(root, "superstep", header.superstep) &&
            detail::write_attribute(root, "batch", header.batch) &&
            detail::write_attribute(root, "stream_offset", header.stream_offset) &&
            detail::write_attribute(root, "ranks", header.ranks) &&
            detail::write_attribute(root, "vertices", header.vertices) &&
            detail::write_attribute(root, "edges", header.edges) &&
            detail::write_attribute(root, "weighted", header.weighted ? 1U : 0U) &&
            detail::write_attribute(root, "graph_fingerprint", header.graph_fingerprint) &&
            detail::write_attribute(root, "graph_file", header.graph_file) &&
            detail::write_attribute(root, "vertex_file", header.vertex_file) &&
            detail::write_attribute(root, "created", header.created);
  for (const char* group : {"/state", "/values"}) ok = ok && make_group(root, group).valid();
  if (header.vertex_file.empty()) {
    ok = ok && make_group(root, "/vertices").valid();
  } else {
    ok = ok && H5Lcreate_external(header.vertex_file.c_str(), "/vertices", root, "vertices", H5P_DEFAULT, H5P_DEFAULT) >= 0;
  }
  if (header.edges > 0) ok = ok && make_group(root, "/edges").valid();
  if (ok && !header.graph_file.empty()) {
    ok = H5Lcreate_external(header.graph_file.c_str(), "/", root, "graph", H5P_DEFAULT, H5P_DEFAULT) >= 0;
  }
  // Each rank's rows are one contiguous block of an early-allocated dataset: independent writes
  // go straight to the file, where collective buffering would first move them between ranks
  // (3.3 against 2.2 ms per cnr-2000 checkpoint at 2 ranks, docs/BENCHMARKS.md).
  f.dxpl = detail::transfer_list(H5FD_MPIO_INDEPENDENT);
  f.fail_unless(ok && f.dxpl.valid(), "writing the checkpoint header failed");
}

checkpoint_writer::~checkpoint_writer() = default;

void checkpoint_writer::write_column(const std::string& name, std::uint64_t first, std::span<const double> values) {
  impl_->write(column_path(name), file_type<double>(), impl_->header.vertices, first, values, true);
}
void checkpoint_writer::write_column(const std::string& name, std::uint64_t first,
                                     std::span<const std::int64_t> values) {
  impl_->write(column_path(name), file_type<std::int64_t>(), impl_->header.vertices, first, values, true);
}
void checkpoint_writer::write_column(const std::string& name, std::uint64_t first,
                                     std::span<const std::uint64_t> values) {
  impl_->write(column_path(name), file_type<std::uint64_t>(), impl_->header.vertices, first, values, true);
}

void checkpoint_writer::write_value(const std::string& name, std::span<const std::byte> bytes) {
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  impl_->write("/values/" + name, file_type<std::uint8_t>(), bytes.size(), 0,
               std::span<const std::uint8_t>(data, bytes.size()), false);
}

void checkpoint_writer::write_edges(std::uint64_t first, std::span<const std::uint64_t> source,
                                    std::span<const std::uint64_t> target, std::span<const double> weight) {
  auto& f = *impl_;
  const std::uint64_t n = f.header.edges;
  if (n == 0) return;  // no /edges group: the graph has no edge
  f.write("/edges/source", file_type<std::uint64_t>(), n, first, source, true);
  f.write("/edges/target", file_type<std::uint64_t>(), n, first, target, true);
  if (f.header.weighted) f.write("/edges/weight", file_type<double>(), n, first, weight, true);
}

closed_checkpoint checkpoint_writer::close() {
  auto& f = *impl_;
  // No H5Fflush: under MPI-IO it syncs the file on every rank, and publish_checkpoint syncs it
  // once; closing writes out what HDF5 still holds.
  const bool ok = f.file.reset();
  f.fail_unless(ok, "closing the checkpoint failed");
  f.committed = true;  // the temporary file is now the caller's
  return {f.temporary, f.path};
}

bool publish_checkpoint(const closed_checkpoint& file) {
  // On disk before it takes its name, and the name on disk before the caller drops older ones.
  std::error_code ec;
  bool ok = sync_path(file.temporary, false);
  if (ok) std::filesystem::rename(file.temporary, file.path, ec);
  ok = ok && !ec;
  if (!ok) std::filesystem::remove(file.temporary, ec);
  const auto parent = std::filesystem::absolute(file.path).parent_path();
  return ok && sync_path(parent.string(), true);
}

void checkpoint_writer::commit() {
  const auto file = close();
  const bool ok = impl_->comm->rank() != 0 || publish_checkpoint(file);
  agree_that(*impl_->comm, ok,
             file.path + ": finishing the checkpoint failed (disk full or not writable?)", exit_code::failure);
}

// ---------------------------------------------------------------------------------------------
struct checkpoint_reader::impl {
  const communicator* comm = nullptr;
  std::string path;
  checkpoint_header header;
  std::vector<column_info> columns;
  hdf5_handle file;
  hdf5_handle collective;

  [[noreturn]] void bad(const std::string& what) const { throw input_error(path, 0, what); }

  [[nodiscard]] std::vector<std::string> edge_datasets() const {
    if (header.edges == 0) return {};
    std::vector<std::string> names = {"/edges/source", "/edges/target"};
    if (header.weighted) names.emplace_back("/edges/weight");
    return names;
  }

  template <class T>
  void read_rows(const std::string& name, std::uint64_t first, std::span<T> out) {
    const auto dataset = open(name);
    const bool ok = dataset.valid() &&
                    detail::transfer_slice(*comm, dataset.get(), collective.get(), first, out.data(), out.size(), false);
    agree_that(*comm, ok, path + ": " + name + " cannot be read (damaged file?)");
  }

  hdf5_handle open(const std::string& name) const {
    return hdf5_handle(H5Dopen2(file.get(), name.c_str(), H5P_DEFAULT), H5Dclose);
  }

  template <class T>
  void read_column(const std::string& name, std::uint64_t first, std::span<T> out) {
    const auto it = std::find_if(columns.begin(), columns.end(), [&](const column_info& c) { return c.name == name; });
    const bool known = name == "external_id" || it != columns.end();
    agree_that(*comm, known, path + ": no state named '" + name + "'");
    const bool same_type = name == "external_id" ? std::is_same_v<T, std::uint64_t> : it->type == type_of<T>();
    agree_that(*comm, same_type, path + ": state '" + name + "' has another element type");
    read_rows(column_path(name), first, out);
  }

  // Collective: this rank's share of a dataset's bytes checked against its attribute.
  template <class T>
  bool check(const std::string& name, std::uint64_t length, bool split) {
    const auto dataset = open(name);
    std::uint64_t first = 0;
    std::uint64_t count = length;
    if (split) {
      const auto p = static_cast<std::uint64_t>(comm->size());
      const auto r = static_cast<std::uint64_t>(comm->rank());
      first = length * r / p;
      count = length * (r + 1) / p - first;
    }
    std::vector<T> data(count);
    bool ok = dataset.valid() &&
              detail::transfer_slice(*comm, dataset.get(), collective.get(), first, data.data(), count, false);
    std::uint64_t expected = 0;
    ok = ok && detail::read_attribute(dataset.get(), "crc32", expected);
    ok = comm->all_reduce(static_cast<int>(ok), reduce_op::min) == 1;
    const auto bytes = std::as_bytes(std::span<const T>(data));
    const std::uint64_t crc = split ? crc_in_rank_order(*comm, bytes) : crc_of(bytes);
    return ok && crc == expected;
  }
};

checkpoint_reader::checkpoint_reader(const communicator& comm, std::string path) : impl_(std::make_unique<impl>()) {
  detail::silence_hdf5_errors();
  auto& f = *impl_;
  f.comm = &comm;
  f.path = std::move(path);
  f.file = detail::open_for_reading(comm, f.path, format_name, format_version, "eddy checkpoint");
  const hid_t root = f.file.get();
  auto& h = f.header;
  std::uint64_t weighted = 0;
  const bool attributes =
      detail::read_attribute(root, "kind", h.kind) && detail::read_attribute(root, "algorithm", h.algorithm) &&
      detail::read_attribute(root, "parameters", h.parameters) &&
      detail::read_attribute(root, "superstep", h.superstep) && detail::read_attribute(root, "batch", h.batch) &&
      detail::read_attribute(root, "stream_offset", h.stream_offset) &&
      detail::read_attribute(root, "ranks", h.ranks) && detail::read_attribute(root, "vertices", h.vertices) &&
      detail::read_attribute(root, "edges", h.edges) && detail::read_attribute(root, "weighted", weighted) &&
      detail::read_attribute(root, "graph_fingerprint", h.graph_fingerprint) &&
      detail::read_attribute(root, "graph_file", h.graph_file) && detail::read_attribute(root, "created", h.created);
  if (!attributes) f.bad("an attribute of the checkpoint is missing or malformed");
  (void)detail::read_attribute(root, "vertex_file", h.vertex_file);  // absent before links were made
  h.weighted = weighted != 0;

  const auto ids = f.open("/vertices/external_id");
  if (!ids.valid() || dataset_length(ids.get()) != h.vertices) f.bad("/vertices/external_id is missing or short");
  for (const auto& name : member_names(root, "/state")) {
    const auto dataset = f.open("/state/" + name);
    column_info c{name, column_type::f64};
    if (!dataset.valid() || !column_type_of(dataset.get(), c.type)) f.bad("/state/" + name + " is not a column");
    const std::uint64_t rows = dataset_length(dataset.get());
    if (rows == ~std::uint64_t{0}) f.bad("/state/" + name + " is not a column the file holds whole");
    if (rows != h.vertices) {
      f.bad("/state/" + name + " has " + std::to_string(rows) + " rows, expected " + std::to_string(h.vertices));
    }
    f.columns.push_back(std::move(c));
  }
  for (const auto& name : f.edge_datasets()) {
    const auto dataset = f.open(name);
    if (!dataset.valid() || dataset_length(dataset.get()) != h.edges) f.bad(name + " is missing or short");
  }
  f.collective = detail::transfer_list(H5FD_MPIO_COLLECTIVE);
  if (!f.collective.valid()) f.bad("cannot set up parallel reading");
}

checkpoint_reader::~checkpoint_reader() = default;

const checkpoint_header& checkpoint_reader::header() const noexcept { return impl_->header; }
const std::string& checkpoint_reader::path() const noexcept { return impl_->path; }
const std::vector<column_info>& checkpoint_reader::columns() const noexcept { return impl_->columns; }
std::vector<std::string> checkpoint_reader::values() const { return member_names(impl_->file.get(), "/values"); }

void checkpoint_reader::read_column(const std::string& name, std::uint64_t first, std::span<double> out) {
  impl_->read_column(name, first, out);
}
void checkpoint_reader::read_column(const std::string& name, std::uint64_t first, std::span<std::int64_t> out) {
  impl_->read_column(name, first, out);
}
void checkpoint_reader::read_column(const std::string& name, std::uint64_t first, std::span<std::uint64_t> out) {
  impl_->read_column(name, first, out);
}

std::vector<std::byte> checkpoint_reader::read_value(const std::string& name) {
  auto& f = *impl_;
  const auto dataset = f.open("/values/" + name);
  agree_that(*f.comm, dataset.valid(), f.path + ": no value named '" + name + "'");
  const std::uint64_t length = dataset_length(dataset.get());
  agree_that(*f.comm, length != ~std::uint64_t{0}, f.path + ": /values/" + name + " is damaged (not bytes the file holds whole)");
  std::vector<std::byte> bytes(length);
  const bool ok = detail::transfer_slice(*f.comm, dataset.get(), f.collective.get(), 0,
                                         reinterpret_cast<std::uint8_t*>(bytes.data()), length, false);
  agree_that(*f.comm, ok, f.path + ": /values/" + name + " cannot be read (damaged file?)");
  return bytes;
}

void checkpoint_reader::read_edges(std::uint64_t first, std::span<std::uint64_t> source,
                                   std::span<std::uint64_t> target, std::span<double> weight) {
  auto& f = *impl_;
  if (f.header.edges == 0) return;
  f.read_rows("/edges/source", first, source);
  f.read_rows("/edges/target", first, target);
  if (f.header.weighted) f.read_rows("/edges/weight", first, weight);
}

void checkpoint_reader::verify() {
  auto& f = *impl_;
  const auto fail = [&](const std::string& name) {
    throw input_error(f.path, 0, name + " does not match its checksum (damaged file)");
  };
  if (!f.check<std::uint64_t>("/vertices/external_id", f.header.vertices, true)) fail("/vertices/external_id");
  for (const auto& c : f.columns) {
    // Read as what they are: HDF5 would convert between element types.
    const auto name = "/state/" + c.name;
    const std::uint64_t n = f.header.vertices;
    const bool ok = c.type == column_type::f64   ? f.check<double>(name, n, true)
                    : c.type == column_type::i64 ? f.check<std::int64_t>(name, n, true)
                                                 : f.check<std::uint64_t>(name, n, true);
    if (!ok) fail(name);
  }
  for (const auto& name : f.edge_datasets()) {
    const bool ok = name == "/edges/weight" ? f.check<double>(name, f.header.edges, true)
                                            : f.check<std::uint64_t>(name, f.header.edges, true);
    if (!ok) fail(name);
  }
  for (const auto& v : values()) {
    const auto name = "/values/" + v;
    const auto dataset = f.open(name);
    const std::uint64_t length = dataset.valid() ? dataset_length(dataset.get()) : 0;
    if (length == ~std::uint64_t{0} || !f.check<std::uint8_t>(name, length, false)) fail(name);
  }
}

}  // namespace eddy::io
