#include "metrics_report.hpp"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "eddy/runtime/collective.hpp"

namespace eddy::cli {

load_report measure_load(const communicator& comm, const distributed_graph& graph, double load_seconds) {
  std::uint64_t sums[2] = {graph.memory_bytes(), resident_bytes()};
  comm.all_reduce_in_place(std::span<std::uint64_t>(sums), reduce_op::sum);
  load_report r;
  r.arcs = graph.global_arcs();
  r.graph_bytes = sums[0];
  r.resident_bytes_after_load = sums[1];
  r.load_peak_rss_bytes = comm.all_reduce(peak_rss_bytes(), reduce_op::max);
  r.bytes_per_arc = r.arcs == 0 ? 0.0 : static_cast<double>(r.resident_bytes_after_load) / static_cast<double>(r.arcs);
  r.edges_per_second = load_seconds > 0.0 ? static_cast<double>(graph.global_edges()) / load_seconds : 0.0;
  return r;
}

std::string describe(const load_report& load) {
  char line[256];
  std::snprintf(line, sizeof line,
                "memory after loading: graph %.1f MB, resident %.1f MB (all ranks), %.1f bytes per arc, peak %.1f MB "
                "(largest rank); %.2f M edges/s",
                static_cast<double>(load.graph_bytes) / 1e6, static_cast<double>(load.resident_bytes_after_load) / 1e6,
                load.bytes_per_arc, static_cast<double>(load.load_peak_rss_bytes) / 1e6, load.edges_per_second / 1e6);
  return line;
}

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
                                {"load_edges_per_second", report.load.edges_per_second},
                                {"arcs", report.load.arcs},
                                {"graph_bytes", report.load.graph_bytes},
                                {"resident_bytes_after_load", report.load.resident_bytes_after_load},
                                {"bytes_per_arc", report.load.bytes_per_arc},
                                {"load_peak_rss_bytes", report.load.load_peak_rss_bytes},
                                {"algorithm_seconds", report.algorithm_seconds},
                                {"trial_seconds", report.trial_seconds},
                                {"supersteps", report.metrics.supersteps.size()},
                                {"bytes_sent", report.metrics.bytes_sent},
                                {"peak_rss_bytes", peak},
                                {"first_superstep", report.metrics.first_superstep},
                                {"checkpoints_written", report.checkpoints_written},
                                {"checkpoint_write_seconds", report.checkpoint_write_seconds},
                                {"checkpoint_restore_seconds", report.checkpoint_restore_seconds},
                                {"per_superstep", steps}};
    std::ofstream out(path);
    out << doc.dump(2) << '\n';
    ok = static_cast<bool>(out);
  }
  agree_that(comm, ok, path + ": cannot write metrics file", exit_code::failure);
}

}  // namespace eddy::cli
