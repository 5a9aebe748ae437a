"""Python models for the `eddy stream` tests: update streams drawn from a seed, the graph they
build (an edge set, vertices never removed), the expected values of each incremental algorithm
(networkx) and the event-time window of docs in runtime/include/eddy/runtime/event_window.hpp.

An update is a tuple (kind, src, dst, weight, time): kind 'a', 'd' or 'u'; weight None for a
delete (and for adds written without one); time None for untimed streams.
"""
import math

try:
    import networkx as nx
except ImportError:  # the driver skips its cases (exit 77)
    nx = None

UNREACHABLE = 9223372036854775807
PAGERANK_L1 = 1e-6
SSSP_RELATIVE = 1e-9


class Failure(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# The graph


class GraphModel:
    """The edge set a stream builds: adding a present edge or deleting / reweighting an absent one
    is ignored; an add creates its endpoints; vertices never disappear."""

    def __init__(self, directed, base=()):
        self.directed = directed
        self.edges = {}  # key -> weight
        self.vertices = set()
        for src, dst, weight in base:
            self.vertices.update((src, dst))
            self.edges[self.key(src, dst)] = 1.0 if weight is None else weight

    def key(self, src, dst):
        return (src, dst) if self.directed or src <= dst else (dst, src)

    def apply(self, batch):
        counts = {"updates": len(batch), "adds": 0, "deletes": 0, "reweights": 0, "ignored": 0, "new_vertices": 0}
        before = len(self.vertices)
        for kind, src, dst, weight, _ in batch:
            key = self.key(src, dst)
            present = key in self.edges
            if kind == "a" and not present:
                self.edges[key] = 1.0 if weight is None else weight
                self.vertices.update((src, dst))
                counts["adds"] += 1
            elif kind == "d" and present:
                del self.edges[key]
                counts["deletes"] += 1
            elif kind == "u" and present:
                self.edges[key] = weight
                counts["reweights"] += 1
            else:
                counts["ignored"] += 1
        counts["new_vertices"] = len(self.vertices) - before
        counts["vertices"] = len(self.vertices)
        counts["edges"] = len(self.edges)
        return counts

    def networkx(self):
        g = nx.DiGraph() if self.directed else nx.Graph()
        g.add_nodes_from(self.vertices)
        g.add_weighted_edges_from((s, d, w) for (s, d), w in self.edges.items())
        return g


def degrees(vertices, edges, directed):
    """Out-degree; undirected: edges at the vertex, a self-loop once."""
    result = {v: 0 for v in vertices}
    for src, dst in edges:
        result[src] += 1
        if not directed and dst != src:
            result[dst] += 1
    return result


def expected_values(algorithm, model, source=None, damping=0.85):
    """vertex -> expected value (int, float or math.inf) on the model's current graph."""
    if algorithm == "degree":
        return degrees(model.vertices, model.edges, model.directed)
    g = model.networkx()
    if algorithm == "pagerank":
        if g.number_of_nodes() == 0:
            return {}
        return nx.pagerank(g, alpha=damping, tol=1e-13, max_iter=100000, weight=None)
    if algorithm == "wcc":
        parts = nx.weakly_connected_components(g) if model.directed else nx.connected_components(g)
        return {v: min(part) for part in parts for v in part}
    if algorithm == "bfs":
        reached = nx.single_source_shortest_path_length(g, source) if source in g else {}
        return {v: reached.get(v, UNREACHABLE) for v in g}
    if algorithm == "sssp":
        reached = nx.single_source_dijkstra_path_length(g, source, weight="weight") if source in g else {}
        return {v: reached.get(v, math.inf) for v in g}
    raise ValueError(algorithm)


# ---------------------------------------------------------------------------------------------
# Result files


def parse_value(algorithm, text):
    if algorithm in ("pagerank", "sssp"):
        return math.inf if text == "infinity" else float(text)
    return int(text)


def read_values(path, algorithm):
    """The `vertex value` lines of a result file, checked to be sorted by id."""
    values = {}
    last = None
    with open(path, encoding="ascii") as f:
        for number, line in enumerate(f, 1):
            fields = line.split()
            if len(fields) != 2:
                raise Failure(f"{path}:{number}: expected `vertex value`, got {line!r}")
            vertex = int(fields[0])
            if last is not None and vertex <= last:
                raise Failure(f"{path}:{number}: vertex {vertex} after {last}: not sorted by id")
            last = vertex
            try:
                values[vertex] = parse_value(algorithm, fields[1])
            except ValueError:
                raise Failure(f"{path}:{number}: not a {algorithm} value: {line!r}") from None
    return values


def close(algorithm, got, want):
    if algorithm == "sssp":
        if math.isinf(want) or math.isinf(got):
            return got == want
        return abs(got - want) <= SSSP_RELATIVE * max(1.0, abs(want))
    return got == want


def compare_values(algorithm, got, want, where):
    """Raises Failure when eddy's values `got` differ from the expected `want`."""
    if set(got) != set(want):
        extra = sorted(set(got) - set(want))[:5]
        missing = sorted(set(want) - set(got))[:5]
        raise Failure(f"{where}: wrong vertex set ({len(got)} vertices, expected {len(want)}; "
                      f"unexpected {extra}, missing {missing})")
    if algorithm == "pagerank":
        distance = sum(abs(got[v] - want[v]) for v in want)
        if distance > PAGERANK_L1:
            worst = max(want, key=lambda v: abs(got[v] - want[v]))
            raise Failure(f"{where}: L1 distance {distance:.3g} to networkx's PageRank exceeds {PAGERANK_L1} "
                          f"(worst: vertex {worst}: {got[worst]!r}, expected {want[worst]!r})")
        return
    wrong = [v for v in sorted(want) if not close(algorithm, got[v], want[v])]
    if wrong:
        shown = ", ".join(f"{v}: {got[v]!r} (expected {want[v]!r})" for v in wrong[:5])
        raise Failure(f"{where}: {len(wrong)} of {len(want)} vertices differ: {shown}")


def top_values(values, k):
    """The k largest (vertex, value), ties by the smaller id."""
    return sorted(values.items(), key=lambda item: (-item[1], item[0]))[:k]


# ---------------------------------------------------------------------------------------------
# Update streams


def format_update(update, weighted_adds=True):
    kind, src, dst, weight, time = update
    fields = [kind, str(src), str(dst)]
    if kind in ("a", "u") and (weight is not None or time is not None):
        fields.append(repr(1.0 if weight is None else weight) if weighted_adds else "1")
    if time is not None:
        fields.append(str(time))
    return " ".join(fields)


def write_stream(path, updates, rng, noise=True):
    """Writes the updates one a line, with comments, blank lines, tabs and a CRLF sprinkled in
    (none of which count as updates). Returns the file's line number of every update."""
    numbers = []
    lines = ["# an update stream"] if noise else []
    for update in updates:
        if noise and rng.random() < 0.05:
            lines.append(rng.choice(["", "# comment", "   ", "\t# indented comment"]))
        text = format_update(update)
        if noise and rng.random() < 0.05:
            text = text.replace(" ", "\t", 1)
        if noise and rng.random() < 0.03:
            text += "\r"
        lines.append(text)
        numbers.append(len(lines))
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write("".join(line + "\n" for line in lines))
    return numbers


def write_edge_list(path, edges, weighted):
    with open(path, "w", encoding="ascii") as f:
        for src, dst, weight in edges:
            f.write(f"{src} {dst} {weight!r}\n" if weighted else f"{src} {dst}\n")


def random_weight(rng):
    return rng.choice([0.0, 0.5, 1.0, 2.25, 7.0, round(rng.uniform(0.1, 10.0), 6), rng.uniform(0.0, 5.0)])


class StreamMaker:
    """Draws a base graph and batches of updates that mix adds (some naming new vertices), deletes
    of present and absent edges, an add of a present edge, a d/a/d (or a/d/a) toggle of one edge
    and, weighted, reweights of present and absent edges and weighted adds."""

    def __init__(self, rng, directed, weighted, base_vertices=40, base_edges=100):
        if base_vertices > 400:
            raise ValueError("at most 400 base vertices")
        self.rng = rng
        self.directed = directed
        self.weighted = weighted
        ids = sorted(rng.sample(range(0, 401), base_vertices))
        self.pool = list(ids)
        self.fresh = iter(v for k in range(1000) for v in (401 + k, 4096 + k, 10**12 + k, 2**40 + k, 2**63 + k, 2**64 - 1 - k))
        self.base = []
        self.model = GraphModel(directed)

        def draw(n):
            while len(self.base) < n:
                src, dst = rng.choice(ids), rng.choice(ids)
                if src == dst and rng.random() < 0.9:
                    continue
                if self.model.key(src, dst) in self.model.edges:
                    continue
                weight = random_weight(rng) if weighted else None
                self.base.append((src, dst, weight))
                self.model.edges[self.model.key(src, dst)] = 1.0 if weight is None else weight
                self.model.vertices.update((src, dst))

        draw(base_edges)

    def empty(self):
        """Starts over without a base graph (the stream builds the graph from nothing)."""
        self.base = []
        self.model = GraphModel(self.directed)

    def _weight(self):
        return random_weight(self.rng) if self.weighted else None

    def _oriented(self, key):
        src, dst = key
        if not self.directed and self.rng.random() < 0.5:
            return dst, src
        return src, dst

    def _absent_pair(self, vertices):
        for _ in range(100):
            src, dst = self.rng.choice(vertices), self.rng.choice(vertices)
            if src == dst and self.rng.random() < 0.8:
                continue
            if self.model.key(src, dst) not in self.model.edges:
                return src, dst
        return None

    def _one(self, vertices):
        rng, model = self.rng, self.model
        present = sorted(model.edges)
        r = rng.random()
        if present and r < 0.25:
            update = ("d", *self._oriented(rng.choice(present)), None, None)
        elif r < 0.33:
            src = rng.choice(vertices + [999999])
            update = ("d", src, rng.choice([rng.choice(vertices), 999998]), None, None)
            if model.key(src, update[2]) in model.edges:
                return self._one(vertices)
        elif present and r < 0.38:
            update = ("a", *self._oriented(rng.choice(present)), self._weight(), None)
        elif r < 0.45:
            new = next(self.fresh)
            other = rng.choice(vertices)
            update = ("a", new, other, self._weight(), None) if rng.random() < 0.5 else ("a", other, new, self._weight(), None)
            self.pool.append(new)
        elif self.weighted and present and r < 0.55:
            update = ("u", *self._oriented(rng.choice(present)), random_weight(rng), None)
        elif self.weighted and r < 0.58:
            pair = self._absent_pair(vertices)
            if pair is None:
                return self._one(vertices)
            update = ("u", *pair, random_weight(rng), None)
        else:
            pair = self._absent_pair(vertices)
            if pair is None:
                return self._one(vertices)
            update = ("a", *pair, self._weight(), None)
        model.apply([update])
        return [update]

    def _toggle(self, vertices):
        rng, model = self.rng, self.model
        present = sorted(model.edges)
        if present and rng.random() < 0.6:
            src, dst = self._oriented(rng.choice(present))
            flip = lambda: self._oriented(model.key(src, dst))
            triple = [("d", *flip(), None, None), ("a", *flip(), self._weight(), None), ("d", *flip(), None, None)]
        else:
            pair = self._absent_pair(vertices)
            if pair is None:
                return []
            src, dst = pair
            flip = lambda: self._oriented(model.key(src, dst))
            triple = [("a", *flip(), self._weight(), None), ("d", *flip(), None, None), ("a", *flip(), self._weight(), None)]
        model.apply(triple)
        return triple

    def batch(self, size, vertices=None):
        """One batch of `size` >= 3 updates, with one toggle triple inside it."""
        vertices = list(vertices if vertices is not None else self.pool)
        at = self.rng.randrange(0, max(1, size - 2))
        updates = []
        while len(updates) < size:
            if len(updates) == at:
                updates.extend(self._toggle(vertices))
            else:
                updates.extend(self._one(vertices))
        assert len(updates) == size
        return updates


# ---------------------------------------------------------------------------------------------
# Event-time windows


def end_after(time, slide):
    """The first window end (a multiple of the slide) strictly after `time`."""
    return (time // slide + 1) * slide


def simulate_window(events, size, slide, lateness, directed, finish=True):
    """Replays the documented window on `events` (in arrival order, each with a time): an event
    is late when its time lies before the last fired end; after every event (and at the end of
    the stream, while events are buffered, whatever the watermark) the earliest due end with
    something to do fires, delivering the buffered events before it in time order and then one
    delete per edge whose latest add fell out of the window.

    Returns (batches, late, accepted): batches a list of dicts with the window end, the updates
    delivered and the late count so far; late the (index in `events`, event) pairs of the late
    events in arrival order; accepted the
    (arrival number, event) pairs of the events that were not late. finish=False: the stream
    has not ended yet (only what the watermark makes due has fired)."""
    pending = []  # (time, arrival, event)
    live = {}  # key -> (time, arrival) of its latest add
    state = {"fired": None, "max": None}
    batches, late, accepted = [], [], []

    def key_of(src, dst):
        return (src, dst) if directed or src <= dst else (dst, src)

    def next_end(finished):
        candidates = []
        if pending:
            candidates.append(end_after(min(p[0] for p in pending), slide))
        if live:
            candidates.append(end_after(min(t for t, _ in live.values()) + size, slide))
        if not candidates:
            return None
        end = min(candidates)
        if finished and pending:
            return end
        return end if state["max"] is not None and end <= state["max"] - lateness else None

    def fire(end):
        due = sorted((p for p in pending if p[0] < end), key=lambda p: (p[0], p[1]))
        pending[:] = [p for p in pending if p[0] >= end]
        batch = []
        for time, arrival, event in due:
            kind, src, dst, _, _ = event
            if kind == "a":
                live[key_of(src, dst)] = (time, arrival)
            elif kind == "d":
                live.pop(key_of(src, dst), None)
            batch.append(event)
        expired = sorted((t, a, k) for k, (t, a) in live.items() if t < end - size)
        for _, _, k in expired:
            del live[k]
            batch.append(("d", k[0], k[1], None, end - size))
        state["fired"] = end
        batches.append({"end": end, "updates": batch, "late": len(late)})

    def fire_due(finished):
        while True:
            end = next_end(finished)
            if end is None:
                return
            fire(end)

    for index, event in enumerate(events):
        fire_due(False)
        time = event[4]
        if state["fired"] is not None and time < state["fired"]:
            late.append((index, event))
            continue
        arrival = len(accepted)
        accepted.append((arrival, event))
        pending.append((time, arrival, event))
        state["max"] = time if state["max"] is None else max(state["max"], time)
    fire_due(False)
    if finish:
        fire_due(True)
    return batches, late, accepted


def window_contents(accepted, end, size, directed):
    """What the graph holds after the window ending at `end` fired, from the definition: the
    edges whose latest add (time order, then arrival) among the accepted events before `end` has
    a time in [end - size, end) and no delete after it; the vertices are the endpoints of every
    accepted add before `end`."""
    last = {}
    vertices = set()
    for arrival, (kind, src, dst, _, time) in sorted(((a, e) for a, e in accepted if e[4] < end),
                                                     key=lambda ae: (ae[1][4], ae[0])):
        key = (src, dst) if directed or src <= dst else (dst, src)
        if kind == "a":
            last[key] = ("a", time)
            vertices.update((src, dst))
        elif kind == "d":
            last[key] = ("d", time)
    edges = {k for k, (kind, time) in last.items() if kind == "a" and time >= end - size}
    return vertices, edges


def window_events(rng, directed, count, vertices, size, start=0, out_of_order=0.0, delay=0, very_late=0):
    """Timed updates in arrival order. Times advance by 0..2 (so equal times occur), with one quiet
    stretch of 3 windows; kinds: adds of new edges and re-adds of live ones (refreshing their
    time), deletes of live edges (either orientation) and of absent ones, reweights, and an add
    and a delete of one edge at the same time. A fraction `out_of_order` of the events arrives up
    to `delay` time units late, `very_late` more arrive a whole window late."""
    ids = rng.sample(range(0, 60), vertices)
    live = {}
    timed = []
    time = start
    quiet = rng.randrange(count // 3, 2 * count // 3)

    def oriented(key):
        return (key[1], key[0]) if not directed and rng.random() < 0.5 else key

    for index in range(count):
        time += 3 * size if index == quiet else rng.randint(0, 2)
        r = rng.random()
        keys = sorted(live)
        if keys and r < 0.2:
            key = rng.choice(keys)
            timed.append(("d", *oriented(key), None, time))
            del live[key]
        elif r < 0.25:
            timed.append(("d", rng.choice(ids), 1000 + rng.randrange(5), None, time))
        elif keys and r < 0.4:
            key = rng.choice(keys)
            timed.append(("a", *oriented(key), random_weight(rng), time))
            live[key] = time
        elif keys and r < 0.45:
            timed.append(("u", *oriented(rng.choice(keys)), random_weight(rng), time))
        elif r < 0.5:
            src, dst = rng.choice(ids), rng.choice(ids)
            pair = [("a", src, dst, 1.0, time), ("d", *oriented((src, dst)), None, time)]
            if rng.random() < 0.5:
                pair.reverse()
            timed.extend(pair)
        else:
            src, dst = rng.choice(ids), rng.choice(ids)
            timed.append(("a", src, dst, random_weight(rng), time))
            live[(src, dst) if directed or src <= dst else (dst, src)] = time
    held_back = set(rng.sample(range(len(timed) // 2), very_late))
    arrival = []
    for index, event in enumerate(timed):
        if index in held_back:
            shift = size + 10
        else:
            shift = rng.randint(1, delay) if delay > 0 and rng.random() < out_of_order else 0
        arrival.append((event[4] + shift, index, event))
    arrival.sort(key=lambda a: (a[0], a[1]))
    return [event for _, _, event in arrival]
