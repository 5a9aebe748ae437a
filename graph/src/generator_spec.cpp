// The text form of the generators, "NAME:key=value:...", as given after "gen:" to --graph.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>

#include "eddy/graph/generators.hpp"
#include "eddy/runtime/error.hpp"

namespace eddy {
namespace {

// Limits that keep every vertex id and edge index, and the arithmetic on them, inside 64 bits.
constexpr std::uint64_t max_vertices = std::uint64_t{1} << 48U;
constexpr std::uint64_t max_edges = std::uint64_t{1} << 56U;

// The fields of one spec, each key allowed once and only from the generator's own keys.
class spec_reader {
 public:
  spec_reader(const std::string& spec, const std::vector<std::string>& keys) : spec_("gen:" + spec) {
    std::stringstream in(spec);
    std::getline(in, name_, ':');
    std::string field;
    while (std::getline(in, field, ':')) {
      const auto eq = field.find('=');
      const std::string key = field.substr(0, eq);
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        std::string expected;
        for (const auto& k : keys) expected += (expected.empty() ? "" : ", ") + k;
        fail("unknown parameter '" + key + "' for generator " + name_ + " (expected " + expected + ")");
      }
      if (eq == std::string::npos || eq + 1 == field.size()) fail("parameter '" + key + "' needs a value");
      if (!values_.emplace(key, field.substr(eq + 1)).second) fail("parameter '" + key + "' given twice");
    }
  }

  [[noreturn]] void fail(const std::string& why) const { throw usage_error(spec_ + ": " + why); }

  [[nodiscard]] bool has(const std::string& key) const { return values_.contains(key); }

  [[nodiscard]] const std::string& text(const std::string& key) const {
    const auto it = values_.find(key);
    if (it == values_.end()) fail("generator " + name_ + " needs parameter '" + key + "'");
    return it->second;
  }

  // A whole number in [low, high]; `fallback` when the key is absent, else the key is required.
  [[nodiscard]] std::uint64_t number(const std::string& key, std::uint64_t low, std::uint64_t high,
                                     std::optional<std::uint64_t> fallback = std::nullopt) const {
    if (!has(key) && fallback) return *fallback;
    const std::string& value = text(key);
    const auto n = parse_number(value);
    if (!n) fail("parameter '" + key + "' needs a whole number, not '" + value + "'");
    if (*n < low || *n > high) {
      fail("parameter '" + key + "' must be between " + std::to_string(low) + " and " + std::to_string(high) +
           ", not " + value);
    }
    return *n;
  }

  [[nodiscard]] double real(const std::string& key, double fallback) const {
    if (!has(key)) return fallback;
    const std::string& value = text(key);
    std::size_t used = 0;
    double x = 0.0;
    try {
      x = std::stod(value, &used);
    } catch (const std::logic_error&) {
      used = 0;
    }
    if (used != value.size() || !std::isfinite(x)) fail("parameter '" + key + "' needs a number, not '" + value + "'");
    return x;
  }

  [[nodiscard]] bool flag(const std::string& key) const {
    if (!has(key)) return false;
    const std::string& value = text(key);
    if (value == "1" || value == "true") return true;
    if (value == "0" || value == "false") return false;
    fail("parameter '" + key + "' needs 0 or 1, not '" + value + "'");
  }

  static std::optional<std::uint64_t> parse_number(const std::string& value) {
    const auto digit = [](unsigned char c) { return std::isdigit(c) != 0; };
    if (value.empty() || value.size() > 20 || !std::all_of(value.begin(), value.end(), digit)) return std::nullopt;
    try {
      return std::stoull(value);
    } catch (const std::out_of_range&) {
      return std::nullopt;
    }
  }

