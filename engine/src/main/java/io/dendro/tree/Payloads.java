package io.dendro.tree;

import io.dendro.value.Aggregate;
import java.nio.charset.StandardCharsets;

/** A stored point payload as the public API shows it: an aggregate or a document. */
public final class Payloads {
    private Payloads() {
    }

    /** The aggregate a payload holds ({@code mean} is the point's value), or null when it holds none. */
    public static Aggregate aggregate(byte[] payload, double mean) {
        if (!AggregatePayload.is(payload)) {
            return null;
        }
        return new Aggregate(AggregatePayload.count(payload), AggregatePayload.min(payload),
                AggregatePayload.max(payload), mean, AggregatePayload.stddev(payload));
    }

    /** The document (compact JSON) a payload holds, or null when it holds none. */
    public static String document(byte[] payload) {
        if (payload == null || AggregatePayload.is(payload)) {
            return null;
        }
        if (GraphPayload.is(payload)) {
            return GraphPayload.json(payload);
        }
        return new String(payload, StandardCharsets.UTF_8);
    }
}
