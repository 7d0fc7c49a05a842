package org.rtc4j.media.av1;

/** AV1 OBU header fields and types (AV1 bitstream spec §5.3.1, §6.2.2). */
public final class Obu {

    public static final int SEQUENCE_HEADER = 1;
    public static final int TEMPORAL_DELIMITER = 2;
    public static final int FRAME_HEADER = 3;
    public static final int TILE_GROUP = 4;
    public static final int METADATA = 5;
    public static final int FRAME = 6;
    public static final int REDUNDANT_FRAME_HEADER = 7;
    public static final int TILE_LIST = 8;
    public static final int PADDING = 15;

    /** obu_forbidden_bit. */
    public static final int FORBIDDEN_BIT = 0x80;
    /** obu_extension_flag: a second header byte (temporal_id, spatial_id) follows. */
    public static final int EXTENSION_FLAG = 0x04;
    /** obu_has_size_field: an obu_size (LEB128) follows the header. */
    public static final int HAS_SIZE_FIELD = 0x02;

    private Obu() {}

    /** obu_type of a header byte. */
    public static int type(int header) {
        return (header >>> 3) & 0x0F;
    }

    /** Header length (1 or 2) of a header byte. */
    public static int headerLength(int header) {
        return (header & EXTENSION_FLAG) != 0 ? 2 : 1;
    }
}
