package io.dendro.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.dendro.Time;
import io.dendro.grpc.v5api.AlignedWindowsParams;
import io.dendro.grpc.v5api.AlignedWindowsResponse;
import io.dendro.grpc.v5api.ChangesParams;
import io.dendro.grpc.v5api.ChangesResponse;
import io.dendro.grpc.v5api.CreateParams;
import io.dendro.grpc.v5api.DeleteParams;
import io.dendro.grpc.v5api.FaultInjectParams;
import io.dendro.grpc.v5api.FlushParams;
import io.dendro.grpc.v5api.GenerateCSVParams;
import io.dendro.grpc.v5api.GenerateCSVResponse;
import io.dendro.grpc.v5api.InfoParams;
import io.dendro.grpc.v5api.InfoResponse;
import io.dendro.grpc.v5api.KeyCount;
import io.dendro.grpc.v5api.ListCollectionsParams;
import io.dendro.grpc.v5api.LookupStreamsParams;
import io.dendro.grpc.v5api.LookupStreamsResponse;
import io.dendro.grpc.v5api.MergePolicy;
import io.dendro.grpc.v5api.MetadataUsageParams;
import io.dendro.grpc.v5api.MetadataUsageResponse;
import io.dendro.grpc.v5api.NearestParams;
import io.dendro.grpc.v5api.NearestResponse;
import io.dendro.grpc.v5api.ObliterateParams;
import io.dendro.grpc.v5api.RawPoint;
import io.dendro.grpc.v5api.RawValuesParams;
import io.dendro.grpc.v5api.RawValuesResponse;
import io.dendro.grpc.v5api.SQLQueryParams;
import io.dendro.grpc.v5api.SQLQueryResponse;
import io.dendro.grpc.v5api.SetStreamAnnotationsParams;
import io.dendro.grpc.v5api.SetStreamTagsParams;
import io.dendro.grpc.v5api.StatPoint;
import io.dendro.grpc.v5api.StreamDescriptor;
import io.dendro.grpc.v5api.StreamInfoParams;
import io.dendro.grpc.v5api.StreamInfoResponse;
import io.dendro.grpc.v5api.SubscriptionResp;
import io.dendro.grpc.v5api.SubscriptionUpdate;
import io.dendro.grpc.v5api.WindowsParams;
import io.dendro.grpc.v5api.WindowsResponse;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One test per RPC through a real grpc-java client, with the error codes each can answer. */
class BtrdbRpcTest extends GrpcFixture {
    @Override
    GrpcServerOptions options() {
        return super.options().chunkPoints(5_000); // answers in several messages
    }

    private static final long MIN = Time.MIN_TIME;
    private static final long MAX = Time.MAX_TIME;

    private static Map<String, String> map(List<io.dendro.grpc.v5api.KeyOptValue> l) {
        Map<String, String> m = new TreeMap<>();
        l.forEach(kv -> m.put(kv.getKey(), kv.getVal().getValue()));
        return m;
    }

    private List<RawPoint> values(UUID u, long start, long end, long version) {
        List<RawPoint> out = new ArrayList<>();
        stub.rawValues(RawValuesParams.newBuilder().setUuid(id(u)).setStart(start).setEnd(end)
                .setVersionMajor(version).build()).forEachRemaining(r -> {
                    ok(r.getStat());
                    out.addAll(r.getValuesList());
                });
        return out;
    }

    private StreamDescriptor descriptor(UUID u) {
        StreamInfoResponse r = stub.streamInfo(StreamInfoParams.newBuilder().setUuid(id(u)).build());
        ok(r.getStat());
        return r.getStreamDescriptor();
    }

    @Test
    void shouldReportProtocolFiveWithArrowAndItsOwnEndpoint() {
        InfoResponse r = stub.info(InfoParams.getDefaultInstance());
        ok(r.getStat());
        assertEquals(5, r.getMajorVersion());
        assertTrue(r.getMinorVersion() >= 30, "the client turns its Arrow paths on at minor >= 30");
        assertTrue(r.getBuild().startsWith("Dendro "), r.getBuild());
        assertEquals(List.of("127.0.0.1:" + server.port()), r.getProxy().getProxyEndpointsList());
        assertTrue(r.getMash().getHealthy());
    }

