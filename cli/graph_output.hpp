#pragma once
// What `eddy convert` and `eddy generate` share: loading (or building) a graph with a progress
// line, and writing it as an eddy graph file or an edge list.
#include <string>

#include "eddy/graph/graph_loader.hpp"
#include "progress.hpp"

namespace eddy::cli {

// Why an edge list is refused for a graph with isolated vertices, after "has N ".
inline constexpr const char* isolated_reason =
    "isolated vertices, which an edge list cannot hold; write an eddy graph file with --to hdf5";

// Collective: load_graph with a line "VERB N vertices, M edges (...) in S s".
[[nodiscard]] loaded_graph load_with_note(const communicator& comm, const load_request& request, const progress& log,
                                          const char* verb);

// Collective: writes g to `path` as "hdf5" (an eddy graph file) or "edgelist", with a line saying
// how long it took. An edge list of a graph with isolated vertices is refused (usage error on
// every rank, nothing written), since the file would silently lose them.
void write_graph_as(const distributed_graph& g, const std::string& to, const std::string& path, const progress& log);

}  // namespace eddy::cli
