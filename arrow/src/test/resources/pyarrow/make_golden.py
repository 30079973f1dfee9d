"""Writes the golden streams of ArrowGoldenTest with pyarrow, as BTrDB clients write them.

Run from this directory with pyarrow installed (the files here were made with pyarrow 25.0.1):
    python make_golden.py
Every value is a formula of the row number i, so the test recomputes it.
"""
import pyarrow as pa

T0 = 1_700_000_000_000_000_000  # ns
N = 1000                         # rows, in batches of 300 (300, 300, 300, 100)


def write(name, table, **options):
    sink = pa.BufferOutputStream()
    opts = pa.ipc.IpcWriteOptions(**options)
    with pa.ipc.new_stream(sink, table.schema, options=opts) as writer:
        writer.write_table(table, max_chunksize=300)
    with open(name, "wb") as f:
        f.write(sink.getvalue().to_pybytes())


# ArrowInsert as the BTrDB client sends it: time ns UTC not null, value float64 not null
insert_schema = pa.schema([pa.field("time", pa.timestamp("ns", tz="UTC"), nullable=False),
                           pa.field("value", pa.float64(), nullable=False)])
times = [T0 + i * 1_000_000_007 - 500 * 1_000_000_007 for i in range(N)]
values = [i * 0.25 - 100.0 for i in range(N)]
insert = pa.table([pa.array(times, pa.timestamp("ns", tz="UTC")), pa.array(values, pa.float64())],
                  schema=insert_schema)
write("insert.arrows", insert)
write("insert-legacy-v4.arrows", insert, use_legacy_format=True, metadata_version=pa.ipc.MetadataVersion.V4)

# an insert whose user did not cast: microseconds without a zone, float32 values
uncast = pa.table({"time": pa.array([t // 1000 for t in times], pa.timestamp("us")),
                   "value": pa.array(values, pa.float32())})
write("insert-us-float32.arrows", uncast)
# ... or int64 nanoseconds
write("insert-int64.arrows", pa.table({"time": pa.array(times, pa.int64()), "value": pa.array(values, pa.float64())}))

# a template: the schema alone, no batch
template_schema = pa.schema([pa.field("time", pa.timestamp("ms", tz="UTC"), nullable=False),
                             pa.field("min", pa.float32()), pa.field("count", pa.uint64())])
sink = pa.BufferOutputStream()
pa.ipc.new_stream(sink, template_schema).close()
open("template.arrows", "wb").write(sink.getvalue().to_pybytes())


# every supported type, a null every 7 rows in the nullable column
def nulls(xs):
    return [None if i % 7 == 3 else x for i, x in enumerate(xs)]


ints = [(i * 37) % 256 - 128 for i in range(N)]
types = pa.table({
    "i8": pa.array(nulls(ints), pa.int8()),
    "u8": pa.array([x + 128 for x in ints], pa.uint8()),
    "i16": pa.array(nulls([x * 200 for x in ints]), pa.int16()),
    "u16": pa.array([(x + 128) * 250 for x in ints], pa.uint16()),
    "i32": pa.array(nulls([x * 16_000_000 for x in ints]), pa.int32()),
    "u32": pa.array([(x + 128) * 16_000_000 for x in ints], pa.uint32()),
    "i64": pa.array(nulls([x * 70_000_000_000_000_000 for x in ints]), pa.int64()),
    "u64": pa.array([(x + 128) * 36_000_000_000_000_000 for x in ints], pa.uint64()),
    "f16": pa.array(nulls([x / 4 for x in ints]), pa.float32()).cast(pa.float16()),
    "f32": pa.array(nulls([x / 8 for x in ints]), pa.float32()),
    "f64": pa.array(nulls(values), pa.float64()),
    "s": pa.array(nulls(["r%d-é€😀" % i if i % 5 else "" for i in range(N)]), pa.string()),
    "b": pa.array(nulls([i % 3 == 0 for i in range(N)]), pa.bool_()),
    "ts_s": pa.array(nulls([t // 10**9 for t in times]), pa.timestamp("s")),
    "ts_ms": pa.array(nulls([t // 10**6 for t in times]), pa.timestamp("ms", tz="America/New_York")),
    "ts_us": pa.array(nulls([t // 10**3 for t in times]), pa.timestamp("us", tz="UTC")),
    "ts_ns": pa.array(nulls([-t for t in times]), pa.timestamp("ns", tz="+07:30")),
})
write("types.arrows", types)

# what the reader refuses
write("compressed-lz4.arrows", insert, compression="lz4")
write("dictionary.arrows", pa.table({"d": pa.array(["a", "b", "a"]).dictionary_encode()}))
write("list.arrows", pa.table({"l": pa.array([[1, 2], [3]], pa.list_(pa.int64()))}))
write("large-string.arrows", pa.table({"s": pa.array(["a", "b"], pa.large_string())}))
write("date32.arrows", pa.table({"d": pa.array([1, 2], pa.date32())}))