    @Test
    void shouldCreateAndDescribeStreamsWithPropertyVersionOneAsBtrdbDoes() {
        UUID u = UUID.randomUUID();
        ok(stub.create(CreateParams.newBuilder().setUuid(id(u)).setCollection("grid/pmu1")
                .addTags(kv("name", "L1MAG")).addTags(kv("unit", "volts"))
                .addAnnotations(kv("location", "\"north\"")).build()).getStat());
        StreamInfoResponse r = stub.streamInfo(StreamInfoParams.newBuilder().setUuid(id(u)).build());
        ok(r.getStat());
        StreamDescriptor d = r.getStreamDescriptor();
        assertEquals(id(u), d.getUuid());
        assertEquals("grid/pmu1", d.getCollection());
        assertEquals(Map.of("name", "L1MAG", "unit", "volts"), map(d.getTagsList()));
        assertEquals(Map.of("location", "\"north\""), map(d.getAnnotationsList()));
        assertEquals(1, d.getPropertyVersion());
        assertEquals(0, r.getVersionMajor());

        insert(u, MergePolicy.NEVER, new long[] {1}, new double[] {1});
        assertEquals(0, stub.streamInfo(StreamInfoParams.newBuilder().setUuid(id(u)).setOmitVersion(true).build())
                .getVersionMajor(), "no version asked for: the buffer stays");
        assertEquals(1, db.stream(u).bufferedPoints());
        assertEquals(1, stub.streamInfo(StreamInfoParams.newBuilder().setUuid(id(u)).build()).getVersionMajor(),
                "the version reported holds every acknowledged point (the client pins reads to it)");
        assertEquals(0, db.stream(u).bufferedPoints());

        StreamInfoResponse omitted = stub.streamInfo(StreamInfoParams.newBuilder().setUuid(id(u))
                .setOmitDescriptor(true).build());
        assertFalse(omitted.hasStreamDescriptor());

        code(417, stub.create(CreateParams.newBuilder().setUuid(id(u)).setCollection("x").build()).getStat());
        code(418, stub.create(CreateParams.newBuilder().setUuid(id(UUID.randomUUID())).setCollection("grid/pmu1")
                .addTags(kv("unit", "volts")).addTags(kv("name", "L1MAG")).build()).getStat());
        code(407, stub.create(CreateParams.newBuilder().setUuid(id(UUID.randomUUID())).build()).getStat());
        code(408, stub.create(CreateParams.newBuilder().setUuid(id(UUID.randomUUID())).setCollection("c")
                .addTags(kv("", "v")).build()).getStat());
        code(409, stub.create(CreateParams.newBuilder().setUuid(id(UUID.randomUUID())).setCollection("c")
                .addTags(key("name")).build()).getStat());
        code(404, stub.streamInfo(StreamInfoParams.newBuilder().setUuid(id(UUID.randomUUID())).build()).getStat());
        code(421, stub.streamInfo(StreamInfoParams.newBuilder().setUuid(ByteString.copyFrom(new byte[15])).build())
                .getStat());
    }

