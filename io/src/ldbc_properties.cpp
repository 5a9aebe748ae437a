#include "eddy/io/ldbc_properties.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <string_view>
#include <system_error>

#include "eddy/runtime/error.hpp"

namespace eddy::io {

namespace {

namespace fs = std::filesystem;

struct property {
  std::string value;
  std::uint64_t line;
};

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\f' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string read_whole_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) throw input_error(path, 0, std::string("cannot open: ") + std::generic_category().message(errno));
  std::string text;
  char chunk[1 << 14];
  std::size_t got = 0;
  while ((got = std::fread(chunk, 1, sizeof chunk, f)) != 0) text.append(chunk, got);
  const int err = errno;
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) throw input_error(path, 0, std::string("cannot read: ") + std::generic_category().message(err));
  return text;
}

// The subset of the Java .properties syntax that Graphalytics files use: '#' or '!' comments,
// a key ended by '=', ':' or blanks, the value trimmed; no escapes or continuation lines.
// Keeps only keys starting with `key_prefix`, stored without it; a repeated key wins (as in Java).
std::map<std::string, property> parse_properties(const std::string& text,
                                                 const std::string& key_prefix) {
  std::map<std::string, property> found;
  std::uint64_t line_no = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    const std::string_view line = trim(std::string_view(text).substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (line.empty() || line.front() == '#' || line.front() == '!') continue;
    const std::size_t key_end = line.find_first_of("=: \t\f");
    const std::string_view key = line.substr(0, key_end);
    std::string_view rest = key_end == std::string_view::npos ? "" : trim(line.substr(key_end));
    if (!rest.empty() && (rest.front() == '=' || rest.front() == ':')) rest = trim(rest.substr(1));
    if (key.substr(0, key_prefix.size()) != key_prefix) continue;
    found[std::string(key.substr(key_prefix.size()))] = {std::string(rest), line_no};
  }
  return found;
}

// Turns the typed values of one properties file into errors naming the file and line.
class property_reader {
 public:
  property_reader(std::string file, std::string key_prefix, std::map<std::string, property> found)
      : file_(std::move(file)), key_prefix_(std::move(key_prefix)), found_(std::move(found)) {}

  const property* find(const std::string& key) const {
    const auto it = found_.find(key);
    return it == found_.end() ? nullptr : &it->second;
  }

  std::string text(const std::string& key, const std::string& fallback) const {
    const property* p = find(key);
    if (p == nullptr) return fallback;
    if (p->value.empty()) fail(key, *p, "a value");
    return p->value;
  }

  std::optional<bool> boolean(const std::string& key) const {
    const property* p = find(key);
    if (p == nullptr) return std::nullopt;
    if (equals_lower(p->value, "true")) return true;
    if (equals_lower(p->value, "false")) return false;
    fail(key, *p, "true or false");
  }

  std::optional<std::uint64_t> vertex_id(const std::string& key) const {
    const property* p = find(key);
    if (p == nullptr) return std::nullopt;
    std::uint64_t value = 0;
    if (!parse_whole(p->value, value)) fail(key, *p, "an unsigned integer vertex id");
    return value;
  }

  std::optional<int> count(const std::string& key) const {
    const property* p = find(key);
    if (p == nullptr) return std::nullopt;
    int value = 0;
    if (!parse_whole(p->value, value) || value < 0) fail(key, *p, "a non-negative integer");
    return value;
  }

  std::optional<double> fraction(const std::string& key) const {
    const property* p = find(key);
    if (p == nullptr) return std::nullopt;
    double value = 0.0;
    if (!parse_whole(p->value, value) || !std::isfinite(value) || value < 0.0 || value > 1.0) {
      fail(key, *p, "a number between 0 and 1");
    }
    return value;
  }

 private:
  [[noreturn]] void fail(const std::string& key, const property& p, const char* expected) const {
    throw input_error(file_, p.line,
                      key_prefix_ + key + ": expected " + expected + ", found '" + p.value + "'");
  }

  template <class T>
  static bool parse_whole(const std::string& s, T& value) {
    const char* end = s.data() + s.size();
    const auto [next, ec] = std::from_chars(s.data(), end, value);
    return ec == std::errc{} && next == end;
  }

  static bool equals_lower(std::string_view s, std::string_view lower) {
    if (s.size() != lower.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const char c = s[i] >= 'A' && s[i] <= 'Z' ? static_cast<char>(s[i] - 'A' + 'a') : s[i];
      if (c != lower[i]) return false;
    }
    return true;
  }

  std::string file_;
  std::string key_prefix_;
  std::map<std::string, property> found_;
};

bool lists_weight(const std::string& names) {
  std::string_view rest = names;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    if (trim(rest.substr(0, comma)) == "weight") return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

ldbc_dataset read_ldbc_properties(const std::string& prefix) {
  const std::string file = prefix + ".properties";
  const fs::path prefix_path(prefix);
  const fs::path dir = prefix_path.parent_path();
  ldbc_dataset data;
  data.name = prefix_path.filename().string();

  const std::string key_prefix = "graph." + data.name + ".";
  const property_reader props(file, key_prefix, parse_properties(read_whole_file(file), key_prefix));

  // Relative names are relative to the properties file, wherever the program runs from.
  const auto resolve = [&dir](const std::string& name) { return (dir / name).string(); };
  data.vertex_file = resolve(props.text("vertex-file", data.name + ".v"));
  data.edge_file = resolve(props.text("edge-file", data.name + ".e"));
  // Some official validation sets (test-wcc-directed, test-sssp-undirected) name the vertex file
  // as the edge file; their edges are in NAME.e.
  const std::string default_edges = resolve(data.name + ".e");
  std::error_code ec;
  if (data.edge_file == data.vertex_file && fs::exists(default_edges, ec)) {
    data.edge_file = default_edges;
  }

  data.directed = props.boolean("directed").value_or(true);
  const property* names = props.find("edge-properties.names");
  data.weighted = names != nullptr && lists_weight(names->value);
  data.bfs_source = props.vertex_id("bfs.source-vertex");
  data.sssp_source = props.vertex_id("sssp.source-vertex");
  data.pr_damping = props.fraction("pr.damping-factor");
  data.pr_iterations = props.count("pr.num-iterations");
  data.cdlp_iterations = props.count("cdlp.max-iterations");
  return data;
}

bool is_ldbc_prefix(const std::string& path) {
  std::error_code ec;
  return fs::exists(path + ".properties", ec);
}

}  // namespace eddy::io
