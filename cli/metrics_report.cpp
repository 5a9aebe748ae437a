#include "metrics_report.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

#include "eddy/runtime/collective.hpp"

namespace eddy::cli {

void write_metrics(const communicator& comm, const run_report& report, const std::string& path) {
  const std::uint64_t peak = comm.all_reduce(peak_rss_bytes(), reduce_op::max);
  bool ok = true;
  if (comm.rank() == 0) {
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& s : report.metrics.supersteps) {
      steps.push_back({{"superstep", s.superstep},
                       {"active_vertices", s.active},
                       {"messages", s.messages},
                       {"bytes", s.bytes},
                       {"seconds", s.seconds}});
    }
    const nlohmann::json doc = {{"algorithm", report.algorithm},
                                {"ranks", report.ranks},
                                {"threads", report.threads},
                                {"vertices", report.vertices},
                                {"edges", report.edges},
                                {"load_seconds", report.load_seconds},
                                {"algorithm_seconds", report.algorithm_seconds},
                                {"supersteps", report.metrics.supersteps.size()},
                                {"bytes_sent", report.metrics.bytes_sent},
                                {"peak_rss_bytes", peak},
                                {"per_superstep", steps}};
    std::ofstream out(path);
    out << doc.dump(2) << '\n';
    ok = static_cast<bool>(out);
  }
  agree_that(comm, ok, path + ": cannot write metrics file", exit_code::failure);
}

}  // namespace eddy::cli