    @Test
    void shouldCompareAndSetAnnotationsAndTagsOnThePropertyVersion() {
        UUID u = create("a/b", Map.of("name", "s"));
        ok(stub.setStreamAnnotations(SetStreamAnnotationsParams.newBuilder().setUuid(id(u))
                .setExpectedPropertyVersion(1).addChanges(kv("gain", "2.5")).addChanges(kv("site", "\"x\""))
                .build()).getStat());
        var stale = stub.setStreamAnnotations(SetStreamAnnotationsParams.newBuilder().setUuid(id(u))
                .setExpectedPropertyVersion(1).addChanges(kv("gain", "3")).build()).getStat();
        code(423, stale);
        assertTrue(stale.getMsg().contains("has property version 2, not 1"), stale.getMsg());
        ok(stub.setStreamAnnotations(SetStreamAnnotationsParams.newBuilder().setUuid(id(u))
                .setExpectedPropertyVersion(2).addRemovals("site").addChanges(key("gain")).build()).getStat());
        StreamDescriptor d = descriptor(u);
        assertEquals(Map.of(), map(d.getAnnotationsList()), "a change without a value removes the key");
        assertEquals(3, d.getPropertyVersion());

        ok(stub.setStreamTags(SetStreamTagsParams.newBuilder().setUuid(id(u)).setExpectedPropertyVersion(3)
                .setCollection("a/c").addTags(kv("unit", "A")).build()).getStat());
        d = descriptor(u);
        assertEquals("a/c", d.getCollection());
        assertEquals(Map.of("name", "s", "unit", "A"), map(d.getTagsList()));
        code(423, stub.setStreamTags(SetStreamTagsParams.newBuilder().setUuid(id(u)).setExpectedPropertyVersion(3)
                .addRemove("unit").build()).getStat());
        code(423, stub.setStreamTags(SetStreamTagsParams.newBuilder().setUuid(id(u)).setExpectedPropertyVersion(0)
                .build()).getStat());
        UUID twin = create("a/c", Map.of("name", "s", "unit", "V"));
        code(418, stub.setStreamTags(SetStreamTagsParams.newBuilder().setUuid(id(twin)).setExpectedPropertyVersion(1)
                .addTags(kv("unit", "A")).build()).getStat());
        assertEquals(Map.of("name", "s", "unit", "V"), map(descriptor(twin).getTagsList()), "refused: unchanged");
        code(404, stub.setStreamTags(SetStreamTagsParams.newBuilder().setUuid(id(UUID.randomUUID()))
                .setExpectedPropertyVersion(1).build()).getStat());
    }

    @Test
    void shouldListCollectionsLookUpStreamsAndCountMetadataKeys() {
        UUID a = create("sensors/a", Map.of("name", "v", "unit", "volts"));
        UUID b = create("sensors/b", Map.of("name", "i", "unit", "amps"));
        UUID c = create("other", Map.of("name", "v"));
        List<String> collections = new ArrayList<>();
        stub.listCollections(ListCollectionsParams.newBuilder().setPrefix("sensors").build())
                .forEachRemaining(r -> collections.addAll(r.getCollectionsList()));
        assertEquals(List.of("sensors/a", "sensors/b"), collections);

        assertEquals(List.of(a, b), lookup(LookupStreamsParams.newBuilder().setCollection("sensors")
                .setIsCollectionPrefix(true).addTags(key("unit")).build()), "a key without value matches any");
        assertEquals(List.of(a), lookup(LookupStreamsParams.newBuilder().setCollection("sensors/a").build()));
        assertEquals(List.of(), lookup(LookupStreamsParams.newBuilder().setCollection("sensors").build()),
                "not a prefix: exact");
        assertEquals(List.of(c, a), lookup(LookupStreamsParams.newBuilder().addTags(kv("name", "v")).build()));

        MetadataUsageResponse usage = stub.getMetadataUsage(MetadataUsageParams.newBuilder().setPrefix("sensors").build());
        ok(usage.getStat());
        Map<String, Long> tags = new HashMap<>();
        for (KeyCount k : usage.getTagsList()) {
            tags.put(k.getKey(), k.getCount());
        }
        assertEquals(Map.of("name", 2L, "unit", 2L, "ingress", 0L, "distiller", 0L), tags);
    }

    private List<UUID> lookup(LookupStreamsParams p) {
        List<UUID> out = new ArrayList<>();
        stub.lookupStreams(p).forEachRemaining((LookupStreamsResponse r) -> {
            ok(r.getStat());
            r.getResultsList().forEach(d -> out.add(Wire.uuid(d.getUuid())));
        });
        return out;
    }

