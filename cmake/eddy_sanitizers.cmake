# EDDY_SANITIZE builds every eddy target with the given sanitizers, in -fsanitize= syntax:
# "address,undefined" or "thread" (they cannot be combined). Recovery is off so the first report
# ends the process with a failure instead of scrolling past in a passing test's output; frame
# pointers keep the reports' stacks complete at the optimisation levels the sanitizer builds use.
# Directory-wide rather than on the eddy_warnings target so that no target can miss it, and so
# that the installed package never carries the flags to its users.
set(EDDY_SANITIZE "" CACHE STRING "Sanitizers to build with: address,undefined or thread (empty: none)")
if(EDDY_SANITIZE)
  if(EDDY_SANITIZE MATCHES "thread" AND EDDY_SANITIZE MATCHES "address|leak|memory")
    message(FATAL_ERROR "EDDY_SANITIZE=${EDDY_SANITIZE}: ThreadSanitizer cannot be combined with AddressSanitizer")
  endif()
  set(_eddy_sanitize_flags -fsanitize=${EDDY_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_compile_options(${_eddy_sanitize_flags})
  add_link_options(${_eddy_sanitize_flags})
  # GCC's flow analysis sees through the instrumentation badly and reports uninitialised reads
  # in libstdc++ (<regex>, std::function) that the uninstrumented build does not have.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
  message(STATUS "eddy: building with -fsanitize=${EDDY_SANITIZE}")
endif()
