// Fuzzes the checkpoint reader (eddy/io/checkpoint_file.hpp) on damaged checkpoints.
//
// libhdf5 does not defend itself against malformed files (bytes that break its own structures
// can crash it inside its code, which no check in eddy could prevent), so the fuzzer does not
// write the file's bytes. It edits a valid checkpoint through the HDF5 API instead: the input is a
// program of edits (replace, retype or remove attributes, datasets and groups; change element
// types, ranks, lengths and layouts; overwrite data and checksums; add links), all of them files
// HDF5 itself writes and reads back, which leaves what eddy validates. The reader must then read
// everything it lists or reject the file with an input error.
#include <hdf5.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "eddy/io/checkpoint_file.hpp"
#include "fuzz_support.hpp"

namespace {

using eddy::fuzz::finding;

// The rows the target reads whole; a header promising more is read only by verify().
constexpr std::uint64_t max_rows_read = std::uint64_t{1} << 16U;

// The checkpoint every input starts from, written once.
std::string base_path;

// Bytes of the input, read front to back; zeros once it is used up.
class program {
 public:
  explicit program(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  [[nodiscard]] bool done() const { return at_ >= bytes_.size(); }
  std::uint8_t byte() { return at_ < bytes_.size() ? bytes_[at_++] : 0; }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = v << 8U | byte();
    return v;
  }
  // A length that is usually small and sometimes anything.
  std::uint64_t length() {
    const std::uint8_t b = byte();
    return b < 0xf0 ? b % 16 : u64();
  }
  std::string text() {
    std::string s(byte() % 24, '\0');
    for (auto& c : s) c = static_cast<char>(byte());
    return s;
  }
  template <std::size_t N>
  const char* pick(const char* const (&names)[N]) {
    return names[byte() % N];
  }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t at_ = 0;
};

const char* const attribute_names[] = {"format",  "version",       "kind",  "algorithm", "parameters",
                                       "superstep", "batch",       "stream_offset", "ranks", "vertices",
                                       "edges",   "weighted",      "graph_fingerprint", "graph_file",
                                       "vertex_file", "created",   "crc32"};
const char* const object_names[] = {"/vertices/external_id", "/state/rank", "/state/depth", "/state/label",
                                    "/edges/source",         "/edges/target", "/edges/weight", "/values/counter",
                                    "/vertices",             "/state",        "/edges",        "/values",
                                    "/state/extra",          "/values/extra", "/"};

hid_t pick_type(program& p) {
  switch (p.byte() % 10) {
    case 0: return H5T_STD_U8LE;
    case 1: return H5T_STD_I32LE;
    case 2: return H5T_STD_U64LE;
    case 3: return H5T_STD_I64LE;
    case 4: return H5T_IEEE_F32LE;
    case 5: return H5T_IEEE_F64LE;
    case 6: return H5T_STD_U64BE;
    case 7: return H5T_IEEE_F64BE;
    case 8: return H5T_STD_I8LE;
    default: return H5T_C_S1;  // a string of one character
  }
}

// A dataspace: scalar, null, or one or two dimensions of fuzzed extents (below 64 when small:
// HDF5 keeps an attribute's value in memory whole).
hid_t pick_space(program& p, bool small) {
  const std::uint8_t kind = p.byte() % 8;
  if (kind == 0) return H5Screate(H5S_SCALAR);
  if (kind == 1) return H5Screate(H5S_NULL);
  const int rank = kind == 2 ? 2 : 1;
  hsize_t dims[2] = {p.length(), p.length()};
  if (small) dims[0] %= 64, dims[1] %= 64;
  hsize_t max[2] = {H5S_UNLIMITED, H5S_UNLIMITED};
  return H5Screate_simple(rank, dims, max);
}

// Removes what is at `path` (an attribute name when where is an object) when it is there.
void remove_link(hid_t file, const char* path) {
  if (std::strcmp(path, "/") != 0 && H5Lexists(file, path, H5P_DEFAULT) > 0) (void)H5Ldelete(file, path, H5P_DEFAULT);
}

// Replaces attribute `name` of `where` with one of a fuzzed type, space and value.
void put_attribute(hid_t where, const char* name, program& p) {
  if (H5Aexists(where, name) > 0) (void)H5Adelete(where, name);
  const hid_t space = pick_space(p, true);
  hid_t type = H5Tcopy(pick_type(p));
  if (H5Tget_class(type) == H5T_STRING) {
    const std::uint64_t n = 1 + p.byte() % 32;
    (void)H5Tset_size(type, p.byte() % 4 == 0 ? H5T_VARIABLE : n);
  }
  const hid_t attribute = space >= 0 ? H5Acreate2(where, name, type, space, H5P_DEFAULT, H5P_DEFAULT) : -1;
  if (attribute >= 0 && H5Tis_variable_str(type) <= 0) {
    const hssize_t elements = H5Sget_simple_extent_npoints(space);
    const std::size_t bytes = H5Tget_size(type) * static_cast<std::size_t>(std::max<hssize_t>(elements, 0));
    if (bytes <= (std::size_t{1} << 16U)) {
      std::vector<std::uint8_t> value(std::max<std::size_t>(bytes, 1));
      for (auto& b : value) b = p.byte();
      (void)H5Awrite(attribute, type, value.data());
    }
  } else if (attribute >= 0) {
    const std::string s = p.text();
    const std::vector<const char*> values(
        static_cast<std::size_t>(std::max<hssize_t>(H5Sget_simple_extent_npoints(space), 1)), s.c_str());
    if (values.size() <= 1024) (void)H5Awrite(attribute, type, values.data());
  }
  if (attribute >= 0) H5Aclose(attribute);
  H5Tclose(type);
  if (space >= 0) H5Sclose(space);
}

// Replaces the object at `path` with a dataset of fuzzed type, extents and layout. Data is
// written only when small; large extents stay unallocated (chunked), as a sparse file would.
void put_dataset(hid_t file, const char* path, program& p) {
  remove_link(file, path);
  const hid_t space = pick_space(p, false);
  hid_t type = H5Tcopy(pick_type(p));
  const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  const int rank = space >= 0 ? H5Sget_simple_extent_ndims(space) : -1;
  if (rank > 0) {
    hsize_t chunk[2] = {1 + p.byte() % 8U, 1 + p.byte() % 8U};
    (void)H5Pset_chunk(dcpl, rank, chunk);  // needed for the unlimited maximum extents
  }
  const hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  (void)H5Pset_create_intermediate_group(lcpl, 1);
  const hid_t dataset = space >= 0 ? H5Dcreate2(file, path, type, space, lcpl, dcpl, H5P_DEFAULT) : -1;
  if (dataset >= 0) {
    const hssize_t elements = H5Sget_simple_extent_npoints(space);
    const std::size_t bytes = elements > 0 && elements <= (1 << 16) ? H5Tget_size(type) * static_cast<std::size_t>(elements) : 0;
    if (bytes != 0 && bytes <= (std::size_t{1} << 16U)) {
      std::vector<std::uint8_t> data(bytes);
      for (auto& b : data) b = p.byte();
      (void)H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data());
    }
    if (p.byte() % 2 == 0) {
      const hid_t s = H5Screate(H5S_SCALAR);
      const hid_t a = H5Acreate2(dataset, "crc32", H5T_STD_U64LE, s, H5P_DEFAULT, H5P_DEFAULT);
      const std::uint64_t crc = p.u64();
      if (a >= 0) (void)H5Awrite(a, H5T_NATIVE_UINT64, &crc), H5Aclose(a);
      H5Sclose(s);
    }
    H5Dclose(dataset);
  }
  H5Pclose(lcpl);
  H5Pclose(dcpl);
  H5Tclose(type);
  if (space >= 0) H5Sclose(space);
}

