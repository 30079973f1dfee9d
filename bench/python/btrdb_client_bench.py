#!/usr/bin/env python3
"""The BTrDB Python client (btrdb 5.x) against `dendro serve` over loopback: insert, values,
arrow_values and aligned_windows, then the same stream read through Dendro's embedded Java API
in the same run.

    python bench/python/btrdb_client_bench.py --points 10000000 --runs 5

Prerequisites: a Python 3 with the btrdb package 5.x and its Arrow extras (pyarrow, pandas,
numpy, grpcio, protobuf); Dendro built (`mvn -o -q -pl cli,bench -am package -DskipTests`:
cli/target/dendro.jar and bench/target/benchmarks.jar); a JDK 25 (--java, $JAVA, or
/usr/lib/jvm/temurin-25-jdk-amd64/bin/java).

What it does (Dendro's own code; it uses only the client's public API: btrdb.connect,
conn.create, stream.insert, stream.arrow_insert, stream.values, stream.arrow_values,
stream.aligned_windows):

1. starts `java -jar cli/target/dendro.jar serve --db DIR --grpc-port PORT` on a fresh
   directory (the database's defaults: every insert in the forced log when it returns), or
   uses --addr HOST:PORT (then the embedded step is skipped);
2. generates N points of bench's Signal (a 120 Hz RMS voltage, values to 4 decimals; the same
   formula as io.dendro.bench.Signal) with numpy, outside every timed section, and converts
   them to what each call takes (a list of (time, value) tuples; a pyarrow Table);
3. inserts the N points into the stream every read measures (with the client's insert), then,
   per measurement, untimed calls (at least --warmup of them and --warm-seconds of them: the
   server compiles its paths only after many calls), then --runs timed runs: `insert` of the N
   points into a fresh stream (the client sends 50,000 per Insert call), `arrow_insert`
   likewise (50,000 rows per ArrowInsert), `values` and `arrow_values` of the N points (the
   answer materialised as the client returns it: a list of (RawPoint, version) tuples; a
   pyarrow Table), and --queries `aligned_windows` calls over one random hour each at each
   --pointwidth (the list materialised);
4. stops the server (SIGTERM: it seals its buffers and closes the database) and runs
   io.dendro.bench.EmbeddedCompareMain on the same directory: the same N points inserted in
   batches of 50,000 into fresh streams, the batch values scan of the script's stream and
   one-hour alignedWindows on it, with as many runs;
5. prints a table of medians (points/s; µs per aligned_windows call, median and p99) and
   writes every run's figure to --json.
"""
import argparse
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import warnings

warnings.simplefilter("ignore")  # the client warns that its API is deprecated in favour of another

import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402

import btrdb  # noqa: E402

HOUR = 3_600_000_000_000
START = 1_767_225_600_000_000_000  # io.dendro.bench.Signal.START, 2026-01-01T00:00:00Z
PERIOD = 8_333_333  # 120 Hz in whole nanoseconds
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def signal_points(n):
    """Times (int64 ns) and values (float64) of points 0..n-1 of io.dendro.bench.Signal."""
    i = np.arange(n, dtype=np.int64)
    times = START + i * PERIOD
    t = (i * PERIOD).astype(np.float64)
    day = 2 * np.pi * (t / 86_400e9)
    slow = 1 + 0.012 * np.sin(day - 2.0) + 0.004 * np.sin(2 * day + 0.7) \
        + 0.002 * np.sin(2 * np.pi * (t / (7 * 86_400e9)))
    with np.errstate(over="ignore"):  # SplitMix64 wraps by design
        z = i.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(0x632BE59BD9B4E019)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    m = np.uint64(0xFFFF)
    s = ((z & m) + ((z >> np.uint64(16)) & m) + ((z >> np.uint64(32)) & m)
         + ((z >> np.uint64(48)) & m)).astype(np.float64)
    noise = (s / 65536.0 - 2.0) * np.sqrt(3)
    v = 7200.0 * slow + 1.5 * noise
    return times, np.floor(v * 1e4 + 0.5) / 1e4  # Java's Math.round, then / 1e4


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"dendro serve exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"dendro serve did not listen on {port} within {seconds} s")


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def warm(a, fn):
    """Untimed calls of fn: at least --warmup of them and --warm-seconds of them (the server's
    JIT compiles its paths only after many calls)."""
    t0 = time.perf_counter()
    r = 0
    while r < a.warmup or time.perf_counter() - t0 < a.warm_seconds:
        fn()
        r += 1


def percentile(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, int(np.ceil(q * len(xs))) - 1))]


