#include "eddy/runtime/collective.hpp"

namespace eddy::detail {

void throw_agreed(const communicator& comm, int failing_rank, std::string message, int code) {
  comm.broadcast(message, failing_rank);
  comm.broadcast(code, failing_rank);
  throw collective_error(message, static_cast<exit_code>(code));
}

}  // namespace eddy::detail
