package io.dendro.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.dendro.Time;
import io.dendro.grpc.v5api.AlignedWindowsParams;
import io.dendro.grpc.v5api.ArrowInsertParams;
import io.dendro.grpc.v5api.ArrowMultiValuesParams;
import io.dendro.grpc.v5api.ArrowRawValuesParams;
import io.dendro.grpc.v5api.DeleteParams;
import io.dendro.grpc.v5api.InfoParams;
import io.dendro.grpc.v5api.InsertParams;
import io.dendro.grpc.v5api.MergePolicy;
import io.dendro.grpc.v5api.NearestParams;
import io.dendro.grpc.v5api.RawPoint;
import io.dendro.grpc.v5api.RoundSpec;
import io.dendro.grpc.v5api.Status;
import io.dendro.grpc.v5api.WindowsParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Malformed and hostile requests: each gets a status code, changes nothing, and the server goes
 * on serving.
 */
class HostileInputTest extends GrpcFixture {
    @Override
    GrpcServerOptions options() {
        return super.options().maxInsertPoints(10_000);
    }

    private UUID stream;
    private long versionBefore;

    private void setUp() {
        stream = create("h", Map.of("name", "x"));
        insert(stream, MergePolicy.NEVER, new long[] {1, 2, 3}, new double[] {1, 2, 3});
        versionBefore = db.stream(stream).flush(); // sealed: nothing buffered can seal later by age
    }

    private void unchanged() {
        assertEquals(3, db.stream(stream).count(Time.MIN_TIME, Time.MAX_TIME, 0).value());
        assertEquals(versionBefore, db.stream(stream).version());
        assertEquals(5, stub.info(InfoParams.getDefaultInstance()).getMajorVersion(), "still serving");
    }

    private void refused(int code, Supplier<Status> call) {
        code(code, call.get());
        unchanged();
    }

    private InsertParams.Builder insert() {
        return InsertParams.newBuilder().setUuid(id(stream));
    }

    @Test
    void shouldRefuseBadUuidsOfEveryLength() {
        setUp();
        for (int len : new int[] {0, 1, 15, 17, 64}) {
            refused(421, () -> stub.insert(InsertParams.newBuilder().setUuid(ByteString.copyFrom(new byte[len]))
                    .addValues(RawPoint.newBuilder().setTime(9).setValue(9)).build()).getStat());
            stub.rawValues(io.dendro.grpc.v5api.RawValuesParams.newBuilder().setUuid(ByteString.copyFrom(new byte[len]))
                    .setEnd(10).build()).forEachRemaining(r -> code(421, r.getStat()));
        }
    }

    @Test
    void shouldRefuseBadValuesTimesPointwidthsAndPolicies() {
        setUp();
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            refused(425, () -> stub.insert(insert().addValues(RawPoint.newBuilder().setTime(9).setValue(1))
                    .addValues(RawPoint.newBuilder().setTime(10).setValue(bad)).build()).getStat());
        }
        for (long t : new long[] {Long.MIN_VALUE, Time.MIN_TIME - 1, Time.MAX_TIME, Long.MAX_VALUE}) {
            refused(413, () -> stub.insert(insert().addValues(RawPoint.newBuilder().setTime(t).setValue(1)).build())
                    .getStat());
        }
        for (int policy : new int[] {4, 99, -1}) {
            refused(421, () -> stub.insert(insert().setMergePolicyValue(policy)
                    .addValues(RawPoint.newBuilder().setTime(9).setValue(1)).build()).getStat());
        }
        refused(421, () -> stub.insert(insert().setRounding(RoundSpec.newBuilder().setBits(53))
                .addValues(RawPoint.newBuilder().setTime(9).setValue(1)).build()).getStat());
        for (int pw : new int[] {63, 64, -1}) {
            stub.alignedWindows(AlignedWindowsParams.newBuilder().setUuid(id(stream)).setStart(0).setEnd(100)
                    .setPointWidth(pw).build()).forEachRemaining(r -> code(415, r.getStat()));
        }
        stub.windows(WindowsParams.newBuilder().setUuid(id(stream)).setStart(0).setEnd(100).setWidth(-1).build())
                .forEachRemaining(r -> code(421, r.getStat()));
        refused(413, () -> stub.delete(DeleteParams.newBuilder().setUuid(id(stream)).setStart(Long.MIN_VALUE)
                .setEnd(0).build()).getStat());
        refused(413, () -> stub.delete(DeleteParams.newBuilder().setUuid(id(stream)).setStart(10).setEnd(0).build())
                .getStat());
        code(450, stub.nearest(NearestParams.newBuilder().setUuid(id(stream)).setVersionMajor(1 << 20).build())
                .getStat());
        unchanged();
    }

    @Test
    void shouldRefuseHugeBatchesAndAcceptEmptyOnesWithoutChange() {
        setUp();
        InsertParams.Builder huge = insert();
        for (int i = 0; i < 10_001; i++) {
            huge.addValues(RawPoint.newBuilder().setTime(100 + i).setValue(i));
        }
        refused(414, () -> stub.insert(huge.build()).getStat());
        var empty = stub.insert(insert().build());
        code(0, empty.getStat());
        assertEquals(versionBefore, empty.getVersionMajor(), "an empty insert makes no version");
        unchanged();
    }

    @Test
    void shouldRefuseGarbageArrowWithoutHarm() {
        setUp();
        Random r = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[r.nextInt(300)];
            r.nextBytes(junk);
            if (i % 3 == 0 && junk.length >= 8) { // a continuation marker and a hostile length
                junk[0] = junk[1] = junk[2] = junk[3] = (byte) 0xFF;
                junk[4] = junk[5] = junk[6] = (byte) 0x7F;
            }
            ByteString b = ByteString.copyFrom(junk);
            Status s = stub.arrowInsert(ArrowInsertParams.newBuilder().setUuid(id(stream)).setArrowBytes(b).build())
                    .getStat();
            assertTrue(s.getCode() == 421 || s.getCode() == 0 && junk.length == 0 || s.getCode() == 425,
                    () -> "code " + s.getCode() + ": " + s.getMsg());
            List<Integer> codes = new ArrayList<>();
            stub.arrowRawValues(ArrowRawValuesParams.newBuilder().setUuid(id(stream)).setStart(0).setEnd(10)
                    .setTemplateBytes(b).build()).forEachRemaining(m -> codes.add(m.getStat().getCode()));
            assertTrue(junk.length == 0 || codes.equals(List.of(421)), codes::toString);
            codes.clear();
            stub.arrowMultiValues(ArrowMultiValuesParams.newBuilder().addUuid(id(stream)).setStart(0).setEnd(10)
                    .setTemplateBytes(b).build()).forEachRemaining(m -> codes.add(m.getStat().getCode()));
            assertTrue(junk.length == 0 || codes.equals(List.of(421)), codes::toString);
        }
        unchanged();
        assertTrue(log.stream().noneMatch(l -> l.contains("Exception")), "no unexpected exception was logged");
    }
}
