#include "hdf5_handle.hpp"

#include <filesystem>
#include <vector>

#include "eddy/io/graph_file.hpp"
#include "eddy/runtime/error.hpp"

namespace eddy::io::detail {

void silence_hdf5_errors() {
  static const bool silenced = H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr) >= 0;
  (void)silenced;
}

namespace {

bool put(hid_t where, const char* name, hid_t file_type, hid_t memory_type, const void* value) {
  hdf5_handle space(H5Screate(H5S_SCALAR), H5Sclose);
  hdf5_handle attribute(space.valid() ? H5Acreate2(where, name, file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT) : -1,
                        H5Aclose);
  return attribute.valid() && H5Awrite(attribute.get(), memory_type, value) >= 0;
}

// Only an attribute of one element: H5Aread fills as many elements as the attribute holds, so an
// array attribute in a damaged file would overrun the single value it is read into.
hdf5_handle open_attribute(hid_t where, const char* name) {
  if (H5Aexists(where, name) <= 0) return {};
  hdf5_handle attribute(H5Aopen(where, name, H5P_DEFAULT), H5Aclose);
  if (!attribute.valid()) return {};
  hdf5_handle space(H5Aget_space(attribute.get()), H5Sclose);
  if (!space.valid() || H5Sget_simple_extent_npoints(space.get()) != 1) return {};
  return attribute;
}

}  // namespace

hdf5_handle mpio_access(const communicator& comm) {
  hdf5_handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  if (fapl.valid() && H5Pset_fapl_mpio(fapl.get(), comm.native(), MPI_INFO_NULL) < 0) fapl.reset();
  return fapl;
}

hdf5_handle transfer_list(H5FD_mpio_xfer_t mode) {
  hdf5_handle dxpl(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
  if (dxpl.valid() && H5Pset_dxpl_mpio(dxpl.get(), mode) < 0) dxpl.reset();
  return dxpl;
}

hdf5_handle open_for_reading(const communicator& comm, const std::string& path, const char* format,
                             std::uint64_t version, const std::string& kind) {
  const auto bad = [&](const std::string& what) { throw input_error(path, 0, what); };
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) bad("no such file");
  if (!is_hdf5_file(path)) bad("not an HDF5 file");
  const auto fapl = mpio_access(comm);
  hdf5_handle file(fapl.valid() ? H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get()) : -1, H5Fclose);
  if (!file.valid()) bad("cannot be opened as HDF5 (truncated or damaged?)");
  std::string found;
  std::uint64_t found_version = 0;
  if (!read_attribute(file.get(), "format", found) || found != format) {
    bad("not an " + kind + " (no attribute format = \"" + format + "\")");
  }
  if (!read_attribute(file.get(), "version", found_version) || found_version != version) {
    bad(kind + " version " + std::to_string(found_version) + " is not supported (expected " +
        std::to_string(version) + ")");
  }
  return file;
}

bool write_attribute(hid_t where, const char* name, std::uint64_t value) {
  return put(where, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
}

bool write_attribute(hid_t where, const char* name, const std::string& value) {
  hdf5_handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  // Fixed length, padded with nulls: exactly the characters, as h5dump and h5py show them.
  return type.valid() && H5Tset_size(type.get(), value.empty() ? 1 : value.size()) >= 0 &&
         H5Tset_strpad(type.get(), H5T_STR_NULLPAD) >= 0 && put(where, name, type.get(), type.get(), value.c_str());
}

bool read_attribute(hid_t where, const char* name, std::uint64_t& value) {
  const auto attribute = open_attribute(where, name);
  if (!attribute.valid()) return false;
  hdf5_handle type(H5Aget_type(attribute.get()), H5Tclose);
  return type.valid() && H5Tget_class(type.get()) == H5T_INTEGER &&
         H5Aread(attribute.get(), H5T_NATIVE_UINT64, &value) >= 0;
}

bool read_attribute(hid_t where, const char* name, std::string& value) {
  const auto attribute = open_attribute(where, name);
  if (!attribute.valid()) return false;
  hdf5_handle type(H5Aget_type(attribute.get()), H5Tclose);
  if (!type.valid() || H5Tget_class(type.get()) != H5T_STRING) return false;
  if (H5Tis_variable_str(type.get()) > 0) {  // as h5py writes strings by default
    char* text = nullptr;
    hdf5_handle memory(H5Tcopy(H5T_C_S1), H5Tclose);
    if (!memory.valid() || H5Tset_size(memory.get(), H5T_VARIABLE) < 0 ||
        H5Aread(attribute.get(), memory.get(), &text) < 0 || text == nullptr) {
      return false;
    }
    value = text;
    H5free_memory(text);
    return true;
  }
  std::vector<char> text(H5Tget_size(type.get()) + 1, '\0');
  if (H5Aread(attribute.get(), type.get(), text.data()) < 0) return false;
  value = text.data();
  return true;
}

}  // namespace eddy::io::detail
