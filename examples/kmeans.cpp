// A worked bulk iteration without a graph: Lloyd's k-means, as in Flink's KMeans example. The
// points are the iteration's partitioned state (key: a point's index in the file). Each superstep
// every point picks its nearest centroid (ties to the lower cluster number) and adds its
// coordinates and a count to that cluster's sum aggregators. The reduced sums are the same bit for
// bit on every rank, so every rank derives the same next centroids (the sum over the count; an
// empty cluster keeps its centroid) and sets them as the broadcast value the next superstep reads.
// The run stops when no centroid moved by more than --epsilon (Euclidean distance) or after
// --iterations supersteps; the points are then assigned to the final centroids. Run:
//   mpirun -np 2 build/bin/eddy_example_kmeans --points points.csv --k 3 --output clusters.txt
#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/runtime/bulk_iteration.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/mpi_environment.hpp"
#include "eddy/runtime/ordered_output.hpp"

namespace {

using point = std::vector<double>;
using point_index = std::uint64_t;

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// "x,y,..." per line, the same number of coordinates on each; blank lines and '#' comments skipped.
std::vector<point> read_points(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw eddy::input_error(path, 0, "cannot open");
  std::vector<point> points;
  std::string line;
  for (std::uint64_t number = 1; std::getline(in, line); ++number) {
    const std::string_view rest = trimmed(line);
    if (rest.empty() || rest.front() == '#') continue;
    point x;
    for (std::size_t at = 0; at <= rest.size();) {
      const std::size_t comma = std::min(rest.find(',', at), rest.size());
      const std::string_view field = trimmed(rest.substr(at, comma - at));
      double value = 0.0;
      const auto parsed = std::from_chars(field.data(), field.data() + field.size(), value);
      if (field.empty() || parsed.ec != std::errc{} || parsed.ptr != field.data() + field.size() || !std::isfinite(value)) {
        throw eddy::input_error(path, number, "'" + std::string(field) + "' is not a finite number");
      }
      x.push_back(value);
      at = comma + 1;
    }
    if (!points.empty() && x.size() != points.front().size()) {
      throw eddy::input_error(path, number, std::to_string(x.size()) + " coordinates where earlier lines have " +
                                                std::to_string(points.front().size()));
    }
    points.push_back(std::move(x));
  }
  if (points.empty()) throw eddy::input_error(path, 0, "no points");
  return points;
}

std::uint64_t splitmix64(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// k distinct points: draw i picks splitmix64(seed + i) mod n, skipping points already picked.
// Spelled out so that other implementations can start from the same centroids.
std::vector<point> seeded_centroids(const std::vector<point>& points, std::size_t k, std::uint64_t seed) {
  std::vector<bool> taken(points.size(), false);
  std::vector<point> centroids;
  for (std::uint64_t draw = 0; centroids.size() < k; ++draw) {
    const std::size_t i = splitmix64(seed + draw) % points.size();
    if (taken[i]) continue;
    taken[i] = true;
    centroids.push_back(points[i]);
  }
  return centroids;
}

double squared_distance(const point& a, const point& b) {
  double sum = 0.0;
  for (std::size_t j = 0; j < a.size(); ++j) sum += (a[j] - b[j]) * (a[j] - b[j]);
  return sum;
}

std::size_t nearest(const point& x, const std::vector<point>& centroids) {
  std::size_t best = 0;
  double best_distance = squared_distance(x, centroids[0]);
  for (std::size_t c = 1; c < centroids.size(); ++c) {
    const double d = squared_distance(x, centroids[c]);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

// Shortest text that reads back as the same double, coordinates comma-separated: a centroids
// file can be fed back with --centroids.
std::string csv_line(const point& x) {
  std::string out;
  char text[32];
  for (std::size_t j = 0; j < x.size(); ++j) {
    if (j > 0) out += ',';
    out.append(text, std::to_chars(text, text + sizeof text, x[j]).ptr);
  }
  return out + '\n';
}

}  // namespace

// Errors of the computation arrive as collective_error, caught below; any other exception is a bug,
// and std::terminate ending the job is the right response to it.
// NOLINTNEXTLINE(bugprone-exception-escape): deliberate, as said above
int main(int argc, char** argv) {
  eddy::mpi_environment mpi(argc, argv);
  const eddy::communicator comm;
  CLI::App app{"Bulk iteration example: Lloyd's k-means over the points of a CSV file"};
  std::string points_path;
  std::optional<std::size_t> k;
  std::uint64_t iterations = 100;
  double epsilon = 0.0;
  std::uint64_t seed = 0;
  std::string centroids_path;
  std::string output;
  std::string centroids_output;
  app.add_option("--points", points_path, "Points, one 'x,y,...' line each (any dimension, the same on every line)")
      ->required();
  app.add_option("--k", k, "Clusters (with --centroids: optional, must match the file)")->check(CLI::PositiveNumber);
  app.add_option("--iterations", iterations, "At most this many supersteps (default 100)")->check(CLI::PositiveNumber);
  app.add_option("--epsilon", epsilon, "Stop once no centroid moves farther than this (default 0: until none moves)")
      ->check(CLI::NonNegativeNumber);
  auto* seeded = app.add_option("--seed", seed, "Initial centroids: k distinct points chosen by this seed (default 0)");
  app.add_option("--centroids", centroids_path, "Initial centroids from a file in the points' format")->excludes(seeded);
  app.add_option("--output", output, "Write 'point_index cluster' lines here, by point index (0-based, data lines)");
  app.add_option("--centroids-output", centroids_output, "Final centroids, one line per cluster (default: standard output)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return comm.rank() == 0 ? app.exit(e) : (e.get_exit_code() == 0 ? 0 : 2);
  }
  try {
    // Every rank parses the whole file, so all know the dimension, the line numbers for errors and
    // the seeded centroids without further messages; each keeps its own range of points.
    std::vector<point> points;
    std::vector<point> centroids;
    eddy::agree(comm, [&] {
      points = read_points(points_path);
      if (!centroids_path.empty()) {
        centroids = read_points(centroids_path);
        if (k && *k != centroids.size()) {
          throw eddy::usage_error("--k " + std::to_string(*k) + " but " + centroids_path + " holds " +
                                  std::to_string(centroids.size()) + " centroids");
        }
        if (centroids.front().size() != points.front().size()) {
          throw eddy::input_error(centroids_path, 0, std::to_string(centroids.front().size()) +
                                                         " coordinates where the points have " +
                                                         std::to_string(points.front().size()));
        }
      } else {
        if (!k) throw eddy::usage_error("give --k or --centroids");
        if (*k > points.size()) {
          throw eddy::usage_error("--k " + std::to_string(*k) + " exceeds the " + std::to_string(points.size()) +
                                  " points of " + points_path);
        }
        centroids = seeded_centroids(points, *k, seed);
      }
    });
    const std::size_t clusters = centroids.size();
    const std::size_t d = points.front().size();
    const auto p = static_cast<std::uint64_t>(comm.size());
    const auto r = static_cast<std::uint64_t>(comm.rank());
    const std::uint64_t n = points.size();

    // Ranges of indices per rank: each rank's points, and so its output lines, are in file order.
    std::vector<point_index> splitters;
    for (std::uint64_t i = 1; i < p; ++i) splitters.push_back(n * i / p);
    eddy::bulk_iteration<point_index, point> lloyd(comm, eddy::range_partition<point_index>(splitters));
    std::vector<std::pair<point_index, point>> mine;
    for (point_index i = n * r / p; i < n * (r + 1) / p; ++i) mine.emplace_back(i, std::move(points[i]));
    points = {};
    lloyd.load(std::move(mine));

    std::vector<eddy::aggregator<std::uint64_t>*> counts;
    std::vector<eddy::aggregator<double>*> sums;  // cluster c, coordinate j at c * d + j
    for (std::size_t c = 0; c < clusters; ++c) {
      const std::string name = "cluster " + std::to_string(c);
      counts.push_back(&lloyd.aggregators().sum<std::uint64_t>(name + " count"));
      for (std::size_t j = 0; j < d; ++j) sums.push_back(&lloyd.aggregators().sum<double>(name + " sum " + std::to_string(j)));
    }
    lloyd.broadcasts().set("centroids", centroids);

    double moved = 0.0;  // farthest centroid move of the last superstep
    eddy::iteration_options options;
    options.max_iterations = iterations;
    options.post_superstep = [&](const eddy::iteration_view&) {
      auto next = lloyd.broadcasts().get<std::vector<point>>("centroids");
      moved = 0.0;
      for (std::size_t c = 0; c < clusters; ++c) {
        const std::uint64_t count = counts[c]->previous();
        if (count == 0) continue;
        point mean(d);
        for (std::size_t j = 0; j < d; ++j) mean[j] = sums[c * d + j]->previous() / static_cast<double>(count);
        moved = std::max(moved, std::sqrt(squared_distance(mean, next[c])));
        next[c] = std::move(mean);
      }
      lloyd.broadcasts().set("centroids", std::move(next));
    };
    options.converged = [&](std::uint64_t, const eddy::aggregator_registry&) { return moved <= epsilon; };
    const auto run = lloyd.run(
        [&](auto& ctx, point_index, const point& x, std::span<const point>) {
          const std::size_t c = nearest(x, ctx.template broadcast<std::vector<point>>("centroids"));
          counts[c]->add(1);
          for (std::size_t j = 0; j < d; ++j) sums[c * d + j]->add(x[j]);
          return x;
        },
        options);

    const auto& final_centroids = lloyd.broadcasts().get<std::vector<point>>("centroids");
    if (!output.empty()) {
      std::string text;
      for (const auto& [i, x] : lloyd.state()) text += std::to_string(i) + ' ' + std::to_string(nearest(x, final_centroids)) + '\n';
      eddy::write_rank_ordered(comm, text, output);
    }
    std::string text;
    if (comm.rank() == 0) {
      for (const auto& c : final_centroids) text += csv_line(c);
    }
    eddy::write_rank_ordered(comm, text, centroids_output);
    if (comm.rank() == 0) {
      std::fprintf(stderr, "k-means: %llu points, %zu clusters, %zu supersteps, last move %g\n",
                   static_cast<unsigned long long>(n), clusters, run.supersteps.size(), moved);
    }
  } catch (const eddy::collective_error& e) {
    if (comm.rank() == 0) std::fprintf(stderr, "error: %s\n", e.what());
    return static_cast<int>(e.code());
  }
  return 0;
}