// Overwrites bytes of an existing dataset, element by element of its own type.
void overwrite(hid_t file, const char* path, program& p) {
  if (H5Lexists(file, path, H5P_DEFAULT) <= 0) return;
  const hid_t dataset = H5Dopen2(file, path, H5P_DEFAULT);
  if (dataset < 0) return;
  const hid_t space = H5Dget_space(dataset);
  const hid_t type = H5Dget_type(dataset);
  hsize_t dims[2] = {0, 0};
  if (H5Sget_simple_extent_ndims(space) == 1 && H5Sget_simple_extent_dims(space, dims, nullptr) == 1 && dims[0] > 0 &&
      H5Tget_size(type) <= 16) {
    hsize_t start = p.byte() % dims[0];
    hsize_t count = 1;
    std::uint8_t element[16];
    for (auto& b : element) b = p.byte();
    const hid_t memory = H5Screate_simple(1, &count, nullptr);
    (void)H5Sselect_hyperslab(space, H5S_SELECT_SET, &start, nullptr, &count, nullptr);
    (void)H5Dwrite(dataset, type, memory, space, H5P_DEFAULT, element);
    H5Sclose(memory);
  }
  H5Tclose(type);
  H5Sclose(space);
  H5Dclose(dataset);
}

// Adds a link that is not a plain dataset where eddy lists members.
void put_link(hid_t file, const char* path, program& p) {
  remove_link(file, path);
  switch (p.byte() % 4) {
    case 0: (void)H5Lcreate_soft("/nowhere", file, path, H5P_DEFAULT, H5P_DEFAULT); break;
    case 1: (void)H5Lcreate_soft(p.pick(object_names), file, path, H5P_DEFAULT, H5P_DEFAULT); break;
    case 2: (void)H5Lcreate_external("missing.h5", "/x", file, path, H5P_DEFAULT, H5P_DEFAULT); break;
    default: {
      const hid_t g = H5Gcreate2(file, path, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
      if (g >= 0) H5Gclose(g);
    }
  }
}

void edit(const std::string& path, program& p) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (file < 0) finding("cannot open the copy of the base checkpoint");
  for (int step = 0; step < 16 && !p.done(); ++step) {
    switch (p.byte() % 7) {
      case 0: put_attribute(file, p.pick(attribute_names), p); break;
      case 1: {
        const char* name = p.pick(attribute_names);
        if (H5Aexists(file, name) > 0) (void)H5Adelete(file, name);
        break;
      }
      case 2: {  // an attribute of a dataset or group, usually its checksum
        const char* object = p.pick(object_names);
        const hid_t o = H5Lexists(file, object, H5P_DEFAULT) > 0 || std::strcmp(object, "/") == 0
                            ? H5Oopen(file, object, H5P_DEFAULT)
                            : -1;
        if (o >= 0) {
          put_attribute(o, p.byte() % 4 == 0 ? p.pick(attribute_names) : "crc32", p);
          H5Oclose(o);
        }
        break;
      }
      case 3: put_dataset(file, p.pick(object_names), p); break;
      case 4: remove_link(file, p.pick(object_names)); break;
      case 5: overwrite(file, p.pick(object_names), p); break;
      default: put_link(file, p.pick(object_names), p); break;
    }
  }
  if (H5Fclose(file) < 0) finding("cannot close the edited checkpoint");
}