    @Test
    void shouldInsertWithEachMergePolicy() {
        UUID u = create("m", Map.of());
        insert(u, MergePolicy.NEVER, new long[] {10, 20}, new double[] {1, 2});
        insert(u, MergePolicy.NEVER, new long[] {10}, new double[] {1});
        assertEquals(3, values(u, MIN, MAX, 0).size(), "never keeps duplicates");
        insert(u, MergePolicy.EQUAL, new long[] {20, 20}, new double[] {2, 5});
        assertEquals(List.of(2.0, 5.0), values(u, 20, 21, 0).stream().map(RawPoint::getValue).toList(),
                "equal drops only the identical point");
        UUID r = create("r", Map.of());
        insert(r, MergePolicy.NEVER, new long[] {1}, new double[] {1});
        insert(r, MergePolicy.RETAIN, new long[] {1, 2}, new double[] {9, 2});
        assertEquals(List.of(1.0, 2.0), values(r, MIN, MAX, 0).stream().map(RawPoint::getValue).toList());
        long v = insert(r, MergePolicy.REPLACE, new long[] {1}, new double[] {7});
        assertEquals(List.of(7.0, 2.0), values(r, MIN, MAX, 0).stream().map(RawPoint::getValue).toList());
        assertTrue(v > 0);
        code(421, stub.insert(io.dendro.grpc.v5api.InsertParams.newBuilder().setUuid(id(r)).setMergePolicyValue(9)
                .addValues(RawPoint.newBuilder().setTime(5).setValue(1)).build()).getStat());
        code(425, stub.insert(io.dendro.grpc.v5api.InsertParams.newBuilder().setUuid(id(r))
                .addValues(RawPoint.newBuilder().setTime(5).setValue(Double.NaN)).build()).getStat());
        code(413, stub.insert(io.dendro.grpc.v5api.InsertParams.newBuilder().setUuid(id(r))
                .addValues(RawPoint.newBuilder().setTime(Long.MAX_VALUE).setValue(1)).build()).getStat());
        code(404, stub.insert(io.dendro.grpc.v5api.InsertParams.newBuilder().setUuid(id(UUID.randomUUID()))
                .addValues(RawPoint.newBuilder().setTime(5).setValue(1)).build()).getStat());
        assertEquals(List.of(7.0, 2.0), values(r, MIN, MAX, 0).stream().map(RawPoint::getValue).toList(),
                "refused inserts change nothing");
    }

    @Test
    void shouldStreamValuesInBoundedChunksAtAnyVersion() {
        UUID u = create("big", Map.of());
        int n = 12_345;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_000L * i;
            v[i] = i * 0.5;
        }
        long v1 = insert(u, MergePolicy.NEVER, t, v);
        ok(stub.flush(FlushParams.newBuilder().setUuid(id(u)).build()).getStat());
        insert(u, MergePolicy.NEVER, new long[] {-5}, new double[] {-1});
        List<Integer> sizes = new ArrayList<>();
        stub.rawValues(RawValuesParams.newBuilder().setUuid(id(u)).setStart(MIN).setEnd(MAX).build())
                .forEachRemaining((RawValuesResponse r) -> sizes.add(r.getValuesCount()));
        assertEquals(List.of(5_000, 5_000, 2_346), sizes);
        List<RawPoint> old = values(u, MIN, MAX, v1);
        assertEquals(n, old.size());
        assertEquals(1_000L * 77, old.get(77).getTime());
        assertEquals(38.5, old.get(77).getValue());
        assertEquals(List.of(), values(u, 5, 5, 0));

