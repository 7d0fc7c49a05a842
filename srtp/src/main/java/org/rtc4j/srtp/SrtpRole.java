package org.rtc4j.srtp;

/** This endpoint's DTLS role, which decides which half of the keying material it writes with. */
public enum SrtpRole {
  /** The DTLS client: protects with the client write key, unprotects with the server's. */
  CLIENT,
  /** The DTLS server: protects with the server write key, unprotects with the client's. */
  SERVER
}
