#!/bin/bash
# Runs every Dendro benchmark once, sequentially, from the repository root, writing JMH text
# and JSON output and the load average around each run to bench/results/<out>/.
#   bench/run-all.sh <out> [extra JMH args, e.g. -p points=10000000]
# Build first:  mvn -q -pl bench -am -DskipTests package
set -u
cd "$(dirname "$0")/.."
OUT=bench/results/${1:?usage: bench/run-all.sh <out-dir-name> [jmh args]}
shift
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=bench/target/benchmarks.jar
POINTS=100000000
for a in "$@"; do case $a in points=*) POINTS=${a#points=};; esac; done
mkdir -p "$OUT"
load() { cut -d' ' -f1-3 /proc/loadavg; }
run() { # name, JMH args...
  local name=$1; shift
  echo "== $name start $(date -u +%FT%TZ) load: $(load)" >> "$OUT/loadavg.log"
  "$J" -jar "$JAR" "$@" -rf json -rff "$OUT/$name.json" > "$OUT/$name.txt" 2>&1
  local rc=$?
  echo "== $name end   $(date -u +%FT%TZ) load: $(load) rc=$rc" >> "$OUT/loadavg.log"
}
"$J" -cp "$JAR" io.dendro.bench.Dataset "$POINTS" > "$OUT/dataset.txt" 2>&1
run bulk-insert 'io.dendro.bench.BulkInsertBenchmark' -f 1 -wi 3 -i 5 "$@"
run values-scan 'io.dendro.bench.ValuesScanBenchmark' -f 1 -wi 2 -i 5 "$@"
run aligned-windows 'io.dendro.bench.AlignedWindowsBenchmark' -f 1 -wi 2 -i 5 "$@"
run windows 'io.dendro.bench.WindowsBenchmark' -f 1 -wi 2 -i 5 "$@"
run point-queries 'io.dendro.bench.PointQueryBenchmark' -f 1 -wi 2 -i 5 "$@"
run reopen 'io.dendro.bench.ReopenBenchmark' -f 1 -wi 10 -i 50 "$@"
for i in 1 2 3 4 5; do
  /usr/bin/time -v "$J" -cp "$JAR" io.dendro.bench.ReopenMain "$POINTS" > "$OUT/reopen-main-$i.txt" 2>&1
done
echo "== all done $(date -u +%FT%TZ) load: $(load)" >> "$OUT/loadavg.log"
