#pragma once
// Deliberate failures on one rank, so that tests can show that a failure anywhere ends the whole
// job promptly with one message. The plan comes from the environment:
//
//   EDDY_INJECT_FAULT=KIND@RANK[:WHERE[:N]]
//
//   KIND   exception (a std::runtime_error), bad_alloc (a failed allocation) or read (the graph
//          input's read fails with an I/O error, as a failing disk would make it)
//   RANK   the one rank that fails
//   WHERE  load (while reading the graph input; the default), superstep (at the start of a
//          superstep, while the other ranks go on into its exchange), checkpoint (writing a
//          column of a checkpoint file, while the other ranks are in parallel HDF5's collective
//          calls) or batch (a stream batch taken from the source, before it is applied)
//   N      fail the N-th time this rank reaches WHERE, counted from 0 (default 0): at load the
//          N-th block read, at superstep superstep N of a run that does not resume, at
//          checkpoint the N-th column written, at batch the (N+1)-th batch of this run
//
// Without the variable every fault point is one branch on a flag that is never set.
#include <cstdint>
#include <string>
#include <string_view>

namespace eddy {

class communicator;

enum class fault_kind { exception, bad_alloc, read };
enum class fault_place { load, superstep, checkpoint, batch };

struct fault_plan {
  fault_kind kind = fault_kind::exception;
  int rank = 0;
  fault_place place = fault_place::load;
  std::uint64_t occurrence = 0;
};

// The name of the variable, for messages and documentation.
inline constexpr const char* fault_variable = "EDDY_INJECT_FAULT";

// Parses a value of EDDY_INJECT_FAULT; throws usage_error quoting it when it is malformed.
fault_plan parse_fault_plan(std::string_view text);

// Collective: reads EDDY_INJECT_FAULT once and arms its plan on the rank it names. A malformed
// value, or a rank the job does not have, is a usage error on every rank. Does nothing when the
// variable is unset or empty.
void arm_fault_injection(const communicator& comm);

namespace detail {
// Set only on the rank that is to fail, before the work that reaches the fault points starts.
extern bool fault_armed;
void arm_fault(const fault_plan& plan);  // arms the plan on the calling process (tests)
void disarm_fault() noexcept;
void fault_reached(fault_place place, const std::string* path);
}  // namespace detail

// Marks a place where the planned fault may strike.
inline void fault_point(fault_place place) {
  if (detail::fault_armed) [[unlikely]] detail::fault_reached(place, nullptr);
}

// A block read of the graph input `path`: the load place, where a read fault can strike.
inline void fault_point_read(const std::string& path) {
  if (detail::fault_armed) [[unlikely]] detail::fault_reached(fault_place::load, &path);
}

}  // namespace eddy
