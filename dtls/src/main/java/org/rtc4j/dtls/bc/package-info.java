/**
 * The Bouncy Castle (bctls) adapter behind {@link org.rtc4j.dtls.DtlsEndpoint}; not public API.
 *
 * <p>Bouncy Castle's DTLS handshake is blocking ({@code DTLSClientProtocol.connect},
 * {@code DTLSServerProtocol.accept}). {@link org.rtc4j.dtls.bc.BcDtlsAdapter} runs it on a
 * {@link org.rtc4j.dtls.DtlsHandshakeExecutor} thread over a {@link
 * org.rtc4j.dtls.bc.QueueDatagramTransport}: the event loop fills a bounded inbound queue and
 * drains the outbound one, the handshake thread blocks only on that queue. After the handshake the
 * same transport turns non-blocking and the loop drives Bouncy Castle's record layer directly.
 *
 * <p>Two adjustments to Bouncy Castle's behaviour live here: records are packed into MTU-sized
 * datagrams per flight (RFC 6347 §4.1.1), and a server drops a client's ChangeCipherSpec that
 * overtakes a lost CertificateVerify (Bouncy Castle would otherwise switch epochs too early and
 * hang until the timeout).
 *
 * <p>Specifications: RFC 6347 (DTLS 1.2), RFC 5764 (use_srtp, exporter), RFC 7627 (extended
 * master secret), RFC 5246 §7.4.1.4.1 (signature_algorithms), RFC 8122 (fingerprints), RFC 8827
 * §6.5 (mutual certificate authentication).
 */
package org.rtc4j.dtls.bc;
