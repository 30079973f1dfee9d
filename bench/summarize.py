#!/usr/bin/env python3
"""Prints one line per JMH result in bench/results/<dir>/*.json: score ± error (99.9 %),
the median, min and max of the measured iterations, and the unit.

    python3 bench/summarize.py bench/results/pass2
"""
import glob
import json
import os
import statistics
import sys


def params(b):
    p = b.get("params") or {}
    return ",".join(f"{k}={v}" for k, v in sorted(p.items()) if k != "points")


def main(d):
    for f in sorted(glob.glob(os.path.join(d, "*.json"))):
        try:
            results = json.load(open(f))
        except ValueError:  # a run still writing, or one that failed
            print(f"{os.path.basename(f):22} (not readable JSON, skipped)")
            continue
        for b in results:
            m = b["primaryMetric"]
            raw = [x for fork in m["rawData"] for x in fork]
            name = b["benchmark"].rsplit(".", 2)
            name = name[-2] + "." + name[-1]
            pts = (b.get("params") or {}).get("points", "")
            print(f"{os.path.basename(f):22} {name:38} {params(b):16} points={pts:10} "
                  f"score={m['score']:.6g} ± {m['scoreError']:.3g} "
                  f"median={statistics.median(raw):.6g} min={min(raw):.6g} max={max(raw):.6g} "
                  f"n={len(raw)} {m['scoreUnit']}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/results")