  // "4x5x6" (or one value) as numbers.
  [[nodiscard]] std::vector<std::uint64_t> numbers(const std::string& key, char separator, std::uint64_t low,
                                                   std::uint64_t high) const {
    const std::string& value = text(key);
    std::vector<std::uint64_t> out;
    std::stringstream in(value);
    std::string part;
    while (std::getline(in, part, separator)) {
      const auto n = parse_number(part);
      if (!n || *n < low || *n > high) {
        fail("parameter '" + key + "': '" + part + "' is not a whole number between " + std::to_string(low) +
             " and " + std::to_string(high) + " (in '" + value + "')");
      }
      out.push_back(*n);
    }
    if (out.empty() || value.back() == separator) fail("parameter '" + key + "' has an empty part: '" + value + "'");
    return out;
  }

 private:
  std::string spec_;
  std::string name_;
  std::map<std::string, std::string> values_;
};

kronecker_params read_kronecker(const spec_reader& r) {
  kronecker_params p;
  p.scale = static_cast<unsigned>(r.number("scale", 1, 40, p.scale));
  p.edge_factor = static_cast<unsigned>(r.number("edge_factor", 1, 1U << 20U, p.edge_factor));
  p.seed = r.number("seed", 0, std::numeric_limits<std::uint64_t>::max(), p.seed);
  p.a = r.real("a", p.a);
  p.b = r.real("b", p.b);
  p.c = r.real("c", p.c);
  p.noise = r.real("noise", p.noise);
  try {
    check_kronecker_params(p);
  } catch (const usage_error& e) {
    r.fail(e.what());
  }
  return p;
}

void check_edges(const spec_reader& r, long double edges) {
  if (edges > static_cast<long double>(max_edges)) {
    r.fail("the graph would have more than 2^56 edges");
  }
}

void read_grid(const spec_reader& r, graph_generator& g) {
  g.dims = r.numbers("dims", 'x', 1, max_vertices);
  std::vector<std::uint64_t> wrap(g.dims.size(), 0);
  if (r.has("wrap")) {
    wrap = r.numbers("wrap", 'x', 0, 1);
    if (wrap.size() == 1) wrap.assign(g.dims.size(), wrap[0]);
    if (wrap.size() != g.dims.size()) {
      r.fail("parameter 'wrap' needs one 0 or 1 per dimension (" + std::to_string(g.dims.size()) + "), or one for all");
    }
  }
  long double n = 1;
  for (const auto d : g.dims) n *= static_cast<long double>(d);
  if (n > static_cast<long double>(max_vertices)) r.fail("the grid would have more than 2^48 vertices");
  g.vertices = static_cast<std::uint64_t>(n);
  g.wrap.assign(wrap.begin(), wrap.end());
  check_edges(r, n * static_cast<long double>(g.dims.size()));
}

// "1..3,7" (offsets 1, 2, 3 and 7) as sorted ranges within 1..n-1, none overlapping.
void read_offsets(const spec_reader& r, graph_generator& g) {
  const std::string& value = r.text("offsets");
  std::stringstream in(value);
  std::string part;
  while (std::getline(in, part, ',')) {
    const auto dots = part.find("..");
    const auto first = spec_reader::parse_number(part.substr(0, dots));
    const auto last = dots == std::string::npos ? first : spec_reader::parse_number(part.substr(dots + 2));
    if (!first || !last || *first < 1 || *last < *first || *last >= g.vertices) {
      r.fail("parameter 'offsets': '" + part + "' is not an offset or a range FIRST..LAST within 1.." +
             std::to_string(g.vertices - 1));
    }
    g.offsets.push_back({*first, *last - *first + 1});
  }
  if (g.offsets.empty() || value.back() == ',') r.fail("parameter 'offsets' has an empty part: '" + value + "'");
  std::sort(g.offsets.begin(), g.offsets.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  long double total = 0;
  for (std::size_t i = 0; i < g.offsets.size(); ++i) {
    if (i > 0 && g.offsets[i].first < g.offsets[i - 1].first + g.offsets[i - 1].count) {
      r.fail("parameter 'offsets': ranges overlap at offset " + std::to_string(g.offsets[i].first));
    }
    total += static_cast<long double>(g.offsets[i].count);
  }
  check_edges(r, total * static_cast<long double>(g.vertices));
}

std::uint64_t read_vertex_count(const spec_reader& r, std::uint64_t low) { return r.number("n", low, max_vertices); }

}  // namespace

graph_generator parse_graph_generator(const std::string& spec) {
  graph_generator g;
  g.name = spec.substr(0, spec.find(':'));
  const auto& name = g.name;
  if (name == "kronecker" || name == "rmat") {
    const spec_reader r(spec, {"scale", "edge_factor", "seed", "a", "b", "c", "noise", "simplify"});
    g.kronecker = read_kronecker(r);
    g.simplify = r.flag("simplify");
  } else if (name == "grid") {
    read_grid(spec_reader(spec, {"dims", "wrap"}), g);
    g.kind = generator_kind::grid;
  } else if (name == "hypercube") {
    const spec_reader r(spec, {"d"});
    g.dims.assign(r.number("d", 1, 48), 2);
    g.wrap.assign(g.dims.size(), false);
    g.vertices = std::uint64_t{1} << g.dims.size();
    g.kind = generator_kind::grid;
  } else if (name == "cycle" || name == "path") {
    const spec_reader r(spec, {"n"});
    g.vertices = read_vertex_count(r, 1);
    g.dims = {g.vertices};
    g.wrap = {name == "cycle"};
    g.kind = generator_kind::grid;
  } else if (name == "circulant") {
    const spec_reader r(spec, {"n", "offsets"});
    g.vertices = read_vertex_count(r, 2);
    read_offsets(r, g);
    g.kind = generator_kind::circulant;
  } else if (name == "echo") {
    const spec_reader r(spec, {"n", "degree"});
    g.vertices = read_vertex_count(r, 2);
    const std::uint64_t degree = r.number("degree", 1, g.vertices - 1);
    // Gelly's parity rule: far vertices pair up only when exactly one of n and the degree is even.
    if ((g.vertices % 2 == 0) == (degree % 2 == 0)) r.fail("n or degree must be even, but not both");
    g.offsets = {{(g.vertices - degree + 1) / 2, degree}};
    check_edges(r, static_cast<long double>(g.vertices) * static_cast<long double>(degree));
    g.kind = generator_kind::circulant;
  } else if (name == "complete") {
    const spec_reader r(spec, {"n"});
    g.vertices = read_vertex_count(r, 1);
    check_edges(r, static_cast<long double>(g.vertices) * static_cast<long double>(g.vertices) / 2);
    g.kind = generator_kind::complete;
  } else if (name == "star" || name == "empty") {
    g.vertices = read_vertex_count(spec_reader(spec, {"n"}), 1);
    g.kind = name == "star" ? generator_kind::star : generator_kind::empty;
  } else if (name == "singleton-edge") {
    g.vertices = 2 * spec_reader(spec, {"pairs"}).number("pairs", 1, max_vertices / 2);
    g.kind = generator_kind::singleton_edge;
  } else {
    throw usage_error("gen:" + spec + ": unknown generator '" + name +
                      "' (expected kronecker, grid, hypercube, circulant, echo, complete, cycle, path, star, "
                      "empty or singleton-edge)");
  }
  return g;
}

kronecker_params parse_generator_spec(const std::string& spec) {
  const auto g = parse_graph_generator(spec);
  if (g.kind != generator_kind::kronecker) {
    throw usage_error("gen:" + spec + ": a Kronecker generator (gen:kronecker:scale=N) is needed here");
  }
  return g.kronecker;
}

void check_kronecker_params(const kronecker_params& p) {
  if (p.scale == 0 || p.scale > 40) throw usage_error("kronecker scale must be between 1 and 40");
  if (p.edge_factor == 0) throw usage_error("kronecker edge_factor must be at least 1");
  if (p.a < 0 || p.b < 0 || p.c < 0 || p.a + p.b + p.c > 1.0 + 1e-12) {
    throw usage_error("kronecker constants a, b, c must not be negative and must sum to at most 1");
  }
  if (!(p.noise >= 0.0 && p.noise <= 2.0)) throw usage_error("kronecker noise must be between 0 and 2");
}

}  // namespace eddy
