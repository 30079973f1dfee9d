package io.dendro.tree;

/**
 * The first byte of every engine record's payload says what it is. Values are part of the
 * on-disk format (docs/format/) and never reused.
 */
public final class RecordKind {
    public static final byte INTERNAL = 1;
    public static final byte LEAF = 2;
    public static final byte VERSION_LEAF = 3;
    public static final byte VERSION_NODE = 4;
    public static final byte CATALOG_ROOT = 10;
    public static final byte CATALOG_NODE = 11;
    public static final byte CATALOG_BUCKET = 12;
    /** The registry index's leaves and nodes (catalog/RegistryIndex, format 8). */
    public static final byte INDEX_LEAF = 13;
    public static final byte INDEX_NODE = 14;
    public static final byte STREAM = 20;
    public static final byte PROPERTIES = 21;
    /** A derived stream's derivation and the lineage of one of its versions (catalog/Derivation). */
    public static final byte DERIVATION = 22;

    private RecordKind() {
    }

    public static String name(byte kind) {
        return switch (kind) {
            case INTERNAL -> "internal";
            case LEAF -> "leaf";
            case VERSION_LEAF -> "version-leaf";
            case VERSION_NODE -> "version-node";
            case CATALOG_ROOT -> "catalog-root";
            case CATALOG_NODE -> "catalog-node";
            case INDEX_LEAF -> "index-leaf";
            case INDEX_NODE -> "index-node";
            case CATALOG_BUCKET -> "catalog-bucket";
            case STREAM -> "stream";
            case PROPERTIES -> "properties";
            case DERIVATION -> "derivation";
            default -> "unknown(" + kind + ")";
        };
    }
}
