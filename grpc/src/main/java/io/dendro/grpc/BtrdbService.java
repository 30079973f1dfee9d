package io.dendro.grpc;

import io.dendro.Database;
import io.dendro.Durability;
import io.dendro.MergePolicy;
import io.dendro.RawPoint;
import io.dendro.Stream;
import io.dendro.StreamInfo;
import io.dendro.StreamQuery;
import io.dendro.TimeRange;
import io.dendro.Versioned;
import io.dendro.error.DendroException;
import io.dendro.grpc.v5api.AlignedWindowsParams;
import io.dendro.grpc.v5api.AlignedWindowsResponse;
import io.dendro.grpc.v5api.ArrowAlignedWindowsResponse;
import io.dendro.grpc.v5api.ArrowInsertParams;
import io.dendro.grpc.v5api.ArrowMultiValuesParams;
import io.dendro.grpc.v5api.ArrowMultiValuesResponse;
import io.dendro.grpc.v5api.ArrowRawValuesParams;
import io.dendro.grpc.v5api.ArrowRawValuesResponse;
import io.dendro.grpc.v5api.ArrowWindowsResponse;
import io.dendro.grpc.v5api.BTrDBGrpc;
import io.dendro.grpc.v5api.ChangedRange;
import io.dendro.grpc.v5api.ChangesParams;
import io.dendro.grpc.v5api.ChangesResponse;
import io.dendro.grpc.v5api.CreateParams;
import io.dendro.grpc.v5api.CreateResponse;
import io.dendro.grpc.v5api.DeleteParams;
import io.dendro.grpc.v5api.DeleteResponse;
import io.dendro.grpc.v5api.FaultInjectParams;
import io.dendro.grpc.v5api.FaultInjectResponse;
import io.dendro.grpc.v5api.FlushParams;
import io.dendro.grpc.v5api.FlushResponse;
import io.dendro.grpc.v5api.GenerateCSVParams;
import io.dendro.grpc.v5api.GenerateCSVResponse;
import io.dendro.grpc.v5api.InfoParams;
import io.dendro.grpc.v5api.InfoResponse;
import io.dendro.grpc.v5api.InsertParams;
import io.dendro.grpc.v5api.InsertResponse;
import io.dendro.grpc.v5api.KeyCount;
import io.dendro.grpc.v5api.KeyOptValue;
import io.dendro.grpc.v5api.ListCollectionsParams;
import io.dendro.grpc.v5api.ListCollectionsResponse;
import io.dendro.grpc.v5api.LookupStreamsParams;
import io.dendro.grpc.v5api.LookupStreamsResponse;
import io.dendro.grpc.v5api.Mash;
import io.dendro.grpc.v5api.Member;
import io.dendro.grpc.v5api.MetadataUsageParams;
import io.dendro.grpc.v5api.MetadataUsageResponse;
import io.dendro.grpc.v5api.NearestParams;
import io.dendro.grpc.v5api.NearestResponse;
import io.dendro.grpc.v5api.ObliterateParams;
import io.dendro.grpc.v5api.ObliterateResponse;
import io.dendro.grpc.v5api.ProxyInfo;
import io.dendro.grpc.v5api.RawValuesParams;
import io.dendro.grpc.v5api.RawValuesResponse;
import io.dendro.grpc.v5api.SQLQueryParams;
import io.dendro.grpc.v5api.SQLQueryResponse;
import io.dendro.grpc.v5api.SetStreamAnnotationsParams;
import io.dendro.grpc.v5api.SetStreamAnnotationsResponse;
import io.dendro.grpc.v5api.SetStreamTagsParams;
import io.dendro.grpc.v5api.SetStreamTagsResponse;
import io.dendro.grpc.v5api.StreamInfoParams;
import io.dendro.grpc.v5api.StreamInfoResponse;
import io.dendro.grpc.v5api.SubscriptionResp;
import io.dendro.grpc.v5api.SubscriptionUpdate;
import io.dendro.grpc.v5api.WindowsParams;
import io.dendro.grpc.v5api.WindowsResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * BTrDB's v5 service over the engine's public API. Every failure goes back in the response's
 * {@code Status} (gRPC status OK), with the BTrDB code the Python client maps to its
 * exceptions; docs/design/btrdb-protocol.md has the table of RPCs and codes.
 */
