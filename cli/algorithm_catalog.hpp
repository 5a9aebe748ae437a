#pragma once
// The algorithms `eddy run NAME` knows. An entry says what the algorithm needs (weights, whether
// it runs in supersteps that can be checkpointed) and turns the command's options into a job:
// the parameters its result depends on and the function that runs it. Making an algorithm
// available on the command line is adding an entry to algorithm_catalog.cpp.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "algorithm_result.hpp"
#include "eddy/io/ldbc_properties.hpp"
#include "run_command.hpp"

namespace eddy::cli {

struct algorithm_job {
  // A JSON object of the parameters the result depends on: a checkpoint resumes only a run with
  // the same ones.
  std::string parameters;
  std::function<std::unique_ptr<algorithm_result>(const distributed_graph&, const algorithms::run_options&)> run;
};

struct algorithm_entry {
  std::string name;
  std::string summary;      // what it computes, one line
  bool weighted = false;    // reads edge weights (the third column)
  bool supersteps = true;   // false: nothing to checkpoint (one pass, or no checkpointed state)
  // Resolves the parameters from the options and, for LDBC input, the dataset's properties;
  // throws usage_error when one is missing or out of range.
  std::function<algorithm_job(const run_settings&, const std::optional<io::ldbc_dataset>&)> prepare;
  // The algorithm-specific options it reads (e.g. "--source"); any other is refused.
  std::vector<std::string> options;
  bool top_per_vertex = false;  // --top K keeps each vertex's K best pairs (else the K best rows)
};

[[nodiscard]] const std::vector<algorithm_entry>& algorithm_catalog();
// The entry named `name`; throws usage_error naming the known ones otherwise.
[[nodiscard]] const algorithm_entry& find_algorithm(const std::string& name);

}  // namespace eddy::cli
