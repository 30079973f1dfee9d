package io.dendro.grpc;

import io.dendro.StatCursor;
import io.dendro.StreamInfo;
import io.dendro.error.DendroException;
import io.dendro.grpc.v5api.KeyOptValue;
import io.dendro.grpc.v5api.OptValue;
import io.dendro.grpc.v5api.StatPoint;
import io.dendro.grpc.v5api.Status;
import io.dendro.grpc.v5api.StreamDescriptor;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Conversions between the v5api messages and the engine's types, with the checks they need. */
final class Wire {
    private Wire() {
    }

    static final Status OK = Status.newBuilder().build();

    /**
     * BTrDB numbers a new stream's properties 1 (the Python client assumes it right after
     * {@code create}); Dendro numbers them from 0. The face adds this on the way out and takes it
     * off on the way in.
     */
    static final long PROPERTY_VERSION_OFFSET = 1;

    static UUID uuid(ByteString b) {
        if (b.size() != 16) {
            throw new BtrdbException(BtrdbCode.WRONG_ARGS, "a stream uuid is 16 bytes, not " + b.size());
        }
        ByteBuffer buf = b.asReadOnlyByteBuffer();
        return new UUID(buf.getLong(), buf.getLong());
    }

    static ByteString bytes(UUID u) {
        ByteBuffer buf = ByteBuffer.allocate(16);
        buf.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return ByteString.copyFrom(buf.array());
    }

    /** A requested version (uint64 on the wire; 0 = latest); beyond a long is none that exists. */
    static long version(long wire) {
        if (wire < 0) {
            throw new BtrdbException(BtrdbCode.VERSION_NOT_AVAILABLE,
                    "version " + Long.toUnsignedString(wire) + " does not exist");
        }
        return wire;
    }

    static int pointwidth(int wire) {
        if (wire < 0 || wire > 62) {
            throw new BtrdbException(BtrdbCode.INVALID_POINTWIDTH,
                    "pointwidth " + Integer.toUnsignedString(wire) + " is outside 0..62");
        }
        return wire;
    }

    static Status status(BtrdbCode code, String msg) {
        return Status.newBuilder().setCode(code.code()).setMsg(msg == null ? "" : msg).build();
    }

    /** The BTrDB status for a failure; unexpected ones are internal errors with no details. */
    static Status status(RuntimeException e) {
        if (e instanceof BtrdbException b) {
            return status(b.code(), b.getMessage());
        }
        if (e instanceof DendroException d) {
            return status(BtrdbCode.of(d.code()), d.code() + ": " + d.getMessage());
        }
        return status(BtrdbCode.INVARIANT_FAILURE, "internal error (the server's log has the details)");
    }

    static StatPoint stat(StatCursor c) {
        return StatPoint.newBuilder().setTime(c.time()).setMin(c.min()).setMean(c.mean()).setMax(c.max())
                .setCount(c.count()).setStddev(c.stddev()).build();
    }

    static StreamDescriptor descriptor(StreamInfo s) {
        StreamDescriptor.Builder b = StreamDescriptor.newBuilder().setUuid(bytes(s.uuid()))
                .setCollection(s.collection()).setPropertyVersion(s.propertyVersion() + PROPERTY_VERSION_OFFSET);
        s.tags().forEach((k, v) -> b.addTags(kv(k, v)));
        s.annotations().forEach((k, v) -> b.addAnnotations(kv(k, v)));
        return b.build();
    }

    static KeyOptValue kv(String k, String v) {
        return KeyOptValue.newBuilder().setKey(k).setVal(OptValue.newBuilder().setValue(v)).build();
    }

    /**
     * Key/value pairs of a create or an update: every key non-empty and unique. A pair without a
     * value lands in {@code absent} when given, else is refused.
     */
    static Map<String, String> pairs(List<KeyOptValue> list, String what, BtrdbCode keyCode,
                                     BtrdbCode valueCode, List<String> absent) {
        Map<String, String> m = new TreeMap<>();
        for (KeyOptValue kv : list) {
            if (kv.getKey().isEmpty()) {
                throw new BtrdbException(keyCode, what + " keys must not be empty");
            }
            if (m.containsKey(kv.getKey()) || (absent != null && absent.contains(kv.getKey()))) {
                throw new BtrdbException(keyCode, what + " '" + kv.getKey() + "' is given twice");
            }
            if (!kv.hasVal()) {
                if (absent == null) {
                    throw new BtrdbException(valueCode, what + " '" + kv.getKey() + "' has no value");
                }
                absent.add(kv.getKey());
            } else {
                m.put(kv.getKey(), kv.getVal().getValue());
            }
        }
        return m;
    }
}
