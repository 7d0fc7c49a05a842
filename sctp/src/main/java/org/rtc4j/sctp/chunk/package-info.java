/**
 * SCTP chunk codec: the common header and checksum (RFC 9260 §3, §6.8, Appendix A: CRC32c),
 * DATA, INIT, INIT ACK, SACK, HEARTBEAT, ABORT, SHUTDOWN, ERROR, COOKIE ECHO/ACK, SHUTDOWN
 * ACK/COMPLETE (RFC 9260 §3.3), FORWARD TSN (RFC 3758 §3.2), RE-CONFIG with its parameters
 * (RFC 6525 §3-4), I-DATA and I-FORWARD-TSN (RFC 8260 §2).
 *
 * <p>Chunks are immutable records with {@code writeTo}; {@link org.rtc4j.sctp.chunk.SctpPacket#parse}
 * and {@link org.rtc4j.sctp.chunk.SctpPacket#parseChunk} are static entry points that throw only
 * the checked {@link org.rtc4j.sctp.chunk.SctpParseException}, whatever the input. DATA, I-DATA and
 * SACK also have static in-place accessors used by the association's data path, which allocates
 * nothing per packet.
 */
package org.rtc4j.sctp.chunk;
