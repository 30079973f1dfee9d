package io.dendro.http;

import io.dendro.Lineage;
import io.dendro.RawPoint;
import io.dendro.Stream;
import io.dendro.StreamInfo;
import io.dendro.Time;
import io.dendro.Versioned;
import java.util.Map;
import java.util.Optional;

/**
 * A stream as django-datastream's resource shows it: {@code id}, {@code tags} (Dendro's tags and
 * annotations together, values as JSON), {@code value_downsamplers}, {@code time_downsamplers},
 * {@code highest_granularity}, {@code earliest_datapoint}, {@code latest_datapoint},
 * {@code value_type}, {@code resource_uri}; and Dendro's {@code collection}, {@code version} (the
 * version the object, and its datapoints, were read at) and {@code derived_from} (null, or the
 * operator, its arguments and its sources with the versions the read version reflects).
 */
final class StreamObject {
    /**
     * Datastream's finest granularity, which its clients expect as {@code highest_granularity}.
     * Dendro keeps every point at its nanosecond: asking for this granularity (or none) gives the
     * raw points, as Datastream gives its stored points at a stream's highest granularity.
     */
    static final String HIGHEST_GRANULARITY = "seconds";

    private StreamObject() {
    }

    static String uri(java.util.UUID id) {
        return StreamResource.LIST + id + "/";
    }

    /**
     * Writes the fields of one stream object (without the braces, so that a detail answer can add
     * its own) as read at {@code version} (0: the latest).
     *
     * @return the version it was read at
     */
    static long fields(JsonOut j, Stream s, long version) {
        StreamInfo info = s.info();
        Versioned<Optional<RawPoint>> first = s.earliest(version);
        long at = first.version();
        Optional<RawPoint> last = first.value().isEmpty() ? Optional.empty() : s.latest(pinned(s, at)).value();
        j.field("id", info.uuid().toString());
        j.name("tags").beginObject();
        for (Map.Entry<String, String> e : TagValues.merged(info.tags(), info.annotations()).entrySet()) {
            j.name(e.getKey());
            TagValues.write(j, e.getValue());
        }
        j.endObject();
        j.name("value_downsamplers").beginArray();
        Downsamplers.defaultNames(Downsamplers.values(info.kind())).forEach(j::string);
        j.endArray();
        j.name("time_downsamplers").beginArray();
        Downsamplers.defaultNames(Downsamplers.TIME).forEach(j::string);
        j.endArray();
        j.field("highest_granularity", HIGHEST_GRANULARITY);
        j.field("earliest_datapoint", first.value().map(p -> Time.format(p.time())).orElse(null));
        j.field("latest_datapoint", last.map(p -> Time.format(p.time())).orElse(null));
        j.field("value_type", info.kind().label());
        j.field("resource_uri", uri(info.uuid()));
        j.field("collection", info.collection());
        j.field("version", at);
        j.name("derived_from");
        Lineage l = derivation(s, at);
        if (l == null) {
            j.nul();
        } else {
            j.beginObject().name("stream_ids").beginArray();
            l.sources().forEach(src -> j.string(src.uuid().toString()));
            j.endArray().field("op", l.op()).name("args").beginObject();
            l.args().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> j.field(e.getKey(), e.getValue()));
            j.endObject().name("sources").beginArray();
            for (Lineage.Source src : l.sources()) {
                j.beginObject().field("id", src.uuid().toString()).field("name", src.name() == null
                        || src.name().isEmpty() ? null : src.name()).field("version", src.version()).endObject();
            }
            j.endArray().endObject();
        }
        return at;
    }

    /** The version to read at so that every read of one answer sees the same data. */
    static long pinned(Stream s, long answered) {
        return answered <= s.version() ? answered : 0; // a version still buffering is read as "latest"
    }

    /** The lineage of the derived version {@code at} (the latest when not on record), or null. */
    private static Lineage derivation(Stream s, long at) {
        if (!s.isDerived()) {
            return null;
        }
        if (at >= s.version()) {
            return s.lineage();
        }
        for (Lineage l : s.lineages()) {
            if (l.version() <= at) {
                return l;
            }
        }
        return s.lineage();
    }
}