        List<RawValuesResponse> none = new ArrayList<>();
        stub.rawValues(RawValuesParams.newBuilder().setUuid(id(u)).setStart(MIN).setEnd(MAX).setVersionMajor(999)
                .build()).forEachRemaining(none::add);
        assertEquals(1, none.size());
        code(450, none.get(0).getStat());
        stub.rawValues(RawValuesParams.newBuilder().setUuid(id(u)).setStart(10).setEnd(5).build())
                .forEachRemaining(r -> code(413, r.getStat()));
        stub.rawValues(RawValuesParams.newBuilder().setUuid(id(u)).setStart(MIN).setEnd(MAX).setVersionMajor(-1)
                .build()).forEachRemaining(r -> code(450, r.getStat()));
    }

    @Test
    void shouldAnswerAlignedWindowsAndWindowsLikeTheEngine() {
        UUID u = create("w", Map.of());
        insert(u, MergePolicy.NEVER, new long[] {0, 1, 2, 3, 64, 65}, new double[] {1, 2, 3, 4, 10, 20});
        List<StatPoint> aligned = new ArrayList<>();
        stub.alignedWindows(AlignedWindowsParams.newBuilder().setUuid(id(u)).setStart(0).setEnd(128).setPointWidth(6)
                .build()).forEachRemaining((AlignedWindowsResponse r) -> {
                    ok(r.getStat());
                    aligned.addAll(r.getValuesList());
                });
        assertEquals(2, aligned.size());
        assertEquals(0, aligned.get(0).getTime());
        assertEquals(4, aligned.get(0).getCount());
        assertEquals(2.5, aligned.get(0).getMean());
        assertEquals(1, aligned.get(0).getMin());
        assertEquals(4, aligned.get(0).getMax());
        assertEquals(Math.sqrt(1.25), aligned.get(0).getStddev(), 1e-12);
        assertEquals(64, aligned.get(1).getTime());

        List<StatPoint> windows = new ArrayList<>();
        stub.windows(WindowsParams.newBuilder().setUuid(id(u)).setStart(0).setEnd(100).setWidth(10).build())
                .forEachRemaining((WindowsResponse r) -> {
                    ok(r.getStat());
                    windows.addAll(r.getValuesList());
                });
        assertEquals(List.of(0L, 60L), windows.stream().map(StatPoint::getTime).toList(), "empty windows left out");
        assertEquals(2, windows.get(1).getCount());

        stub.alignedWindows(AlignedWindowsParams.newBuilder().setUuid(id(u)).setStart(0).setEnd(128)
                .setPointWidth(64).build()).forEachRemaining(r -> code(415, r.getStat()));
        stub.windows(WindowsParams.newBuilder().setUuid(id(u)).setStart(0).setEnd(100).setWidth(0).build())
                .forEachRemaining(r -> code(421, r.getStat()));
        stub.windows(WindowsParams.newBuilder().setUuid(id(u)).setStart(0).setEnd(100).setWidth(10).setDepth(63)
                .build()).forEachRemaining(r -> code(421, r.getStat()));
    }

    @Test
    void shouldFindTheNearestPointEitherWay() {
        UUID u = create("n", Map.of());
        insert(u, MergePolicy.NEVER, new long[] {10, 20, 30}, new double[] {1, 2, 3});
        NearestResponse f = stub.nearest(NearestParams.newBuilder().setUuid(id(u)).setTime(15).build());
        ok(f.getStat());
        assertEquals(20, f.getValue().getTime());
        NearestResponse b = stub.nearest(NearestParams.newBuilder().setUuid(id(u)).setTime(20).setBackward(true).build());
        assertEquals(10, b.getValue().getTime());
        NearestResponse earliest = stub.nearest(NearestParams.newBuilder().setUuid(id(u)).setTime(MIN).build());
        assertEquals(10, earliest.getValue().getTime());
        NearestResponse latest = stub.nearest(NearestParams.newBuilder().setUuid(id(u)).setTime(MAX).setBackward(true)
                .build());
        assertEquals(30, latest.getValue().getTime());
        code(401, stub.nearest(NearestParams.newBuilder().setUuid(id(u)).setTime(31).build()).getStat());
        code(401, stub.nearest(NearestParams.newBuilder().setUuid(id(u)).setTime(10).setBackward(true).build()).getStat());
    }

    @Test
    void shouldDeleteFlushReportChangesAndObliterate() {
        UUID u = create("d", Map.of());
        insert(u, MergePolicy.NEVER, new long[] {1, 2, 3, 100}, new double[] {1, 2, 3, 4});
        long v1 = stub.flush(FlushParams.newBuilder().setUuid(id(u)).build()).getVersionMajor();
        var del = stub.delete(DeleteParams.newBuilder().setUuid(id(u)).setStart(2).setEnd(4).build());
        ok(del.getStat());
        assertTrue(del.getVersionMajor() > v1);
        assertEquals(List.of(1L, 100L), values(u, MIN, MAX, 0).stream().map(RawPoint::getTime).toList());
        assertEquals(4, values(u, MIN, MAX, v1).size(), "the old version keeps its points");

        List<long[]> ranges = new ArrayList<>();
        stub.changes(ChangesParams.newBuilder().setUuid(id(u)).setFromMajor(v1).setToMajor(del.getVersionMajor())
                .setResolution(0).build()).forEachRemaining((ChangesResponse r) -> {
                    ok(r.getStat());
                    r.getRangesList().forEach(c -> ranges.add(new long[] {c.getStart(), c.getEnd()}));
                });
        assertEquals(1, ranges.size());
        assertTrue(ranges.get(0)[0] <= 2 && ranges.get(0)[1] >= 4, () -> ranges.get(0)[0] + ".." + ranges.get(0)[1]);
        stub.changes(ChangesParams.newBuilder().setUuid(id(u)).setFromMajor(0).setToMajor(0).setResolution(70)
                .build()).forEachRemaining(r -> code(415, r.getStat()));
        code(413, stub.delete(DeleteParams.newBuilder().setUuid(id(u)).setStart(5).setEnd(4).build()).getStat());

        ok(stub.obliterate(ObliterateParams.newBuilder().setUuid(id(u)).build()).getStat());
        code(404, stub.streamInfo(StreamInfoParams.newBuilder().setUuid(id(u)).build()).getStat());
        code(404, stub.obliterate(ObliterateParams.newBuilder().setUuid(id(u)).build()).getStat());
    }

    @Test
    void shouldAnswerTheClientsListUniqueStatementsAndRefuseOtherSql() {
        create("foo/a", Map.of("name", "C1MAG", "unit", "amps"));
        create("foo/b", Map.of("name", "L1MAG", "unit", "volts"));
        create("bar", Map.of("name", "X", "unit", "deg"));
        UUID annotated = create("foo/c", Map.of("name", "L1MAG"));
        ok(stub.setStreamAnnotations(SetStreamAnnotationsParams.newBuilder().setUuid(id(annotated))
                .setExpectedPropertyVersion(1).addChanges(kv("impedance", "1")).addChanges(kv("location", "\"x\""))
                .build()).getStat());
        assertEquals(List.of("{\"name\":\"C1MAG\"}", "{\"name\":\"L1MAG\"}"),
                sql("select distinct(name) as name from streams where collection like $1", "foo%"));
        assertEquals(List.of("{\"unit\":\"amps\"}", "{\"unit\":\"deg\"}", "{\"unit\":\"volts\"}"),
                sql("select distinct(unit) as unit from streams"));
        assertEquals(List.of("{\"annotations\":\"impedance\"}", "{\"annotations\":\"location\"}"),
                sql("select distinct(skeys(annotations)) as annotations from streams where collection like $1", "fo_/%"));
        stub.sQLQuery(SQLQueryParams.newBuilder().setQuery("SELECT COUNT(uuid) FROM streams").build())
                .forEachRemaining((SQLQueryResponse r) -> {
                    code(501, r.getStat());
                    assertTrue(r.getStat().getMsg().contains("no SQL engine"), r.getStat().getMsg());
                });
    }

    private List<String> sql(String q, String... params) {
        List<String> rows = new ArrayList<>();
        stub.sQLQuery(SQLQueryParams.newBuilder().setQuery(q).addAllParams(List.of(params)).build())
                .forEachRemaining((SQLQueryResponse r) -> {
                    ok(r.getStat());
                    r.getSQLQueryRowList().forEach(b -> rows.add(b.toString(StandardCharsets.UTF_8)));
                });
        return rows;
    }

    @Test
    void shouldAnswerUnsupportedRpcsWithAStatusNamingThemNeverAHang() throws Exception {
        var fault = stub.faultInject(FaultInjectParams.getDefaultInstance());
        code(501, fault.getStat());
        assertTrue(fault.getStat().getMsg().contains("FaultInject"));
        List<GenerateCSVResponse> csv = new ArrayList<>();
        stub.generateCSV(GenerateCSVParams.getDefaultInstance()).forEachRemaining(csv::add);
        assertEquals(1, csv.size());
        code(501, csv.get(0).getStat());

        CompletableFuture<SubscriptionResp> first = new CompletableFuture<>();
        CompletableFuture<Void> completed = new CompletableFuture<>();
        var async = io.dendro.grpc.v5api.BTrDBGrpc.newStub(channel);
        StreamObserver<SubscriptionUpdate> updates = async.subscribe(new StreamObserver<>() {
            @Override
            public void onNext(SubscriptionResp value) {
                first.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                completed.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                completed.complete(null);
            }
        });
        updates.onNext(SubscriptionUpdate.newBuilder().addUuid(id(UUID.randomUUID())).build());
        SubscriptionResp r = first.get(10, TimeUnit.SECONDS);
        code(501, r.getStat());
        assertTrue(r.getStat().getMsg().contains("Subscribe"));
        completed.get(10, TimeUnit.SECONDS);
        updates.onCompleted();
        assertTrue(log.stream().anyMatch(l -> l.contains("grpc Subscribe failed: [501]")), log::toString);
    }
}
