package org.rtc4j.dtls;

import java.util.Objects;

/**
 * A control-plane error of the {@code dtls} module: a fingerprint that does not parse, a certificate
 * or key that cannot be loaded or generated. Tests assert on {@link #reason()}, not on the message.
 *
 * <p>Handshake outcomes are never reported with this exception: they arrive as
 * {@link DtlsEvent.Failed} events from {@link DtlsEndpoint#pollEvent()}.
 */
public final class DtlsException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    /** The {@code a=fingerprint} value is not {@code <hash-func> SP <hex pairs joined by ':'>}. */
    MALFORMED_FINGERPRINT,
    /** The hash function is not one of sha-1, sha-224, sha-256, sha-384, sha-512. */
    UNSUPPORTED_HASH_FUNCTION,
    /** The fingerprint's length does not match its hash function's output length. */
    FINGERPRINT_LENGTH,
    /** The {@code a=setup} value is not actpass, active, passive or holdconn. */
    MALFORMED_SETUP,
    /** The {@code a=setup} value is not allowed where it appears (e.g. actpass in an answer). */
    SETUP_NOT_ALLOWED,
    /** A PEM text or DER blob does not hold a usable certificate or private key. */
    BAD_CERTIFICATE,
    /** The private key does not belong to the certificate, or its type is not ECDSA/RSA. */
    BAD_PRIVATE_KEY,
    /** The JDK could not generate a key pair or sign a certificate. */
    GENERATION_FAILED
  }

  private final Reason reason;

  /** An exception for {@code reason}, described by {@code message}. */
  public DtlsException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** An exception for {@code reason}, described by {@code message}, caused by {@code cause}. */
  public DtlsException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why it failed. */
  public Reason reason() {
    return reason;
  }
}
