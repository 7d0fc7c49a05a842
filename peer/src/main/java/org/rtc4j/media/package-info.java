/**
 * Media between encoded frames and RTP payloads, sans-IO: packetizers, depacketizers, and the
 * receive-side {@link org.rtc4j.media.FrameAssembler} (reordering, frame boundaries, loss reports,
 * jitter buffer).
 *
 * <p>Payload formats, one sub-package each:
 * <ul>
 *   <li>{@code audio}: Opus, RFC 7587; PCMU/PCMA (G.711), RFC 3551 §4.5.14; Opus TOC, RFC 6716.
 *   <li>{@code vp8}: RFC 7741. {@code vp9}: RFC 9628. {@code h264}: RFC 6184 (packetization-mode 1).
 *   <li>{@code av1}: the AOM "RTP Payload Format For AV1" (aomediacodec.github.io/av1-rtp-spec), with
 *       LEB128 and OBUs per the AV1 bitstream specification.
 *   <li>{@code file}: IVF, Ogg (RFC 3533) with Opus (RFC 7845), H.264 Annex B.
 * </ul>
 *
 * <p>This package knows nothing of RTP headers, SRTP or sockets: packetizers write payloads into
 * caller buffers and report marker bit and timestamp; the assembler takes sequence number,
 * timestamp, marker and payload as plain values. The {@code org.rtc4j.peer} package glues them to
 * RTP packets. Malformed input raises {@link org.rtc4j.media.MediaFormatException} with a
 * {@link org.rtc4j.media.MediaFormatException.Reason}; on the receive path the assembler counts and
 * drops it.
 */
package org.rtc4j.media;
