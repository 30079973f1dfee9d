package io.dendro;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A registry lookup: by collection (exact or prefix), tags and annotations. Every given key must
 * match; a key given with a {@code null} value matches any stream that has the key. An empty
 * query matches every stream.
 *
 * <pre>{@code db.streams(StreamQuery.all().collectionPrefix("sensors/").tag("unit", "V"))}</pre>
 */
public final class StreamQuery {
    private String collection;
    private boolean prefix;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private final java.util.List<io.dendro.value.Lookup> lookups = new java.util.ArrayList<>();

    private StreamQuery() {
    }

    /** A query that matches every stream, to be narrowed. */
    public static StreamQuery all() {
        return new StreamQuery();
    }

    /** Streams whose collection equals {@code c}. */
    public StreamQuery collection(String c) {
        this.collection = c;
        this.prefix = false;
        return this;
    }

    /** Streams whose collection starts with {@code p}. */
    public StreamQuery collectionPrefix(String p) {
        this.collection = p;
        this.prefix = true;
        return this;
    }

    /** Streams with tag {@code key} equal to {@code value} ({@code null}: any value). */
    public StreamQuery tag(String key, String value) {
        tags.put(key, value);
        return this;
    }

    /** Streams with annotation {@code key} equal to {@code value} ({@code null}: any value). */
    public StreamQuery annotation(String key, String value) {
        annotations.put(key, value);
        return this;
    }

    /**
     * Streams that match a condition in Datastream's lookup syntax over their tags and
     * annotations together, e.g. {@code where("title__icontains", "strEAm")} or
     * {@code where("visualization__value_downsamplers__all", "mean,min")}
     * ({@link io.dendro.value.Lookup}: values are JSON, nested keys, operators exact, iexact,
     * contains, icontains, startswith, istartswith, gt, gte, lt, lte, in, nin, all, exists).
     *
     * @throws io.dendro.error.DendroException INVALID_ARGUMENT for a malformed lookup
     */
    public StreamQuery where(String lookup, String... values) {
        lookups.add(io.dendro.value.Lookup.of(lookup, java.util.List.of(values)));
        return this;
    }

    /** {@link #where(String, String...)} from {@code lookup=value} as the command line writes it. */
    public StreamQuery where(String condition) {
        lookups.add(io.dendro.value.Lookup.parse(condition));
        return this;
    }

    /** Whether a stream's properties match this query. */
    public boolean matches(String streamCollection, Map<String, String> streamTags,
                           Map<String, String> streamAnnotations) {
        if (collection != null) {
            if (prefix ? !streamCollection.startsWith(collection) : !streamCollection.equals(collection)) {
                return false;
            }
        }
        if (!matchAll(tags, streamTags) || !matchAll(annotations, streamAnnotations)) {
            return false;
        }
        for (io.dendro.value.Lookup l : lookups) {
            if (!l.matches(streamTags, streamAnnotations)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchAll(Map<String, String> want, Map<String, String> have) {
        for (Map.Entry<String, String> e : want.entrySet()) {
            String v = have.get(e.getKey());
            if (v == null || (e.getValue() != null && !e.getValue().equals(v))) {
                return false;
            }
        }
        return true;
    }

    /** The tag conditions: key to value, or to null for any value. */
    public Map<String, String> tags() {
        return Collections.unmodifiableMap(tags);
    }

    /** The annotation conditions: key to value, or to null for any value. */
    public Map<String, String> annotations() {
        return Collections.unmodifiableMap(annotations);
    }

    /** The collection asked for (exact or prefix), or null for any. */
    public String collection() {
        return collection;
    }

    /** Whether {@link #collection()} is a prefix. */
    public boolean isCollectionPrefix() {
        return prefix;
    }

    /** The lookup conditions ({@link #where}). */
    public java.util.List<io.dendro.value.Lookup> lookups() {
        return Collections.unmodifiableList(lookups);
    }

    @Override
    public String toString() {
        return "StreamQuery[collection" + (prefix ? " prefix " : " ") + collection + ", tags " + tags
                + ", annotations " + annotations + ", where " + lookups + "]";
    }
}
