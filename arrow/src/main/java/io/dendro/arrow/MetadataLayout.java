package io.dendro.arrow;

/**
 * The parts of Arrow's FlatBuffer schemas ({@code format/Schema.fbs}, {@code format/Message.fbs})
 * that this package writes or reads: the vtable slot of each table field (its declaration order,
 * a union taking two slots: its type byte, then its table), and the enum and union values.
 * Absent fields take the default written in the .fbs (0 unless said otherwise).
 * <pre>
 * table Message       { version: MetadataVersion(short); header: MessageHeader(union);
 *                       bodyLength: long; custom_metadata: [KeyValue]; }
 * union MessageHeader { Schema = 1, DictionaryBatch = 2, RecordBatch = 3, Tensor = 4, SparseTensor = 5 }
 * table Schema        { endianness: short = Little; fields: [Field]; custom_metadata; features: [long]; }
 * table Field         { name: string; nullable: bool; type: Type(union); dictionary: DictionaryEncoding;
 *                       children: [Field]; custom_metadata: [KeyValue]; }
 * table Int           { bitWidth: int; is_signed: bool; }
 * table FloatingPoint { precision: short; }
 * table Timestamp     { unit: short; timezone: string; }
 * table Utf8 {}  table Bool {}
 * table RecordBatch   { length: long; nodes: [FieldNode]; buffers: [Buffer];
 *                       compression: BodyCompression; variadicBufferCounts: [long]; }
 * struct FieldNode    { length: long; null_count: long; }     16 bytes, 8-aligned
 * struct Buffer       { offset: long; length: long; }         16 bytes, 8-aligned
 * </pre>
 */
final class MetadataLayout {
    // Message
    static final int MESSAGE_VERSION = 0;
    static final int MESSAGE_HEADER_TYPE = 1;
    static final int MESSAGE_HEADER = 2;
    static final int MESSAGE_BODY_LENGTH = 3;
    static final int MESSAGE_SLOTS = 4;

    /** MetadataVersion.V4 (Arrow 0.8 to 0.17): the oldest version read; same layout for our types. */
    static final short VERSION_V4 = 3;
    /** MetadataVersion.V5 (Arrow 1.0 and later): what we write. */
    static final short VERSION_V5 = 4;

    static final int HEADER_SCHEMA = 1;
    static final int HEADER_DICTIONARY_BATCH = 2;
    static final int HEADER_RECORD_BATCH = 3;

    // Schema
    static final int SCHEMA_ENDIANNESS = 0;
    static final int SCHEMA_FIELDS = 1;
    static final int SCHEMA_SLOTS = 2;
    static final short ENDIANNESS_LITTLE = 0;

    // Field
    static final int FIELD_NAME = 0;
    static final int FIELD_NULLABLE = 1;
    static final int FIELD_TYPE_TYPE = 2;
    static final int FIELD_TYPE = 3;
    static final int FIELD_DICTIONARY = 4;
    static final int FIELD_CHILDREN = 5;
    static final int FIELD_SLOTS = 6;

    // union Type: the values this package knows by name (the others are only named in errors)
    static final int TYPE_INT = 2;
    static final int TYPE_FLOATING_POINT = 3;
    static final int TYPE_UTF8 = 5;
    static final int TYPE_BOOL = 6;
    static final int TYPE_TIMESTAMP = 10;
    private static final String[] TYPE_NAMES = {"NONE", "Null", "Int", "FloatingPoint", "Binary", "Utf8",
        "Bool", "Decimal", "Date", "Time", "Timestamp", "Interval", "List", "Struct", "Union", "FixedSizeBinary",
        "FixedSizeList", "Map", "Duration", "LargeBinary", "LargeUtf8", "LargeList", "RunEndEncoded",
        "BinaryView", "Utf8View", "ListView", "LargeListView"};

    static final int INT_BIT_WIDTH = 0;
    static final int INT_IS_SIGNED = 1;
    static final int INT_SLOTS = 2;
    static final int FLOATING_POINT_PRECISION = 0;
    static final int FLOATING_POINT_SLOTS = 1;
    static final int TIMESTAMP_UNIT = 0;
    static final int TIMESTAMP_TIMEZONE = 1;
    static final int TIMESTAMP_SLOTS = 2;

    // RecordBatch
    static final int BATCH_LENGTH = 0;
    static final int BATCH_NODES = 1;
    static final int BATCH_BUFFERS = 2;
    static final int BATCH_COMPRESSION = 3;
    static final int BATCH_VARIADIC_COUNTS = 4;
    static final int BATCH_SLOTS = 3;

    /** Size of FieldNode and of Buffer; both are two longs. */
    static final int STRUCT_SIZE = 2 * Long.BYTES;

    private MetadataLayout() {
    }

    static String typeName(int typeType) {
        return typeType >= 0 && typeType < TYPE_NAMES.length ? TYPE_NAMES[typeType] : "type #" + typeType;
    }
}
