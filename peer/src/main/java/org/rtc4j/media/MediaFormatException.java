package org.rtc4j.media;

import java.io.IOException;
import java.util.Objects;

/**
 * Malformed media: an RTP payload that breaks its payload format, or a media file that breaks its
 * container format. Carries a {@link Reason}; tests and callers switch on {@link #reason()}, not on
 * the message.
 *
 * <p>It is an {@link IOException} so that file readers need only one {@code throws} clause. It has
 * no stack trace: depacketizers throw it for hostile input from the network, which must stay cheap.
 */
public final class MediaFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What was wrong with the input. */
    public enum Reason {
        /** The input ends before a field it announces. */
        TRUNCATED,
        /** An RTP payload carries no media bytes at all. */
        EMPTY_PAYLOAD,
        /** A VP8 payload descriptor (RFC 7741 §4.2) or VP9 descriptor (RFC 9628 §4.2) is invalid. */
        BAD_DESCRIPTOR,
        /** An H.264 NAL unit type that packetization-mode 1 does not allow (RFC 6184 §6.3). */
        UNSUPPORTED_NAL_TYPE,
        /** The forbidden_zero_bit of an H.264 NAL header or an AV1 OBU header is set. */
        FORBIDDEN_BIT,
        /** An STAP-A aggregation unit length runs past the payload (RFC 6184 §5.7.1). */
        BAD_AGGREGATION_UNIT,
        /** An FU-A fragment is shorter than its two header bytes (RFC 6184 §5.8). */
        FU_A_TRUNCATED,
        /** An FU-A continuation or end fragment without its start, or an FU-A never ended. */
        FU_A_OUT_OF_ORDER,
        /** An FU-A fragment with both the start and end bits set (RFC 6184 §5.8). */
        FU_A_START_AND_END,
        /** An AV1 aggregation header (Z/Y/W/N) inconsistent with its OBU elements. */
        BAD_AGGREGATION_HEADER,
        /** A LEB128 value that is too long or runs past the input. */
        BAD_LEB128,
        /** An AV1 OBU fragment that is never completed, or a continuation without a start. */
        OBU_FRAGMENT_MISMATCH,
        /** A media frame is larger than the packetizer can carry (audio frames are not fragmented). */
        FRAME_TOO_LARGE,
        /** A file or page signature ("DKIF", "OggS", "OpusHead", ...) is missing. */
        BAD_MAGIC,
        /** A container version this reader does not know. */
        UNSUPPORTED_VERSION,
        /** An Ogg page whose CRC-32 does not match its contents (RFC 3533 §6). */
        BAD_CRC,
        /** An Ogg page out of sequence or from an unexpected logical stream (RFC 3533 §6). */
        BAD_PAGE_SEQUENCE,
        /** An invalid OpusHead / OpusTags header (RFC 7845 §5). */
        BAD_HEADER,
        /** A stream that does not start the way its format requires (e.g. no Annex B start code). */
        BAD_STREAM
    }

    private final Reason reason;

    public MediaFormatException(Reason reason, String detail) {
        super(Objects.requireNonNull(reason, "reason") + ": " + detail);
        this.reason = reason;
    }

    /** Why the input was rejected. */
    public Reason reason() {
        return reason;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
