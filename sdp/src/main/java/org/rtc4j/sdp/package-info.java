/**
 * Session descriptions for WebRTC: an immutable model, a parser, a canonical writer and builders.
 *
 * <pre>{@code
 * SessionDescription offer = SessionDescription.parse(text);         // SdpParseException on bad input
 * MediaDescription video = offer.media().get(1);
 * int vp8 = video.rtpMaps().get(0).payloadType();
 * SessionDescription restarted = offer.toBuilder()
 *     .sessionVersion(offer.origin().sessionVersion() + 1)
 *     .updateMedia(0, m -> m.iceUfrag("N3wU").icePwd("fR6yVq2LxT9pJcB0mKdW4sEh"))
 *     .build();
 * String sdp = restarted.toString();                                 // CRLF, JSEP attribute order
 * }</pre>
 *
 * <p>What is implemented, and where each rule comes from:
 * <ul>
 *   <li>RFC 8866 (SDP): the line grammar and order (§5, §9), {@code o= s= i= u= e= p= c= b= t= r= z= k=
 *       a= m=}, direction attributes (§6.7), {@code rtpmap} (§6.6), {@code fmtp} (§6.15).
 *   <li>RFC 8829 / RFC 9429 (JSEP): the attribute order the writer uses and the SDP that
 *       {@code createOffer}/{@code createAnswer} produce (§5.2, §5.3); examples from §7 in the tests.
 *   <li>RFC 8843 (BUNDLE): {@code a=group:BUNDLE}, {@code a=bundle-only}, port 0 for bundle-only
 *       m-sections; RFC 5888 for {@code a=group} and {@code a=mid}.
 *   <li>RFC 8839 (ICE SDP): {@code a=ice-ufrag}, {@code a=ice-pwd}, {@code a=ice-options},
 *       {@code a=ice-lite}, {@code a=candidate} (kept verbatim; the ice module parses them),
 *       {@code a=end-of-candidates} (RFC 8840).
 *   <li>RFC 8285: {@code a=extmap} with direction and extension attributes, {@code a=extmap-allow-mixed}.
 *   <li>RFC 5576: {@code a=ssrc} and {@code a=ssrc-group} (FID, SIM).
 *   <li>RFC 8851: {@code a=rid} with {@code pt=} and restrictions; RFC 8853: {@code a=simulcast}
 *       with alternatives and paused streams.
 *   <li>RFC 4145 / RFC 8842: {@code a=setup}; RFC 8122: {@code a=fingerprint} (several allowed).
 *   <li>RFC 3605: {@code a=rtcp}; RFC 5761 / RFC 8858: {@code a=rtcp-mux}, {@code a=rtcp-mux-only};
 *       RFC 5506: {@code a=rtcp-rsize}; RFC 4585: {@code a=rtcp-fb}.
 *   <li>RFC 8830: {@code a=msid} (and libwebrtc's {@code a=msid-semantic}); RFC 8841:
 *       {@code a=sctp-port}, {@code a=max-message-size}.
 * </ul>
 *
 * <p>Everything else is kept: unknown attributes as {@link org.rtc4j.sdp.Attribute}s with their
 * value verbatim, unknown line types as lines, both written back in place.
 */
package org.rtc4j.sdp;
