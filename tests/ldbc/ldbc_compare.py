#!/usr/bin/python3
"""Compare an eddy result file with an LDBC Graphalytics reference output.

usage: ldbc_compare.py EXPECTED ACTUAL RULE      RULE: exact | epsilon | equivalence

Both files hold one `vertex value` line per vertex (blank lines and `#` comments ignored).
Rules, as LDBC validates them:
  exact        BFS, CDLP: integer values must be equal (9223372036854775807 = unreachable).
  epsilon      PR, LCC, SSSP: |e - a| <= 1e-4 * |e|. `inf`/`infinity` in any case is infinite
               and only equals infinity of the same sign; NaN never matches.
               When e == 0 the relative bound is 0, so a ZERO_FLOOR of 1e-12 is allowed instead:
               LDBC's zeros are exact (LCC without triangles, the SSSP source), so only rounding
               noise may be accepted. A floor of 1e-4 would be too loose: a wrong LCC of a
               high-degree vertex (1/(d*(d-1))) or a PR value (~1e-5 on p2p-31) lies below it.
  equivalence  WCC: labels are arbitrary, the grouping must be the same, i.e. there is a
               bijection between expected and actual labels.
The vertex sets must be identical. Exit 0 on match, 1 on mismatch, 2 on bad usage or input.
"""
import math
import re
import sys

RELATIVE = 1e-4
ZERO_FLOOR = 1e-12
SHOW = 10  # how many mismatches to print


class InputError(Exception):
    pass


def read_result(path):
    """Returns {vertex id: value token}."""
    values = {}
    try:
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                fields = line.split()
                if not fields or fields[0].startswith("#"):
                    continue
                if len(fields) != 2:
                    raise InputError(f"{path}:{lineno}: expected `vertex value`, got {line.strip()!r}")
                vertex = to_int(fields[0])
                if vertex is None:
                    raise InputError(f"{path}:{lineno}: bad vertex id {fields[0]!r}")
                if vertex in values:
                    raise InputError(f"{path}:{lineno}: vertex {vertex} listed twice")
                values[vertex] = fields[1]
    except OSError as e:
        raise InputError(f"{path}: {e.strerror}") from None
    return values


def to_int(token):
    # Plain decimal only: Python's int() would also take "1_000" or "١".
    return int(token) if re.fullmatch(r"[+-]?[0-9]+", token) else None


def to_float(token):
    try:
        return float(token)  # accepts inf / infinity / Infinity / -inf, in any case
    except ValueError:
        return None


def exact_equal(e, a):
    ei, ai = to_int(e), to_int(a)
    return ei is not None and ei == ai


def epsilon_equal(e, a):
    ef, af = to_float(e), to_float(a)
    if ef is None or af is None or math.isnan(ef) or math.isnan(af):
        return False
    if math.isinf(ef) or math.isinf(af):
        return ef == af
    bound = RELATIVE * abs(ef) if ef != 0 else ZERO_FLOOR
    return abs(ef - af) <= bound


def value_mismatches(expected, actual, equal):
    return [(v, expected[v], actual[v]) for v in sorted(expected.keys() & actual.keys())
            if not equal(expected[v], actual[v])]


def equivalence_mismatches(expected, actual):
    """Vertices whose actual label breaks the bijection set up by the vertices before them."""
    e_to_a, a_to_e, bad = {}, {}, []
    for v in sorted(expected.keys() & actual.keys()):
        e, a = expected[v], actual[v]
        if e_to_a.setdefault(e, a) != a:
            bad.append((v, e, f"{a} (label {e} was given {e_to_a[e]} before)"))
        elif a_to_e.setdefault(a, e) != e:
            bad.append((v, e, f"{a} (label {a} already stands for expected {a_to_e[a]})"))
    return bad


def compare(expected, actual, rule):
    """Returns the lines of the report; empty when the results match."""
    report = []
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    if missing:
        report.append(f"{len(missing)} vertices missing from actual, first: {missing[:SHOW]}")
    if extra:
        report.append(f"{len(extra)} vertices not in expected, first: {extra[:SHOW]}")
    if rule == "exact":
        bad = value_mismatches(expected, actual, exact_equal)
    elif rule == "epsilon":
        bad = value_mismatches(expected, actual, epsilon_equal)
    else:
        bad = equivalence_mismatches(expected, actual)
    if bad:
        report.append(f"{len(bad)} of {len(expected.keys() & actual.keys())} values differ ({rule}):")
        report += [f"  vertex {v}: expected {e}, actual {a}" for v, e, a in bad[:SHOW]]
    return report


def main(argv):
    if len(argv) != 4 or argv[3] not in ("exact", "epsilon", "equivalence"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    _, expected_path, actual_path, rule = argv
    try:
        expected, actual = read_result(expected_path), read_result(actual_path)
    except InputError as e:
        print(f"ldbc_compare: {e}", file=sys.stderr)
        return 2
    report = compare(expected, actual, rule)
    if report:
        print(f"MISMATCH {actual_path} vs {expected_path}")
        print("\n".join(report))
        return 1
    print(f"OK: {len(expected)} vertices match {expected_path} ({rule})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
