#pragma once
// Turning an error seen by some ranks into the same error on every rank. Work that may fail on a
// subset of ranks (parsing a byte range, looking up a vertex) runs inside agree(); afterwards
// either all ranks continue or all throw the lowest failing rank's error, so no rank is left
// waiting in a collective that the failed one will never enter.
#include <exception>
#include <string>
#include <utility>

#include "eddy/runtime/communicator.hpp"
#include "eddy/runtime/error.hpp"

namespace eddy {

// An error every rank of the job holds: the program may report it once and exit cleanly.
class collective_error : public error {
 public:
  collective_error(const std::string& what, exit_code code) : error(what, code) {}
};

namespace detail {
[[noreturn]] void throw_agreed(const communicator& comm, int failing_rank, std::string message, int code);
}

// Collective: runs f on every rank and rethrows the first failure (by rank) everywhere.
template <class F>
void agree(const communicator& comm, F&& f) {
  std::string message;
  int code = 0;
  try {
    std::forward<F>(f)();
  } catch (const collective_error&) {
    throw;
  } catch (const error& e) {
    message = e.what();
    code = static_cast<int>(e.code());
  } catch (const std::bad_alloc&) {
    message = "out of memory";
    code = static_cast<int>(exit_code::failure);
  } catch (const std::exception& e) {
    message = e.what();
    code = static_cast<int>(exit_code::failure);
  }
  const int failing = comm.all_reduce(code != 0 ? comm.rank() : comm.size(), reduce_op::min);
  if (failing < comm.size()) detail::throw_agreed(comm, failing, std::move(message), code);
}

// Collective: throws the same error on every rank when any rank's condition is false.
inline void agree_that(const communicator& comm, bool ok, const std::string& message_if_not,
                       exit_code code = exit_code::bad_input) {
  agree(comm, [&] {
    if (!ok) throw error(message_if_not, code);
  });
}

}  // namespace eddy
