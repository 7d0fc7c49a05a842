/**
 * DTLS 1.2 with DTLS-SRTP (RFC 6347, RFC 5764) as a sans-IO endpoint, certificates and
 * fingerprints (RFC 8122, RFC 8827).
 *
 * <p>Only {@code org.rtc4j.dtls} is exported. The Bouncy Castle adapter ({@code org.rtc4j.dtls.bc})
 * stays inside the module, so a native DTLS state machine can replace it without changing the API.
 */
module org.rtc4j.dtls {
  requires org.slf4j;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.tls;

  exports org.rtc4j.dtls;
}