def default_java():
    if os.environ.get("JAVA"):
        return os.environ["JAVA"]
    jdk = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"
    return jdk if os.path.exists(jdk) else "java"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--points", type=int, default=1_000_000, help="points per stream (default 1,000,000)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs of each measurement (default 5)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs before them, at least (default 1)")
    ap.add_argument("--warm-seconds", type=float, default=5.0,
                    help="... and at least this long, per measurement (default 5 s)")
    ap.add_argument("--queries", type=int, default=200, help="aligned_windows calls per pointwidth per run")
    ap.add_argument("--pointwidth", default="34,40", help="aligned_windows pointwidths (default 34,40)")
    ap.add_argument("--addr", help="an already running server (HOST:PORT); no embedded comparison then")
    ap.add_argument("--db", help="database directory for the server started here (default: a fresh temp dir)")
    ap.add_argument("--java", default=default_java())
    ap.add_argument("--jar", default=os.path.join(REPO, "cli", "target", "dendro.jar"))
    ap.add_argument("--bench-jar", default=os.path.join(REPO, "bench", "target", "benchmarks.jar"))
    ap.add_argument("--chunk-points", type=int, help="points per streamed message (the server's default: 50,000);"
                    " serves with io.dendro.bench.ServeMain instead of dendro.jar")
    ap.add_argument("--json", help="write every run's figures here")
    ap.add_argument("--skip", default="", help="comma-separated measurements to skip: "
                    "insert,arrow_insert,values,arrow_values,aligned_windows")
    a = ap.parse_args()
    skip = set(filter(None, a.skip.split(",")))
    pws = [int(p) for p in a.pointwidth.split(",")]

    server = None
    db_dir = None
    if a.addr:
        addr = a.addr
    else:
        db_dir = a.db or tempfile.mkdtemp(prefix="dendro-pybench-")
        port = free_port()
        cmd = [a.java, "-jar", a.jar, "serve", "--db", db_dir, "--grpc-port", str(port)]
        if a.chunk_points:  # the same server with another chunk, which `dendro serve` does not offer
            cmd = [a.java, "-cp", a.bench_jar, "io.dendro.bench.ServeMain", db_dir, str(port), str(a.chunk_points)]
        server = subprocess.Popen(cmd,
                                  stdout=subprocess.DEVNULL, stderr=open(os.path.join(db_dir, "..",
                                  os.path.basename(db_dir) + ".serve.log"), "w"))
        wait_for_port(port, server)
        addr = f"127.0.0.1:{port}"
    try:
        result = measure(a, addr, skip, pws)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=120)
    if server is not None and "values" not in skip:
        result["embedded"] = embedded(a, db_dir, result, pws)
    report(a, result, pws)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(result, f, indent=1)


