/**
 * SDP for WebRTC: an immutable session description model, a parser, a canonical writer and the
 * JSEP helpers (RFC 8866, RFC 8829). Depends on nothing but {@code java.base}.
 *
 * <p>{@code org.rtc4j.sdp.internal} (the parser's fast path and attribute grammar) is not exported.
 */
module org.rtc4j.sdp {
  exports org.rtc4j.sdp;
}