// Collective (one rank): writes a small checkpoint with every kind of dataset.
void write_base(const std::string& path) {
  eddy::io::checkpoint_header h;
  h.kind = "stream";
  h.algorithm = "pagerank";
  h.parameters = R"({"damping":0.85})";
  h.superstep = 3;
  h.batch = 2;
  h.stream_offset = 99;
  h.ranks = 1;
  h.vertices = 4;
  h.edges = 3;
  h.weighted = true;
  h.graph_fingerprint = "0123456789abcdef";
  h.created = "2024-01-02T03:04:05Z";
  const std::vector<std::uint64_t> ids = {7, 11, 13, 17};
  const std::vector<double> rank = {0.1, 0.2, 0.3, 0.4};
  const std::vector<std::int64_t> depth = {0, 1, -1, 2};
  const std::vector<std::uint64_t> label = {7, 7, 13, 13};
  const std::vector<std::uint64_t> source = {7, 11, 13};
  const std::vector<std::uint64_t> target = {11, 13, 17};
  const std::vector<double> weight = {1.0, 0.5, 2.0};
  const std::vector<std::byte> counter = {std::byte{1}, std::byte{2}, std::byte{3}};
  eddy::io::checkpoint_writer w(eddy::fuzz::world(), path, h, 1024);
  w.write_column("external_id", 0, std::span<const std::uint64_t>(ids));
  w.write_column("rank", 0, std::span<const double>(rank));
  w.write_column("depth", 0, std::span<const std::int64_t>(depth));
  w.write_column("label", 0, std::span<const std::uint64_t>(label));
  w.write_edges(0, source, target, weight);
  w.write_value("counter", counter);
  w.commit();
}

// Everything a resuming job reads, each part that the header makes small enough.
void read_everything(const std::string& path) {
  eddy::io::checkpoint_reader r(eddy::fuzz::world(), path);
  const auto& h = r.header();
  if (h.vertices <= max_rows_read) {
    std::vector<std::uint64_t> ids(h.vertices);
    r.read_column("external_id", 0, std::span<std::uint64_t>(ids));
    for (const auto& c : r.columns()) {
      std::vector<std::uint64_t> bits(h.vertices);
      switch (c.type) {
        case eddy::io::column_type::f64: {
          std::vector<double> v(h.vertices);
          r.read_column(c.name, 0, std::span<double>(v));
          break;
        }
        case eddy::io::column_type::i64: {
          std::vector<std::int64_t> v(h.vertices);
          r.read_column(c.name, 0, std::span<std::int64_t>(v));
          break;
        }
        case eddy::io::column_type::u64:
          r.read_column(c.name, 0, std::span<std::uint64_t>(bits));
          break;
      }
    }
  }
  for (const auto& name : r.values()) (void)r.read_value(name);
  if (h.edges <= max_rows_read) {
    std::vector<std::uint64_t> source(h.edges);
    std::vector<std::uint64_t> target(h.edges);
    std::vector<double> weight(h.weighted ? h.edges : 0);
    r.read_edges(0, source, target, weight);
  }
  r.verify();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  eddy::fuzz::start(argc, argv);
  // The edits fail often (on purpose); HDF5 would print its error stack for each.
  (void)H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  base_path = eddy::fuzz::scratch_dir() + "/base.h5";
  if (eddy::fuzz::rejected([] { write_base(base_path); })) finding("cannot write the base checkpoint");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = eddy::fuzz::scratch_dir() + "/edited.h5";
  std::filesystem::copy_file(base_path, path, std::filesystem::copy_options::overwrite_existing);
  program p(std::span(data, size));
  edit(path, p);
  (void)eddy::fuzz::rejected([&] { read_everything(path); });
  return 0;
}