def measure(a, addr, skip, pws):
    n = a.points
    times, values = signal_points(n)
    end = int(times[-1]) + 1
    conn = btrdb.connect(addr)
    info = conn.info()
    collection = "pybench/" + uuid.uuid4().hex[:8]
    created = [0]

    def fresh_stream():
        created[0] += 1
        return conn.create(uuid.uuid4(), collection, tags={"name": f"s{created[0]}", "unit": "V"})

    runs = {}

    def record(name, figure):
        runs.setdefault(name, []).append(figure)

    # the stream every read measures: the first one inserted (the client's insert, 50,000 points
    # per Insert call); it is always inserted, even when the insert measurement is skipped
    pairs = list(zip(times.tolist(), values.tolist()))
    s = fresh_stream()
    s.insert(pairs)
    if "insert" not in skip:
        warm(a, lambda: fresh_stream().insert(pairs))
        for _ in range(a.runs):
            target = fresh_stream()
            dt, _ = timed(lambda: target.insert(pairs))
            record("insert", n / dt)
    del pairs
    if "arrow_insert" not in skip:
        table = pa.Table.from_arrays([pa.array(times, type=pa.timestamp("ns", tz="UTC")), pa.array(values)],
                                     schema=pa.schema([pa.field("time", pa.timestamp("ns", tz="UTC"), nullable=False),
                                                       pa.field("value", pa.float64(), nullable=False)]))
        warm(a, lambda: fresh_stream().arrow_insert(table))
        for _ in range(a.runs):
            target = fresh_stream()
            dt, _ = timed(lambda: target.arrow_insert(table))
            record("arrow_insert", n / dt)
        del table

    def values():
        got = s.values(START, end)
        if len(got) != n:
            raise AssertionError(f"values returned {len(got)} points, expected {n}")

    def arrow_values():
        got = s.arrow_values(START, end)
        if got.num_rows != n:
            raise AssertionError(f"arrow_values returned {got.num_rows} rows, expected {n}")

    for name, fn in (("values", values), ("arrow_values", arrow_values)):
        if name in skip:
            continue
        warm(a, fn)
        for _ in range(a.runs):
            dt, _ = timed(fn)
            record(name, n / dt)
    if "aligned_windows" not in skip:
        rng = np.random.default_rng(42)
        for pw in pws:
            width = 1 << pw
            def hours():
                lat = []
                for _ in range(a.queries):
                    t = int(rng.integers(START, max(START + 1, end - HOUR - width)))
                    start = (t // width) * width + width
                    dt, got = timed(lambda: s.aligned_windows(start, start + HOUR, pw))
                    if not got:
                        raise AssertionError(f"no window at pointwidth {pw} from {start}")
                    lat.append(dt * 1e6)
                return lat

            warm(a, hours)
            for _ in range(a.runs):
                lat = hours()
                record(f"aligned_windows_pw{pw}_p50_us", statistics.median(lat))
                record(f"aligned_windows_pw{pw}_p99_us", percentile(lat, 0.99))
                record(f"aligned_windows_pw{pw}_mean_us", statistics.fmean(lat))
    return {
        "command": " ".join([os.path.basename(sys.executable)] + sys.argv),
        "chunk_points": a.chunk_points or 50000,
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "points": n,
        "server": info.get("build", "") if isinstance(info, dict) else "",
        "python": platform.python_version(),
        "btrdb": getattr(btrdb, "__version__", "?"),
        "pyarrow": pa.__version__,
        "grpcio": __import__("grpc").__version__,
        "protobuf": __import__("google.protobuf").protobuf.__version__,
        "stream": str(s.uuid),
        "start": START,
        "end": end,
        "runs": runs,
    }


def embedded(a, db_dir, result, pws):
    cmd = [a.java, "-cp", a.bench_jar, "io.dendro.bench.EmbeddedCompareMain", db_dir, result["stream"],
           str(result["start"]), str(result["end"]), str(a.runs), str(a.warmup),
           ",".join(str(p) for p in pws), str(a.queries), str(result["points"])]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def report(a, result, pws):
    runs = result["runs"]
    emb = result.get("embedded", {})
    print(f"{result['points']:,} points, {result.get('chunk_points', 50000):,} per streamed message, median of {a.runs} runs (after untimed ones: >= {a.warmup}, >= {a.warm_seconds:g} s); "
          f"btrdb {result['btrdb']}, pyarrow {result['pyarrow']}, grpcio {result['grpcio']}, "
          f"Python {result['python']}")
    rows = [("insert (list of tuples, 50,000 per call)", "insert", "insert_points_per_s"),
            ("arrow_insert (pyarrow Table, 50,000 per call)", "arrow_insert", "insert_points_per_s"),
            ("values (list of (RawPoint, version))", "values", "values_points_per_s"),
            ("arrow_values (pyarrow Table)", "arrow_values", "values_points_per_s")]
    print(f"| {'measurement':50} | {'Python client':>16} | {'embedded Java':>16} | embedded / Python |")
    print(f"|{'-' * 52}|{'-' * 17}:|{'-' * 17}:|------------------:|")
    for label, key, ekey in rows:
        if key not in runs:
            continue
        m = statistics.median(runs[key])
        e = statistics.median(emb[ekey]) if ekey and ekey in emb else None
        ratio = (f"{e / m:,.1f}x" if e / m < 10 else f"{e / m:,.0f}x") if e else ""
        print(f"| {label:50} | {m / 1e6:12.2f} M/s | {(f'{e / 1e6:12.2f} M/s' if e else ''):>16} | {ratio:>17} |")
    for pw in pws:
        key = f"aligned_windows_pw{pw}"
        if key + "_p50_us" not in runs:
            continue
        ew = emb.get(key + "_us", {})
        p50 = statistics.median(runs[key + "_p50_us"])
        p99 = statistics.median(runs[key + "_p99_us"])
        e = f"{ew['p50']:.1f} / {ew['p99']:.1f} µs" if ew else ""
        ratio = f"{p50 / ew['p50']:,.0f}x (p50)" if ew else ""
        label = f"aligned_windows, 1 hour, pw {pw} (p50 / p99)"
        print(f"| {label:50} | {p50:7.0f} / {p99:5.0f} µs | {e:>16} | {ratio:>17} |")


if __name__ == "__main__":
    main()
