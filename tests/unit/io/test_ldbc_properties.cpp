// LDBC Graphalytics .properties files: values, defaults, the validation-set quirk and errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "eddy/io/ldbc_properties.hpp"
#include "eddy/runtime/error.hpp"
#include "io_test_files.hpp"

namespace eddy::io {
namespace {

using test::scratch_dir;

const char* const example_directed =
    "# Properties file describing the example-directed dataset\n"
    "graph.example-directed.vertex-file = example-directed.v\n"
    "graph.example-directed.edge-file = example-directed.e\n"
    "graph.example-directed.meta.vertices = 10\n"
    "graph.example-directed.directed = true\n"
    "graph.example-directed.edge-properties.names = weight\n"
    "graph.example-directed.edge-properties.types = real\n"
    "graph.example-directed.algorithms = bfs, cdlp, lcc, pr, sssp, wcc\n"
    "graph.example-directed.bfs.source-vertex = 1\n"
    "graph.example-directed.cdlp.max-iterations = 2\n"
    "graph.example-directed.pr.damping-factor = 0.85\n"
    "graph.example-directed.pr.num-iterations = 2\n"
    "graph.example-directed.sssp.weight-property = weight\n"
    "graph.example-directed.sssp.source-vertex = 6\n";

// Reading `prefix` must fail for `file` at `line` with `fragment` in the message.
void expect_error(const std::string& prefix, std::uint64_t line, const std::string& fragment) {
  try {
    read_ldbc_properties(prefix);
    ADD_FAILURE() << "no error for " << prefix;
  } catch (const input_error& e) {
    EXPECT_EQ(e.file(), prefix + ".properties");
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(ldbc_properties, reads_every_known_key) {
  const scratch_dir dir;
  dir.write("example-directed.properties", example_directed);
  const ldbc_dataset d = read_ldbc_properties(dir.path("example-directed"));
  EXPECT_EQ(d.name, "example-directed");
  EXPECT_EQ(d.vertex_file, dir.path("example-directed.v"));
  EXPECT_EQ(d.edge_file, dir.path("example-directed.e"));
  EXPECT_TRUE(d.directed);
  EXPECT_TRUE(d.weighted);
  EXPECT_EQ(d.bfs_source, 1U);
  EXPECT_EQ(d.sssp_source, 6U);
  EXPECT_EQ(d.pr_damping, 0.85);
  EXPECT_EQ(d.pr_iterations, 2);
  EXPECT_EQ(d.cdlp_iterations, 2);
}

TEST(ldbc_properties, missing_keys_take_defaults) {
  const scratch_dir dir;
  dir.write("g.properties", "# nothing but a comment\n\ngraph.other.directed = false\n");
  const ldbc_dataset d = read_ldbc_properties(dir.path("g"));
  EXPECT_EQ(d.name, "g");
  EXPECT_EQ(d.vertex_file, dir.path("g.v"));
  EXPECT_EQ(d.edge_file, dir.path("g.e"));
  EXPECT_TRUE(d.directed);
  EXPECT_FALSE(d.weighted);
  EXPECT_FALSE(d.bfs_source.has_value());
  EXPECT_FALSE(d.sssp_source.has_value());
  EXPECT_FALSE(d.pr_damping.has_value());
  EXPECT_FALSE(d.pr_iterations.has_value());
  EXPECT_FALSE(d.cdlp_iterations.has_value());
}

TEST(ldbc_properties, accepts_java_separators_case_and_crlf) {
  const scratch_dir dir;
  dir.write("g.properties",
            "! bang comment\r\n"
            "  graph.g.directed:FALSE\r\n"
            "graph.g.edge-properties.names   cost , weight\r\n"
            "graph.g.vertex-file=vertices/g.v\r\n"
            "graph.g.bfs.source-vertex = 18446744073709551615\r\n");
  const ldbc_dataset d = read_ldbc_properties(dir.path("g"));
  EXPECT_FALSE(d.directed);
  EXPECT_TRUE(d.weighted);
  EXPECT_EQ(d.vertex_file, dir.path("vertices/g.v"));
  EXPECT_EQ(d.bfs_source, 18446744073709551615ULL);
}

TEST(ldbc_properties, other_edge_properties_are_not_weights) {
  const scratch_dir dir;
  dir.write("g.properties", "graph.g.edge-properties.names = cost, weights\n");
  EXPECT_FALSE(read_ldbc_properties(dir.path("g")).weighted);
}

TEST(ldbc_properties, edge_file_naming_the_vertex_file_falls_back_to_name_e) {
  const scratch_dir dir;
  const std::string props =
      "graph.test-wcc-directed.vertex-file = test-wcc-directed.v\n"
      "graph.test-wcc-directed.edge-file = test-wcc-directed.v\n";
  dir.write("test-wcc-directed.properties", props);
  // Without NAME.e on disk there is nothing better to offer: keep what the file says.
  EXPECT_EQ(read_ldbc_properties(dir.path("test-wcc-directed")).edge_file,
            dir.path("test-wcc-directed.v"));
  dir.write("test-wcc-directed.e", "1 2\n");
  EXPECT_EQ(read_ldbc_properties(dir.path("test-wcc-directed")).edge_file,
            dir.path("test-wcc-directed.e"));
}

TEST(ldbc_properties, missing_properties_file_is_an_input_error) {
  const scratch_dir dir;
  expect_error(dir.path("absent"), 0, "cannot open: No such file or directory");
}

TEST(ldbc_properties, malformed_values_name_their_line) {
  const scratch_dir dir;
  const std::string prefix = dir.path("g");
  const auto check = [&](const std::string& line3, const std::string& fragment) {
    SCOPED_TRACE(line3);
    dir.write("g.properties", "# header\n\n" + line3 + "\ngraph.g.meta.vertices = 10\n");
    expect_error(prefix, 3, fragment);
  };
  check("graph.g.directed = yes", "graph.g.directed: expected true or false, found 'yes'");
  check("graph.g.bfs.source-vertex = one", "graph.g.bfs.source-vertex: expected an unsigned");
  check("graph.g.sssp.source-vertex = -1", "graph.g.sssp.source-vertex");
  check("graph.g.sssp.source-vertex = 12abc", "found '12abc'");
  check("graph.g.pr.damping-factor = high", "graph.g.pr.damping-factor");
  check("graph.g.pr.damping-factor = 1.5", "between 0 and 1");
  check("graph.g.pr.num-iterations = 2.5", "graph.g.pr.num-iterations");
  check("graph.g.cdlp.max-iterations = -3", "non-negative integer");
  check("graph.g.edge-file =", "graph.g.edge-file: expected a value");
}

TEST(ldbc_properties, is_ldbc_prefix_checks_for_the_properties_file) {
  const scratch_dir dir;
  dir.write("g.properties", "");
  dir.write("h.e", "1 2\n");
  EXPECT_TRUE(is_ldbc_prefix(dir.path("g")));
  EXPECT_FALSE(is_ldbc_prefix(dir.path("h")));
  EXPECT_FALSE(is_ldbc_prefix(dir.path("g.properties")));
}

#ifdef EDDY_TEST_DATA
// The official validation sets, when the shared data is present.
TEST(ldbc_properties, reads_the_official_graphalytics_test_sets) {
  const std::filesystem::path root = std::filesystem::path(EDDY_TEST_DATA) / "ldbc/graphalytics-test";
  if (!std::filesystem::exists(root)) GTEST_SKIP() << root << " is absent";
  int seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (entry.path().extension() != ".properties") continue;
    ++seen;
    const std::string prefix = (root / entry.path().stem()).string();
    const ldbc_dataset d = read_ldbc_properties(prefix);
    SCOPED_TRACE(prefix);
    EXPECT_EQ(d.name, entry.path().stem().string());
    EXPECT_EQ(d.vertex_file, prefix + ".v");
    EXPECT_EQ(d.edge_file, prefix + ".e");  // including test-wcc-directed and test-sssp-undirected
    EXPECT_TRUE(std::filesystem::exists(d.edge_file));
  }
  EXPECT_GE(seen, 2);
  const ldbc_dataset sssp = read_ldbc_properties((root / "test-sssp-undirected").string());
  EXPECT_FALSE(sssp.directed);
  EXPECT_TRUE(sssp.weighted);
  EXPECT_EQ(sssp.sssp_source, 1U);
}
#endif

}  // namespace
}  // namespace eddy::io
