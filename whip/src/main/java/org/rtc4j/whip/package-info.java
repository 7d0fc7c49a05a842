/**
 * WHIP and WHEP as a library, on the JDK's HTTP client ({@code java.net.http}) and server
 * ({@code com.sun.net.httpserver}).
 *
 * <ul>
 *   <li>{@link org.rtc4j.whip.WhipClient#publish} and {@link org.rtc4j.whip.WhepClient#subscribe}:
 *       POST the offer of an application's {@code PeerConnection}, apply the answer, and return a
 *       {@link org.rtc4j.whip.WhipSession} (the resource URL, its ETag, trickle and ICE restart over
 *       PATCH, DELETE).
 *   <li>{@link org.rtc4j.whip.WhipServer}: the endpoint (path {@code /whip} or {@code /whep}); each
 *       new session's {@code PeerConnection}, with the offer applied and the answer created, goes to
 *       the application's callbacks as a {@link org.rtc4j.whip.WhipServerSession}.
 *   <li>{@link org.rtc4j.whip.SdpFragment}: {@code application/trickle-ice-sdpfrag} bodies;
 *       {@link org.rtc4j.whip.IceServerLinks}: {@code Link: rel="ice-server"} headers.
 * </ul>
 *
 * <p>Specifications: RFC 9725 (WHIP: §4.2 session setup, §4.3 PATCH with ETag/If-Match for trickle
 * and ICE restart, §4.5 bearer tokens, §4.6 {@code Link} headers with ICE servers); the WHEP draft
 * (draft-ietf-wish-whep), which uses the same HTTP rules for playback; RFC 8840 (trickle-ice-sdpfrag),
 * RFC 8838 (trickle ICE), RFC 8288 (Web Linking), RFC 9110 §13.1.1 (If-Match), RFC 6585 §3 (428).
 */
package org.rtc4j.whip;
