#!/usr/bin/python3
"""Self-test of ldbc_compare.py and run_ldbc_case.py on hand-made files.

run_ldbc_case.py is driven with a stand-in mpiexec and eddy (small scripts written here), so
neither MPI nor eddy nor the shared data is needed.
"""
import contextlib
import io
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, HERE)
import ldbc_compare  # noqa: E402


def compare(expected, actual, rule):
    """Runs ldbc_compare.main on two texts; returns (exit code, printed text)."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, text in (("expected", expected), ("actual", actual)):
            paths.append(os.path.join(tmp, name))
            with open(paths[-1], "w") as f:
                f.write(textwrap.dedent(text))
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = ldbc_compare.main(["ldbc_compare", *paths, rule])
        return code, out.getvalue()


class Exact(unittest.TestCase):
    def test_equal(self):
        self.assertEqual(compare("1 0\n2 9223372036854775807\n", "2 9223372036854775807\n1 0\n",
                                 "exact")[0], 0)

    def test_differs(self):
        code, out = compare("1 0\n2 3\n", "1 0\n2 4\n", "exact")
        self.assertEqual(code, 1)
        self.assertIn("vertex 2: expected 3, actual 4", out)

    def test_float_is_not_an_integer(self):
        self.assertEqual(compare("1 3\n", "1 3.0\n", "exact")[0], 1)

    def test_unreachable_must_be_max_int64(self):
        self.assertEqual(compare("1 9223372036854775807\n", "1 inf\n", "exact")[0], 1)
        self.assertEqual(compare("1 9223372036854775807\n", "1 -1\n", "exact")[0], 1)

    def test_blank_and_comment_lines_ignored(self):
        self.assertEqual(compare("# x\n1 5\n\n", "1 5\n", "exact")[0], 0)


class Epsilon(unittest.TestCase):
    def test_within_relative_bound(self):
        self.assertEqual(compare("1 1.0e-05\n2 100\n", "1 1.00009e-05\n2 99.991\n", "epsilon")[0], 0)

    def test_beyond_relative_bound(self):
        self.assertEqual(compare("1 1.0e-05\n", "1 1.00011e-05\n", "epsilon")[0], 1)
        self.assertEqual(compare("1 100\n", "1 99.98\n", "epsilon")[0], 1)

    def test_infinity_any_case(self):
        for e in ("infinity", "Infinity", "INF"):
            for a in ("inf", "Infinity", "infinity"):
                self.assertEqual(compare(f"1 {e}\n", f"1 {a}\n", "epsilon")[0], 0, (e, a))

    def test_infinity_only_equals_infinity(self):
        self.assertEqual(compare("1 infinity\n", "1 1e308\n", "epsilon")[0], 1)
        self.assertEqual(compare("1 5\n", "1 infinity\n", "epsilon")[0], 1)
        self.assertEqual(compare("1 infinity\n", "1 -infinity\n", "epsilon")[0], 1)
        self.assertEqual(compare("1 infinity\n", "1 9223372036854775807\n", "epsilon")[0], 1)

    def test_nan_never_matches(self):
        self.assertEqual(compare("1 nan\n", "1 nan\n", "epsilon")[0], 1)
        self.assertEqual(compare("1 0.5\n", "1 NaN\n", "epsilon")[0], 1)

    def test_zero_allows_rounding_noise_only(self):
        self.assertEqual(compare("1 0.000000000000000e+00\n", "1 0\n", "epsilon")[0], 0)
        self.assertEqual(compare("1 0\n", "1 -0.0\n", "epsilon")[0], 0)
        self.assertEqual(compare("1 0\n", "1 1e-15\n", "epsilon")[0], 0)
        self.assertEqual(compare("1 0\n", "1 1e-6\n", "epsilon")[0], 1)

    def test_not_a_number(self):
        self.assertEqual(compare("1 0.5\n", "1 half\n", "epsilon")[0], 1)

    def test_first_ten_mismatches_shown(self):
        expected = "".join(f"{v} 1.0\n" for v in range(1, 31))
        actual = "".join(f"{v} 2.0\n" for v in range(1, 31))
        code, out = compare(expected, actual, "epsilon")
        self.assertEqual(code, 1)
        self.assertIn("30 of 30 values differ", out)
        self.assertIn("vertex 10:", out)
        self.assertNotIn("vertex 11:", out)


class Equivalence(unittest.TestCase):
    def test_relabelled_partition(self):
        self.assertEqual(compare("1 1\n2 1\n3 7\n4 7\n5 5\n", "1 40\n2 40\n3 2\n4 2\n5 0\n",
                                 "equivalence")[0], 0)

    def test_split_component(self):
        code, out = compare("1 1\n2 1\n3 1\n", "1 9\n2 9\n3 8\n", "equivalence")
        self.assertEqual(code, 1)
        self.assertIn("vertex 3:", out)

    def test_merged_components(self):
        code, out = compare("1 1\n2 2\n", "1 0\n2 0\n", "equivalence")
        self.assertEqual(code, 1)
        self.assertIn("vertex 2:", out)

    def test_labels_are_opaque_strings(self):
        self.assertEqual(compare("1 1073752624\n2 0\n", "1 a\n2 b\n", "equivalence")[0], 0)


class VertexSet(unittest.TestCase):
    def test_missing_and_extra(self):
        code, out = compare("1 0\n2 1\n3 1\n", "1 0\n2 1\n4 1\n", "exact")
        self.assertEqual(code, 1)
        self.assertIn("1 vertices missing from actual, first: [3]", out)
        self.assertIn("1 vertices not in expected, first: [4]", out)

    def test_empty_actual(self):
        self.assertEqual(compare("1 0\n", "", "equivalence")[0], 1)


class BadInput(unittest.TestCase):
    def test_malformed_line(self):
        code, out = compare("1 0\n", "1 0 7\n", "exact")
        self.assertEqual(code, 2)
        self.assertIn("actual:1:", out)

    def test_duplicate_vertex(self):
        self.assertEqual(compare("1 0\n", "1 0\n1 0\n", "exact")[0], 2)

    def test_unknown_rule_and_missing_file(self):
        self.assertEqual(compare("1 0\n", "1 0\n", "fuzzy")[0], 2)
        with contextlib.redirect_stderr(io.StringIO()):
            self.assertEqual(ldbc_compare.main(["c", "/nonexistent/e", "/nonexistent/a", "exact"]), 2)


FAKE_MPIEXEC = """\
#!/usr/bin/python3
# Stand-in mpiexec: drops `-n N` and runs the program once.
import os, sys
assert sys.argv[1] == "-n", sys.argv
os.execv(sys.argv[3], sys.argv[3:])
"""

FAKE_EDDY = """\
#!/usr/bin/python3
# Stand-in eddy: records its arguments, then writes FAKE_RESULT (if set) to --output.
import os, shutil, sys
with open(os.environ["FAKE_ARGS"], "w") as f:
    f.write("\\n".join(sys.argv[1:]))
