#include "eddy/runtime/fault_injection.hpp"

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <system_error>

#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/communicator.hpp"
#include "eddy/runtime/error.hpp"

namespace eddy {

namespace detail {
bool fault_armed = false;
}  // namespace detail

namespace {

fault_plan armed_plan;
// Fault points of the load place run on TBB workers too (the plain reader reads pieces side by
// side), so the count is shared atomically; only the armed rank ever touches it.
std::atomic<std::uint64_t> reached{0};

const char* name_of(fault_place place) {
  switch (place) {
    case fault_place::load:
      return "load";
    case fault_place::superstep:
      return "superstep";
    case fault_place::checkpoint:
      return "checkpoint";
    case fault_place::batch:
      return "batch";
  }
  return "?";
}

[[noreturn]] void malformed(std::string_view text, const std::string& why) {
  throw usage_error(std::string(fault_variable) + "=" + std::string(text) + ": " + why +
                    "; expected KIND@RANK[:WHERE[:N]] with KIND exception, bad_alloc or read and WHERE load, "
                    "superstep, checkpoint or batch");
}

template <class T>
bool parse_number(std::string_view digits, T& value) {
  if (digits.empty() || digits.front() == '-' || digits.front() == '+') return false;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return ec == std::errc() && end == digits.data() + digits.size();
}

}  // namespace

fault_plan parse_fault_plan(std::string_view text) {
  fault_plan plan;
  const std::size_t at = text.find('@');
  if (at == std::string_view::npos) malformed(text, "no @RANK");
  const std::string_view kind = text.substr(0, at);
  if (kind == "exception") {
    plan.kind = fault_kind::exception;
  } else if (kind == "bad_alloc") {
    plan.kind = fault_kind::bad_alloc;
  } else if (kind == "read") {
    plan.kind = fault_kind::read;
  } else {
    malformed(text, "unknown KIND '" + std::string(kind) + "'");
  }

  // RANK, then optionally WHERE, then optionally N.
  std::string_view fields[3];
  std::size_t count = 0;
  for (std::string_view rest = text.substr(at + 1);;) {
    if (count == 3) malformed(text, "unexpected text after N");
    const std::size_t colon = rest.find(':');
    fields[count++] = rest.substr(0, colon);
    if (colon == std::string_view::npos) break;
    rest = rest.substr(colon + 1);
  }
  if (!parse_number(fields[0], plan.rank)) malformed(text, "RANK is not a rank number");
  if (count >= 2) {
    bool known = false;
    for (const auto place : {fault_place::load, fault_place::superstep, fault_place::checkpoint, fault_place::batch}) {
      if (fields[1] == name_of(place)) {
        plan.place = place;
        known = true;
      }
    }
    if (!known) malformed(text, "unknown WHERE '" + std::string(fields[1]) + "'");
  }
  if (count == 3 && !parse_number(fields[2], plan.occurrence)) malformed(text, "N is not a count");
  if (plan.kind == fault_kind::read && plan.place != fault_place::load) {
    malformed(text, "a read fault happens while loading (WHERE load)");
  }
  return plan;
}

void arm_fault_injection(const communicator& comm) {
  const char* value = std::getenv(fault_variable);
  if (value == nullptr || *value == '\0') return;
  fault_plan plan;
  agree(comm, [&] {
    plan = parse_fault_plan(value);
    if (plan.rank >= comm.size()) {
      throw usage_error(std::string(fault_variable) + "=" + value + ": the job has no rank " +
                        std::to_string(plan.rank) + " (it has " + std::to_string(comm.size()) + ")");
    }
  });
  if (plan.rank == comm.rank()) detail::arm_fault(plan);
}

namespace detail {

void arm_fault(const fault_plan& plan) {
  armed_plan = plan;
  reached.store(0);
  fault_armed = true;
}

void disarm_fault() noexcept { fault_armed = false; }

void fault_reached(fault_place place, const std::string* path) {
  if (place != armed_plan.place) return;
  if (reached.fetch_add(1) != armed_plan.occurrence) return;
  switch (armed_plan.kind) {
    case fault_kind::exception:
      throw std::runtime_error(std::string("injected exception at ") + name_of(place) + " " +
                               std::to_string(armed_plan.occurrence) + " (" + fault_variable + ")");
    case fault_kind::bad_alloc:
      throw std::bad_alloc();
    case fault_kind::read:
      // What posix_file::read_at throws when pread reports EIO, so the load fails as it would on
      // a failing disk.
      throw input_error(path != nullptr ? *path : std::string("input"), 0,
                        std::string("read error: ") + std::generic_category().message(EIO));
  }
}

}  // namespace detail

}  // namespace eddy