final class BtrdbService extends BTrDBGrpc.BTrDBImplBase {
    /** The protocol version Dendro speaks: the client's 5.34, whose Arrow paths need minor >= 30. */
    static final int MAJOR_VERSION = 5;
    static final int MINOR_VERSION = 34;

    private final Database db;
    private final GrpcServerOptions options;
    private final Supplier<String> advertised;
    private final Consumer<String> log;
    /** Held while a stream's identity (collection and tags) is checked and set. */
    private final Object identityLock = new Object();
    private final java.util.concurrent.atomic.AtomicInteger openSources = new java.util.concurrent.atomic.AtomicInteger();

    BtrdbService(Database db, GrpcServerOptions options, Supplier<String> advertised) {
        this.db = db;
        this.options = options;
        this.advertised = advertised;
        this.log = options.log();
    }

    // ---- unary helpers ----------------------------------------------------------------------

    private <M> void unary(String rpc, StreamObserver<M> out, Supplier<M> body, Function<io.dendro.grpc.v5api.Status, M> failure) {
        M reply;
        try {
            reply = body.get();
        } catch (RuntimeException e) {
            reply = failure.apply(failed(rpc, e));
        }
        out.onNext(reply);
        out.onCompleted();
    }

    private <M> void streamed(String rpc, StreamObserver<M> out, Supplier<Chunks.Source<M>> open,
                              Function<io.dendro.grpc.v5api.Status, M> failure) {
        Chunks.stream(out, open, e -> failure.apply(failed(rpc, e)), openSources);
    }

    /** Streamed answers in progress (each holds an engine cursor until it ends or is cancelled). */
    int openStreams() {
        return openSources.get();
    }

