#include "eddy/runtime/checkpoints.hpp"

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <regex>

#include "eddy/runtime/error.hpp"

namespace eddy {
namespace {

namespace fs = std::filesystem;

const std::regex& checkpoint_name() {
  static const std::regex name(R"(checkpoint-(\d{12})\.h5)");
  return name;
}
const std::regex& temporary_name() {
  static const std::regex name(R"(checkpoint-\d{12}\.h5\.tmp\.\d+)");
  return name;
}

volatile std::sig_atomic_t received = 0;

extern "C" void record_stop(int signal) { received = signal; }

}  // namespace

std::string checkpoint_directory::path_of(std::uint64_t number) const {
  char name[64];
  std::snprintf(name, sizeof name, "checkpoint-%012llu.h5", static_cast<unsigned long long>(number));
  return (fs::path(dir_) / name).string();
}

std::vector<std::string> checkpoint_directory::newest_first() const {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    const auto name = entry.path().filename().string();
    if (std::regex_match(name, checkpoint_name()) && entry.is_regular_file(ec)) found.push_back(entry.path().string());
  }
  // Fixed-width numbers: the names sort as the numbers do.
  std::sort(found.begin(), found.end(), std::greater<>{});
  return found;
}

std::vector<std::string> checkpoint_directory::prune(std::uint64_t keep) const {
  std::vector<std::string> removed;
  const auto present = newest_first();
  std::error_code ec;
  for (std::size_t i = keep; i < present.size(); ++i) {
    if (fs::remove(present[i], ec)) removed.push_back(present[i]);
  }
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    const auto name = entry.path().filename().string();
    if (std::regex_match(name, temporary_name()) && fs::remove(entry.path(), ec)) removed.push_back(entry.path().string());
  }
  return removed;
}

void checkpoint_directory::prepare() const {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec || !fs::is_directory(dir_) || ::access(dir_.c_str(), W_OK) != 0) {
    throw error(dir_ + ": cannot write checkpoints here (no such directory, or no permission)", exit_code::usage);
  }
}

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = record_stop;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // MPI's and the reader's system calls carry on
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGUSR1, &action, nullptr);
}

int stop_signal() noexcept { return received; }

}  // namespace eddy