if os.environ.get("FAKE_RESULT"):
    shutil.copy(os.environ["FAKE_RESULT"], sys.argv[sys.argv.index("--output") + 1])
sys.exit(int(os.environ.get("FAKE_EXIT", "0")))
"""


class Runner(unittest.TestCase):
    """run_ldbc_case.py with stand-ins for mpiexec and eddy and a hand-made data dir."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.data = os.path.join(self.dir, "data")
        os.makedirs(os.path.join(self.data, "ldbc/set"))
        for name, text in (("g.v", "1\n2\n"), ("g.e", "1 2\n"), ("g-BFS", "1 0\n2 1\n"),
                           ("good", "2 1\n1 0\n"), ("bad", "1 0\n2 2\n")):
            self.write(os.path.join(self.data, "ldbc/set", name), text)
        self.mpiexec = self.write(os.path.join(self.dir, "mpiexec"), FAKE_MPIEXEC, 0o755)
        self.eddy = self.write(os.path.join(self.dir, "eddy"), FAKE_EDDY, 0o755)
        self.scratch = os.path.join(self.dir, "scratch")  # TMPDIR, to see that it is cleaned
        os.mkdir(self.scratch)

    def tearDown(self):
        self.tmp.cleanup()

    @staticmethod
    def write(path, text, mode=0o644):
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)
        return path

    def run_case(self, prefix="ldbc/set/g", result="good", exit_code=0, options=()):
        env = dict(os.environ, TMPDIR=self.scratch, FAKE_ARGS=os.path.join(self.dir, "args"),
                   FAKE_RESULT=os.path.join(self.data, "ldbc/set", result) if result else "",
                   FAKE_EXIT=str(exit_code))
        run = subprocess.run([sys.executable, os.path.join(HERE, "run_ldbc_case.py"), self.mpiexec,
                              "2", self.eddy, self.data, "bfs", prefix, "ldbc/set/g-BFS", *options],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.assertEqual(os.listdir(self.scratch), [], "temp files left behind")
        return run.returncode, run.stdout

    def test_match(self):
        code, out = self.run_case(options=("--partition", "hash"))
        self.assertEqual(code, 0, out)
        with open(os.path.join(self.dir, "args")) as f:
            args = f.read().split("\n")
        self.assertEqual(args[:4], ["run", "bfs", "--graph", os.path.join(self.data, "ldbc/set/g")])
        self.assertIn("--partition", args)
        self.assertEqual(args[-2], "--output")

    def test_mismatch(self):
        code, out = self.run_case(result="bad")
        self.assertEqual(code, 1)
        self.assertIn("vertex 2: expected 1, actual 2", out)

    def test_eddy_fails(self):
        self.assertEqual(self.run_case(exit_code=3)[0], 1)
        self.assertEqual(self.run_case(result=None)[0], 1)  # exit 0 but no output file

    def test_skip_without_data(self):
        code, out = self.run_case(prefix="ldbc/other/g")
        self.assertEqual(code, 77)
        self.assertIn("SKIPPED: " + os.path.join(self.data, "ldbc/other/g.v") + " not found", out)


if __name__ == "__main__":
    unittest.main()