    /** The status for a failure, logged as one line (with the stack trace if unexpected). */
    private io.dendro.grpc.v5api.Status failed(String rpc, RuntimeException e) {
        io.dendro.grpc.v5api.Status s = Wire.status(e);
        log.accept("grpc " + rpc + " failed: [" + s.getCode() + "] " + s.getMsg());
        if (!(e instanceof BtrdbException) && !(e instanceof DendroException)) {
            java.io.StringWriter w = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(w));
            log.accept(w.toString());
        }
        return s;
    }

    private Stream stream(com.google.protobuf.ByteString uuid) {
        UUID u = Wire.uuid(uuid);
        return db.find(u).orElseThrow(() -> new BtrdbException(BtrdbCode.NO_SUCH_STREAM,
                "stream does not exist: " + u));
    }

    // ---- the server ---------------------------------------------------------------------------

    @Override
    public void info(InfoParams request, StreamObserver<InfoResponse> out) {
        String advertised = this.advertised.get();
        unary("Info", out, () -> InfoResponse.newBuilder().setStat(Wire.OK)
                .setMajorVersion(MAJOR_VERSION).setMinorVersion(MINOR_VERSION)
                .setBuild("Dendro " + BtrdbServer.version())
                .setProxy(ProxyInfo.newBuilder().addProxyEndpoints(advertised))
                .setMash(Mash.newBuilder().setRevision(1).setLeader(advertised).setHealthy(true)
                        .setTotalWeight(1).addMembers(Member.newBuilder().setNodename(advertised).setUp(true)
                                .setIn(true).setEnabled(true).setWeight(1).setReadPreference(1.0)
                                .setGrpcEndpoints(advertised)))
                .build(), s -> InfoResponse.newBuilder().setStat(s).build());
    }

    // ---- streams and metadata -------------------------------------------------------------------

    @Override
    public void create(CreateParams request, StreamObserver<CreateResponse> out) {
        unary("Create", out, () -> {
            UUID u = Wire.uuid(request.getUuid());
            String collection = request.getCollection();
            if (collection.isEmpty()) {
                throw new BtrdbException(BtrdbCode.INVALID_COLLECTION, "the collection must not be empty");
            }
            Map<String, String> tags = Wire.pairs(request.getTagsList(), "tag", BtrdbCode.INVALID_TAG_KEY,
                    BtrdbCode.INVALID_TAG_VALUE, null);
            Map<String, String> annotations = Wire.pairs(request.getAnnotationsList(), "annotation",
                    BtrdbCode.WRONG_ARGS, BtrdbCode.WRONG_ARGS, null);
            synchronized (identityLock) { // the ambiguity check and the create are one step
                if (db.find(u).isPresent()) {
                    throw new BtrdbException(BtrdbCode.STREAM_EXISTS, "a stream with uuid " + u + " exists");
                }
                checkUnambiguous(u, collection, tags);
                db.create(u, collection, tags, annotations);
            }
            return CreateResponse.newBuilder().setStat(Wire.OK).build();
        }, s -> CreateResponse.newBuilder().setStat(s).build());
    }

    @Override
    public void streamInfo(StreamInfoParams request, StreamObserver<StreamInfoResponse> out) {
        unary("StreamInfo", out, () -> {
            Stream s = stream(request.getUuid());
            if (!request.getOmitVersion() && s.bufferedPoints() > 0) {
                // the client pins StreamSet reads to this version: make it hold every acknowledged point
                s.flush();
            }
            StreamInfo info = s.info();
            StreamInfoResponse.Builder b = StreamInfoResponse.newBuilder().setStat(Wire.OK);
            if (!request.getOmitVersion()) {
                b.setVersionMajor(info.version());
            }
            if (!request.getOmitDescriptor()) {
                b.setStreamDescriptor(Wire.descriptor(info));
            }
            return b.build();
        }, s -> StreamInfoResponse.newBuilder().setStat(s).build());
    }

    @Override
    public void setStreamAnnotations(SetStreamAnnotationsParams request,
                                     StreamObserver<SetStreamAnnotationsResponse> out) {
        unary("SetStreamAnnotations", out, () -> {
            Stream s = stream(request.getUuid());
            List<String> remove = new ArrayList<>(request.getRemovalsList());
            Map<String, String> set = Wire.pairs(request.getChangesList(), "annotation", BtrdbCode.WRONG_ARGS,
                    BtrdbCode.WRONG_ARGS, remove);
            try {
                s.updateAnnotations(expected(request.getExpectedPropertyVersion()), set, remove);
            } catch (DendroException e) {
                throw stale(e, s, request.getExpectedPropertyVersion());
            }
            return SetStreamAnnotationsResponse.newBuilder().setStat(Wire.OK).build();
        }, s -> SetStreamAnnotationsResponse.newBuilder().setStat(s).build());
    }

    @Override
    public void setStreamTags(SetStreamTagsParams request, StreamObserver<SetStreamTagsResponse> out) {
        unary("SetStreamTags", out, () -> {
            Stream s = stream(request.getUuid());
            List<String> remove = new ArrayList<>(request.getRemoveList());
            Map<String, String> set = Wire.pairs(request.getTagsList(), "tag", BtrdbCode.INVALID_TAG_KEY,
                    BtrdbCode.INVALID_TAG_VALUE, remove);
            String collection = request.getCollection().isEmpty() ? null : request.getCollection();
            synchronized (identityLock) {
                StreamInfo now = s.info();
                Map<String, String> tags = new TreeMap<>(now.tags());
                tags.putAll(set);
                remove.forEach(tags::remove);
                checkUnambiguous(now.uuid(), collection != null ? collection : now.collection(), tags);
                try {
                    s.updateTags(expected(request.getExpectedPropertyVersion()), collection, set, remove);
                } catch (DendroException e) {
                    throw stale(e, s, request.getExpectedPropertyVersion());
                }
            }
            return SetStreamTagsResponse.newBuilder().setStat(Wire.OK).build();
        }, s -> SetStreamTagsResponse.newBuilder().setStat(s).build());
    }

    /**
     * BTrDB names a stream by its collection and tags (the client finds "collection/name"
     * through them): no two streams may share both. Walks the collection's streams.
     */
    private void checkUnambiguous(UUID self, String collection, Map<String, String> tags) {
        for (StreamInfo other : db.streams(StreamQuery.all().collection(collection))) {
            if (!other.uuid().equals(self) && other.tags().equals(tags)) {
                throw new BtrdbException(BtrdbCode.AMBIGUOUS_STREAM, "stream " + other.uuid()
                        + " already has collection '" + collection + "' and these tags");
            }
        }
    }

    /** A stale compare-and-set, told in the property versions the client sees. */
    private static RuntimeException stale(DendroException e, Stream s, long wire) {
        if (e.code() != io.dendro.error.ErrorCode.STALE_PROPERTY_VERSION) {
            return e;
        }
        return new BtrdbException(BtrdbCode.ANNOTATION_VERSION_MISMATCH, "STALE_PROPERTY_VERSION: stream " + s.uuid()
                + " has property version " + (s.propertyVersion() + Wire.PROPERTY_VERSION_OFFSET) + ", not "
                + Long.toUnsignedString(wire));
    }

    private static long expected(long wire) {
        if (wire < Wire.PROPERTY_VERSION_OFFSET) {
            throw new BtrdbException(BtrdbCode.ANNOTATION_VERSION_MISMATCH, "STALE_PROPERTY_VERSION: property version "
                    + Long.toUnsignedString(wire) + " never existed (a stream's first is 1)");
        }
        return wire - Wire.PROPERTY_VERSION_OFFSET;
    }

    @Override
    public void listCollections(ListCollectionsParams request, StreamObserver<ListCollectionsResponse> out) {
        streamed("ListCollections", out, () -> {
            TreeSet<String> names = new TreeSet<>();
            for (StreamInfo s : db.streams(StreamQuery.all().collectionPrefix(request.getPrefix()))) {
                names.add(s.collection());
            }
            return Queries.slices(new ArrayList<>(names), 1_000, part -> ListCollectionsResponse.newBuilder()
                    .setStat(Wire.OK).addAllCollections(part).build());
        }, s -> ListCollectionsResponse.newBuilder().setStat(s).build());
    }

    @Override
    public void lookupStreams(LookupStreamsParams request, StreamObserver<LookupStreamsResponse> out) {
        streamed("LookupStreams", out, () -> {
            StreamQuery q = StreamQuery.all();
            if (!request.getCollection().isEmpty()) {
                q = request.getIsCollectionPrefix() ? q.collectionPrefix(request.getCollection())
                        : q.collection(request.getCollection());
            }
            for (KeyOptValue kv : request.getTagsList()) {
                q = q.tag(kv.getKey(), kv.hasVal() ? kv.getVal().getValue() : null);
            }
            for (KeyOptValue kv : request.getAnnotationsList()) {
                q = q.annotation(kv.getKey(), kv.hasVal() ? kv.getVal().getValue() : null);
            }
            List<StreamInfo> found = new ArrayList<>(db.streams(q));
            found.sort(java.util.Comparator.comparing(StreamInfo::collection).thenComparing(StreamInfo::uuid));
            return Queries.slices(found, 500, part -> {
                LookupStreamsResponse.Builder b = LookupStreamsResponse.newBuilder().setStat(Wire.OK);
                part.forEach(s -> b.addResults(Wire.descriptor(s)));
                return b.build();
            });
        }, s -> LookupStreamsResponse.newBuilder().setStat(s).build());
    }

    @Override
    public void getMetadataUsage(MetadataUsageParams request, StreamObserver<MetadataUsageResponse> out) {
        unary("GetMetadataUsage", out, () -> {
            Map<String, Long> tags = new TreeMap<>();
            for (String known : new String[] {"name", "unit", "ingress", "distiller"}) {
                tags.put(known, 0L); // BTrDB lists its well-known tags also where no stream has them
            }
            Map<String, Long> annotations = new TreeMap<>();
            for (StreamInfo s : db.streams(StreamQuery.all().collectionPrefix(request.getPrefix()))) {
                s.tags().keySet().forEach(k -> tags.merge(k, 1L, Long::sum));
                s.annotations().keySet().forEach(k -> annotations.merge(k, 1L, Long::sum));
            }
            MetadataUsageResponse.Builder b = MetadataUsageResponse.newBuilder().setStat(Wire.OK);
            tags.forEach((k, n) -> b.addTags(KeyCount.newBuilder().setKey(k).setCount(n)));
            annotations.forEach((k, n) -> b.addAnnotations(KeyCount.newBuilder().setKey(k).setCount(n)));
            return b.build();
        }, s -> MetadataUsageResponse.newBuilder().setStat(s).build());
    }

    // ---- writes -----------------------------------------------------------------------------------

    static MergePolicy policy(io.dendro.grpc.v5api.MergePolicy p, int number) {
        return switch (p) {
            case NEVER -> MergePolicy.NEVER;
            case EQUAL -> MergePolicy.EQUAL;
            case RETAIN -> MergePolicy.RETAIN;
            case REPLACE -> MergePolicy.REPLACE;
            case UNRECOGNIZED -> throw new BtrdbException(BtrdbCode.WRONG_ARGS,
                    "unknown merge policy " + number + " (0 never, 1 equal, 2 retain, 3 replace)");
        };
    }

    /** BTrDB's RoundSpec: keep {@code bits} bits of each value's mantissa (round to nearest). */
    static void round(io.dendro.grpc.v5api.RoundSpec spec, double[] values, int n) {
        if (spec.getSpecCase() != io.dendro.grpc.v5api.RoundSpec.SpecCase.BITS) {
            return;
        }
        int bits = spec.getBits();
        if (bits < 0 || bits > 52) {
            throw new BtrdbException(BtrdbCode.WRONG_ARGS, "rounding keeps 0..52 mantissa bits, not " + bits);
        }
        if (bits == 52) {
            return;
        }
        long drop = 52 - bits;
        long half = 1L << (drop - 1);
        long mask = -1L << drop;
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (Double.isFinite(v)) {
                long raw = Double.doubleToRawLongBits(v);
                double r = Double.longBitsToDouble((raw + half) & mask);
                values[i] = Double.isFinite(r) ? r : v;
            }
        }
    }

    long insert(Stream s, long[] times, double[] values, int n, io.dendro.grpc.v5api.MergePolicy p, int pNumber,
                io.dendro.grpc.v5api.RoundSpec rounding, boolean sync) {
        MergePolicy policy = policy(p, pNumber);
        round(rounding, values, n);
        long[] t = n == times.length ? times : java.util.Arrays.copyOf(times, n);
        double[] v = n == values.length ? values : java.util.Arrays.copyOf(values, n);
        return sync ? s.insert(t, v, policy, Durability.SYNC) : s.insert(t, v, policy);
    }

    void checkInsertSize(long points) {
        if (points > options.maxInsertPoints()) {
            throw new BtrdbException(BtrdbCode.INSERT_TOO_BIG, "an insert holds at most "
                    + options.maxInsertPoints() + " points, this one " + points);
        }
    }

    @Override
    public void insert(InsertParams request, StreamObserver<InsertResponse> out) {
        unary("Insert", out, () -> {
            checkInsertSize(request.getValuesCount());
            Stream s = stream(request.getUuid());
            int n = request.getValuesCount();
            long[] times = new long[n];
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                io.dendro.grpc.v5api.RawPoint p = request.getValues(i);
                times[i] = p.getTime();
                values[i] = p.getValue();
            }
            long v = insert(s, times, values, n, request.getMergePolicy(), request.getMergePolicyValue(),
                    request.getRounding(), request.getSync());
            return InsertResponse.newBuilder().setStat(Wire.OK).setVersionMajor(v).build();
        }, s -> InsertResponse.newBuilder().setStat(s).build());
    }

    @Override
    public void arrowInsert(ArrowInsertParams request, StreamObserver<InsertResponse> out) {
        unary("ArrowInsert", out, () -> {
            Stream s = stream(request.getUuid());
            ArrowRpcs.Points pts = ArrowRpcs.readInsert(request.getArrowBytes(), options.maxInsertPoints());
            long v = insert(s, pts.times(), pts.values(), pts.count(), request.getMergePolicy(),
                    request.getMergePolicyValue(), request.getRounding(), request.getSync());
            return InsertResponse.newBuilder().setStat(Wire.OK).setVersionMajor(v).build();
        }, s -> InsertResponse.newBuilder().setStat(s).build());
    }

    @Override
    public void delete(DeleteParams request, StreamObserver<DeleteResponse> out) {
        unary("Delete", out, () -> {
            long v = stream(request.getUuid()).delete(request.getStart(), request.getEnd());
            return DeleteResponse.newBuilder().setStat(Wire.OK).setVersionMajor(v).build();
        }, s -> DeleteResponse.newBuilder().setStat(s).build());
    }

    @Override
    public void flush(FlushParams request, StreamObserver<FlushResponse> out) {
        unary("Flush", out, () -> {
            long v = stream(request.getUuid()).flush();
            return FlushResponse.newBuilder().setStat(Wire.OK).setVersionMajor(v).build();
        }, s -> FlushResponse.newBuilder().setStat(s).build());
    }

    @Override
    public void obliterate(ObliterateParams request, StreamObserver<ObliterateResponse> out) {
        unary("Obliterate", out, () -> {
            stream(request.getUuid()).obliterate();
            return ObliterateResponse.newBuilder().setStat(Wire.OK).build();
        }, s -> ObliterateResponse.newBuilder().setStat(s).build());
    }

    // ---- queries ------------------------------------------------------------------------------------

    /**
     * RawValues, answered with {@link Precoded} messages (the points written straight into
     * protobuf's wire format); bound in place of the generated method by {@link #definition()}.
     */
    void rawValuesPrecoded(RawValuesParams r, StreamObserver<Precoded> out) {
        streamed("RawValues", out, () -> Queries.rawValues(stream(r.getUuid())
                        .values(r.getStart(), r.getEnd(), Wire.version(r.getVersionMajor())), options.chunkPoints()),
                s -> Precoded.of(RawValuesResponse.newBuilder().setStat(s).build()));
    }

    /** The service as gRPC serves it: the generated methods, with RawValues precoded. */
    io.grpc.ServerServiceDefinition definition() {
        io.grpc.ServerServiceDefinition generated = bindService();
        io.grpc.MethodDescriptor<RawValuesParams, RawValuesResponse> g = BTrDBGrpc.getRawValuesMethod();
        io.grpc.ServerServiceDefinition.Builder b = io.grpc.ServerServiceDefinition.builder(BTrDBGrpc.SERVICE_NAME);
        for (io.grpc.ServerMethodDefinition<?, ?> m : generated.getMethods()) {
            if (!m.getMethodDescriptor().getFullMethodName().equals(g.getFullMethodName())) {
                b.addMethod(m);
            }
        }
        b.addMethod(g.toBuilder(g.getRequestMarshaller(), new Precoded.Marshaller()).build(),
                io.grpc.stub.ServerCalls.asyncServerStreamingCall(this::rawValuesPrecoded));
        return b.build();
    }

    @Override
    public void alignedWindows(AlignedWindowsParams r, StreamObserver<AlignedWindowsResponse> out) {
        streamed("AlignedWindows", out, () -> Queries.alignedWindows(stream(r.getUuid()).alignedWindows(
                        r.getStart(), r.getEnd(), Wire.pointwidth(r.getPointWidth()), Wire.version(r.getVersionMajor())),
                options.chunkPoints()), s -> AlignedWindowsResponse.newBuilder().setStat(s).build());
    }

    @Override
    public void windows(WindowsParams r, StreamObserver<WindowsResponse> out) {
        streamed("Windows", out, () -> Queries.windows(openWindows(r), options.chunkPoints()),
                s -> WindowsResponse.newBuilder().setStat(s).build());
    }

    io.dendro.StatCursor openWindows(WindowsParams r) {
        if (r.getWidth() < 1) {
            throw new BtrdbException(BtrdbCode.WRONG_ARGS, "window width " + Long.toUnsignedString(r.getWidth())
                    + " is outside 1.." + Long.MAX_VALUE);
        }
        if (r.getDepth() < 0 || r.getDepth() > 62) {
            throw new BtrdbException(BtrdbCode.WRONG_ARGS, "depth " + Integer.toUnsignedString(r.getDepth())
                    + " is outside 0..62");
        }
        return stream(r.getUuid()).windows(r.getStart(), r.getEnd(), r.getWidth(), r.getDepth(),
                Wire.version(r.getVersionMajor()));
    }

    @Override
    public void nearest(NearestParams r, StreamObserver<NearestResponse> out) {
        unary("Nearest", out, () -> {
            Versioned<Optional<RawPoint>> v = stream(r.getUuid()).nearest(r.getTime(),
                    Wire.version(r.getVersionMajor()), r.getBackward());
            RawPoint p = v.value().orElseThrow(() -> new BtrdbException(BtrdbCode.NO_SUCH_POINT,
                    "no point " + (r.getBackward() ? "before " : "at or after ") + r.getTime()));
            return NearestResponse.newBuilder().setStat(Wire.OK).setVersionMajor(v.version())
                    .setValue(io.dendro.grpc.v5api.RawPoint.newBuilder().setTime(p.time()).setValue(p.value()))
                    .build();
        }, s -> NearestResponse.newBuilder().setStat(s).build());
    }

    @Override
    public void changes(ChangesParams r, StreamObserver<ChangesResponse> out) {
        streamed("Changes", out, () -> {
            Stream s = stream(r.getUuid());
            long to = Wire.version(r.getToMajor());
            if (to == 0) {
                to = s.version();
            }
            Versioned<List<TimeRange>> ch = s.changes(Wire.version(r.getFromMajor()), to,
                    Wire.pointwidth(r.getResolution()));
            long version = ch.version();
            return Queries.slices(ch.value(), 1_000, part -> {
                ChangesResponse.Builder b = ChangesResponse.newBuilder().setStat(Wire.OK).setVersionMajor(version);
                part.forEach(t -> b.addRanges(ChangedRange.newBuilder().setStart(t.start()).setEnd(t.end())));
                return b.build();
            });
        }, s -> ChangesResponse.newBuilder().setStat(s).build());
    }

    // ---- Arrow queries ---------------------------------------------------------------------------------

    @Override
    public void arrowRawValues(ArrowRawValuesParams r, StreamObserver<ArrowRawValuesResponse> out) {
        streamed("ArrowRawValues", out, () -> {
            io.dendro.arrow.ArrowSchema schema = ArrowRpcs.rawSchema(r.getTemplateBytes());
            return ArrowRpcs.rawValues(stream(r.getUuid()).values(r.getStart(), r.getEnd(),
                    Wire.version(r.getVersionMajor())), schema, options.arrowRows(ArrowRpcs.rowBytes(schema)));
        }, s -> ArrowRawValuesResponse.newBuilder().setStat(s).build());
    }

    @Override
    public void arrowAlignedWindows(AlignedWindowsParams r, StreamObserver<ArrowAlignedWindowsResponse> out) {
        streamed("ArrowAlignedWindows", out, () -> ArrowRpcs.windows(stream(r.getUuid()).alignedWindows(
                        r.getStart(), r.getEnd(), Wire.pointwidth(r.getPointWidth()), Wire.version(r.getVersionMajor())),
                windowRows(), (version, bytes) -> ArrowAlignedWindowsResponse.newBuilder().setStat(Wire.OK)
                        .setVersionMajor(version).setArrowBytes(bytes).build()),
                s -> ArrowAlignedWindowsResponse.newBuilder().setStat(s).build());
    }

    @Override
    public void arrowWindows(WindowsParams r, StreamObserver<ArrowWindowsResponse> out) {
        streamed("ArrowWindows", out, () -> ArrowRpcs.windows(openWindows(r), windowRows(),
                        (version, bytes) -> ArrowWindowsResponse.newBuilder().setStat(Wire.OK)
                                .setVersionMajor(version).setArrowBytes(bytes).build()),
                s -> ArrowWindowsResponse.newBuilder().setStat(s).build());
    }

    /** Windows per Arrow message: {@link GrpcServerOptions#arrowRows} of the windows schema's rows. */
    private int windowRows() {
        return options.arrowRows(ArrowRpcs.rowBytes(ArrowRpcs.WINDOWS));
    }

    @Override
    public void arrowMultiValues(ArrowMultiValuesParams r, StreamObserver<ArrowMultiValuesResponse> out) {
        streamed("ArrowMultiValues", out, () -> {
            int k = r.getUuidCount();
            if (k == 0 || k > options.maxStreamsPerCall()) {
                throw new BtrdbException(BtrdbCode.WRONG_ARGS, "ArrowMultiValues takes 1.."
                        + options.maxStreamsPerCall() + " streams, not " + k);
            }
            if (r.getVersionMajorCount() != 0 && r.getVersionMajorCount() != k) {
                throw new BtrdbException(BtrdbCode.WRONG_ARGS, r.getVersionMajorCount() + " versions for "
                        + k + " streams");
            }
            List<UUID> ids = new ArrayList<>(k);
            List<Stream> streams = new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                streams.add(stream(r.getUuid(i)));
                ids.add(Wire.uuid(r.getUuid(i)));
            }
            long[] versions = new long[k];
            for (int i = 0; i < r.getVersionMajorCount(); i++) {
                versions[i] = Wire.version(r.getVersionMajor(i));
            }
            io.dendro.arrow.ArrowSchema schema = ArrowRpcs.multiSchema(r.getTemplateBytes(), ids);
            return MultiValues.open(streams, versions, r.getStart(), r.getEnd(), r.getSnapPeriodNs(), schema,
                    options.arrowRows(ArrowRpcs.rowBytes(schema)), bytes -> ArrowMultiValuesResponse.newBuilder().setStat(Wire.OK)
                            .setArrowBytes(bytes).build());
        }, s -> ArrowMultiValuesResponse.newBuilder().setStat(s).build());
    }

    // ---- not supported ---------------------------------------------------------------------------------

    @Override
    public void sQLQuery(SQLQueryParams r, StreamObserver<SQLQueryResponse> out) {
        streamed("SQLQuery", out, () -> {
            List<com.google.protobuf.ByteString> rows = SqlStatements.answer(db, r.getQuery(), r.getParamsList());
            return Queries.slices(rows, 1_000, part -> SQLQueryResponse.newBuilder().setStat(Wire.OK)
                    .addAllSQLQueryRow(part).build());
        }, s -> SQLQueryResponse.newBuilder().setStat(s).build());
    }

    @Override
    public void faultInject(FaultInjectParams request, StreamObserver<FaultInjectResponse> out) {
        unary("FaultInject", out, () -> {
            throw unsupported("FaultInject");
        }, s -> FaultInjectResponse.newBuilder().setStat(s).build());
    }

    @Override
    public void generateCSV(GenerateCSVParams request, StreamObserver<GenerateCSVResponse> out) {
        streamed("GenerateCSV", out, () -> {
            throw unsupported("GenerateCSV");
        }, s -> GenerateCSVResponse.newBuilder().setStat(s).build());
    }

    @Override
    public StreamObserver<SubscriptionUpdate> subscribe(StreamObserver<SubscriptionResp> out) {
        out.onNext(SubscriptionResp.newBuilder().setStat(failed("Subscribe", unsupported("Subscribe"))).build());
        out.onCompleted();
        return new StreamObserver<>() {
            @Override
            public void onNext(SubscriptionUpdate value) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    private static BtrdbException unsupported(String rpc) {
        return new BtrdbException(BtrdbCode.NOT_IMPLEMENTED, rpc + " is not supported by Dendro"
                + " (docs/design/btrdb-protocol.md lists what is)");
    }
}
