#include "checkpoint_command.hpp"

#include <cstdio>
#include <filesystem>

#include "eddy/io/checkpoint_file.hpp"
#include "eddy/runtime/checkpoints.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/error.hpp"

namespace eddy::cli {

CLI::App* add_checkpoint_command(CLI::App& app, checkpoint_settings_cli& s) {
  auto* command = app.add_subcommand("checkpoint", "Describe checkpoints (see docs/CHECKPOINTS.md)");
  command->require_subcommand(1);
  auto* ls = command->add_subcommand("ls", "List the checkpoints of a directory, newest first, checking each");
  ls->add_option("dir", s.dir, "A --checkpoint-dir")->required();
  auto* show = command->add_subcommand("show", "Print a checkpoint's metadata, state and values, and check it");
  show->add_option("file", s.file, "A checkpoint file")->required();
  return command;
}

namespace {

const char* type_name(io::column_type t) {
  switch (t) {
    case io::column_type::f64:
      return "float64";
    case io::column_type::i64:
      return "int64";
    case io::column_type::u64:
      return "uint64";
  }
  return "";
}

// Collective: "ok", or why the file is not a usable checkpoint.
std::string check(io::checkpoint_reader& in) {
  try {
    in.verify();
    return "ok";
  } catch (const input_error& e) {
    return std::string("damaged: ") + e.what();
  }
}

void list(const communicator& comm, const std::string& dir) {
  agree_that(comm, std::filesystem::is_directory(dir), dir + ": no such directory", exit_code::usage);
  std::string listing;
  if (comm.rank() == 0) {
    for (const auto& path : checkpoint_directory(dir).newest_first()) listing += path + "\n";
  }
  comm.broadcast(listing, 0);
  if (comm.rank() == 0) std::printf("%-26s %-6s %-10s %10s %8s %6s %12s %-20s %s\n", "file", "kind", "algorithm",
                                    "superstep", "batch", "ranks", "vertices", "created", "status");
  for (std::size_t at = 0; at < listing.size();) {
    const std::size_t end = listing.find('\n', at);
    const std::string path = listing.substr(at, end - at);
    at = end + 1;
    const std::string name = std::filesystem::path(path).filename().string();
    try {
      io::checkpoint_reader in(comm, path);
      const auto& h = in.header();
      const std::string status = check(in);
      if (comm.rank() == 0) {
        std::printf("%-26s %-6s %-10s %10llu %8llu %6llu %12llu %-20s %s\n", name.c_str(), h.kind.c_str(),
                    h.algorithm.c_str(), static_cast<unsigned long long>(h.superstep),
                    static_cast<unsigned long long>(h.batch), static_cast<unsigned long long>(h.ranks),
                    static_cast<unsigned long long>(h.vertices), h.created.c_str(), status.c_str());
      }
    } catch (const input_error& e) {
      if (comm.rank() == 0) std::printf("%-26s damaged: %s\n", name.c_str(), e.what());
    }
  }
}

void show(const communicator& comm, const std::string& file) {
  io::checkpoint_reader in(comm, file);
  const auto& h = in.header();
  const auto values = in.values();
  std::vector<std::size_t> sizes;
  sizes.reserve(values.size());
  for (const auto& v : values) sizes.push_back(in.read_value(v).size());
  const std::string status = check(in);
  if (comm.rank() != 0) return;
  std::printf("file: %s\nkind: %s\nalgorithm: %s\nparameters: %s\nsuperstep: %llu\nbatch: %llu\n"
              "stream_offset: %llu\nranks: %llu\nvertices: %llu\ngraph_fingerprint: %s\ngraph_file: %s\n"
              "vertex_file: %s\ncreated: %s\n",
              file.c_str(), h.kind.c_str(), h.algorithm.c_str(), h.parameters.c_str(),
              static_cast<unsigned long long>(h.superstep), static_cast<unsigned long long>(h.batch),
              static_cast<unsigned long long>(h.stream_offset), static_cast<unsigned long long>(h.ranks),
              static_cast<unsigned long long>(h.vertices), h.graph_fingerprint.c_str(), h.graph_file.c_str(),
              h.vertex_file.c_str(), h.created.c_str());
  for (const auto& c : in.columns()) std::printf("state: /state/%s %s[%llu]\n", c.name.c_str(), type_name(c.type),
                                                 static_cast<unsigned long long>(h.vertices));
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::printf("value: /values/%s uint8[%zu]\n", values[i].c_str(), sizes[i]);
  }
  std::printf("status: %s\n", status.c_str());
}

}  // namespace

void execute_checkpoint(const communicator& comm, const CLI::App& command, const checkpoint_settings_cli& s) {
  if (command.got_subcommand("ls")) list(comm, s.dir);
  if (command.got_subcommand("show")) show(comm, s.file);
}

}  // namespace eddy::cli
