#!/usr/bin/env python3
"""The BTrDB Python client itself (btrdb 5.x, installed with pyarrow and pandas) against a
Dendro server: the documented workflow of its "Viewing Stream Data", "Managing Stream Data"
and StreamSet pages and its Arrow methods, each answer checked.

    python real_btrdb_client.py HOST:PORT

Dendro's own code: it uses only the client's public API. RealClientTest runs it when a Python
with the btrdb package is named (-Ddendro.btrdb.python=...); it is not part of a plain
`mvn verify`, because the btrdb package is not on Debian or this machine's package mirror.
"""
import sys
import uuid
import warnings

warnings.simplefilter("ignore")  # the client warns that its API is deprecated in favour of another

import btrdb  # noqa: E402
import pyarrow as pa  # noqa: E402
from btrdb.exceptions import BTrDBError, StreamExists, StreamNotFoundError  # noqa: E402

STEP = ["start"]


def step(name):
    STEP[0] = name
    print("step:", name, flush=True)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def main(addr):
    step("connect")
    conn = btrdb.connect(addr)
    info = conn.info()
    check(info["majorVersion"] == 5 and info["minorVersion"] >= 30, info)
    check(conn._ARROW_ENABLED, "the client turns its Arrow paths on")

    step("create")
    t0 = 1500000000000000000
    collection = "real/" + uuid.uuid4().hex[:8]
    u1, u2 = uuid.uuid4(), uuid.uuid4()
    s1 = conn.create(u1, collection, tags={"name": "L1MAG", "unit": "volts"}, annotations={"site": '"north"'})
    s2 = conn.create(u2, collection, tags={"name": "C1MAG", "unit": "amps"})
    try:
        conn.create(u1, collection, tags={"name": "other"})
        raise AssertionError("a second create of one uuid")
    except StreamExists:
        pass

    step("insert")
    s1.insert([(t0 + i * 100_000_000, float(i + 1)) for i in range(10)])
    s2.insert([(t0 + i * 200_000_000, float(10 * i)) for i in range(5)], merge="replace")

    step("values")
    pts = [p for p, _ in s1.values(start=t0, end=t0 + 1_000_000_000)]
    check([p.value for p in pts] == [float(i + 1) for i in range(10)], pts)

    step("aligned_windows")
    wins = [w for w, _ in s1.aligned_windows(start=t0, end=t0 + 1_000_000_000, pointwidth=28)]
    # start and end lose their low 28 bits: the window holding the point at t0 + 0.9 s starts at
    # the rounded end, so it is not asked for
    check(sum(w.count for w in wins) == 9 and wins[0].time == t0 - (t0 % (1 << 28)), wins)

    step("windows")
    wins = [w for w, _ in s1.windows(start=t0, end=t0 + 1_000_000_000, width=500_000_000)]
    check([(w.count, w.mean) for w in wins] == [(5, 3.0), (5, 8.0)], wins)

    step("earliest, latest, nearest, count")
    check(s1.earliest()[0].time == t0 and s1.latest()[0].value == 10.0, "earliest/latest")
    check(s1.nearest(t0 + 150_000_000, version=0, backward=True)[0].value == 2.0, "nearest backward")
    check(s1.nearest(t0 + 10**12, version=0, backward=False) is None, "nothing after the last point")
    check(s1.count() == 10 and s1.count(precise=True) == 10, "count")

    step("metadata")
    check(s1.name == "L1MAG" and s1.unit == "volts" and s1.collection == collection, "name, unit, collection")
    anns, pv = s1.annotations(refresh=True)  # from the server, JSON-decoded by the client
    check(anns == {"site": "north"} and pv == 1, (anns, pv))
    check(s1.update(annotations={"gain": 2.5}) == 2, "annotations compare-and-set")
    check(s1.annotations()[0] == {"site": "north", "gain": 2.5}, s1.annotations())
    check(s1.update(tags={"unit": "kV"}) == 3, "tags compare-and-set")
    check(s1.tags()["unit"] == "kV", s1.tags())

    step("lookups")
    check(collection in conn.list_collections("real/"), conn.list_collections("real/"))
    found = conn.streams_in_collection(collection, tags={"unit": None})
    check(sorted(str(s.uuid) for s in found) == sorted([str(u1), str(u2)]), found)
    check(conn.list_unique_names(collection) == ["C1MAG", "L1MAG"], conn.list_unique_names(collection))
    check(conn.list_unique_units(collection) == ["amps", "kV"], conn.list_unique_units(collection))
    check(conn.list_unique_annotations(collection) == ["gain", "site"], conn.list_unique_annotations(collection))

    step("StreamSet")
    ss = conn.streams(str(u1), collection + "/C1MAG").filter(start=t0, end=t0 + 1_000_000_000)
    df = ss.to_dataframe()
    check(df.shape == (10, 2), df)
    check([len(v) for v in ss.values()] == [10, 5], "StreamSet.values")

    step("arrow")
    tab = s1.arrow_values(t0, t0 + 1_000_000_000)
    check(tab.num_rows == 10 and tab.schema.field("time").type == pa.timestamp("ns", tz="UTC"), tab.schema)
    check(s1.arrow_aligned_windows(t0, t0 + 1_000_000_000, 28).column("count").to_pylist() == [w.count for w, _ in
          s1.aligned_windows(start=t0, end=t0 + 1_000_000_000, pointwidth=28)], "arrow_aligned_windows")
    check(s1.arrow_windows(t0, t0 + 1_000_000_000, 500_000_000).num_rows == 2, "arrow_windows")
    joined = ss.arrow_values()
    check(joined.num_rows == 10 and joined.column(str(u2)).null_count == 5, joined)
    snapped = conn.streams(str(u1), str(u2)).filter(start=t0, end=t0 + 1_000_000_000,
                                                    sampling_frequency=5).arrow_values()
    check(snapped.column(0).to_pylist()[1].value == t0 + 200_000_000, snapped)
    check(ss.arrow_to_dataframe().shape == (10, 2), "arrow_to_dataframe")
    more = pa.Table.from_arrays([pa.array([t0 + 5, t0 + 6], pa.timestamp("ns", tz="UTC")), pa.array([7.0, 8.0])],
                                names=["time", "value"])
    s2.arrow_insert(more)
    check(len(s2.values(t0, t0 + 10)) == 3, s2.values(t0, t0 + 10))

    step("delete, flush, obliterate")
    s1.delete(t0, t0 + 300_000_000)
    check(s1.values(t0, t0 + 1_000_000_000)[0][0].value == 4.0, "delete")
    s1.flush()
    s2.obliterate()
    try:
        s2.values(t0, t0 + 10)
        raise AssertionError("values of an obliterated stream")
    except StreamNotFoundError:
        pass
    print("ok: the BTrDB client's workflow ran against", addr, flush=True)


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except (AssertionError, BTrDBError) as e:
        print("FAILED at step '%s': %s: %s" % (STEP[0], type(e).__name__, e), flush=True)
        sys.exit(1)
