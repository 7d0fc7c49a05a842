package org.rtc4j.dtls;

import java.util.Objects;

/** What a {@link DtlsEndpoint} reports through {@link DtlsEndpoint#pollEvent()}. */
public sealed interface DtlsEvent
    permits DtlsEvent.PeerCertificate,
        DtlsEvent.Connected,
        DtlsEvent.ApplicationData,
        DtlsEvent.Closed,
        DtlsEvent.Failed {

  /** The peer's end-entity certificate, DER encoded, already checked against its fingerprint. */
  record PeerCertificate(byte[] der) implements DtlsEvent {
    /** Checks the certificate is present. */
    public PeerCertificate {
      Objects.requireNonNull(der, "der");
    }

    @Override
    public String toString() {
      return "PeerCertificate[" + der.length + " bytes]";
    }
  }

  /**
   * The handshake finished: the negotiated SRTP profile and the RFC 5764 §4.2 keying material.
   * Emitted once, after {@link PeerCertificate}.
   */
  record Connected(SrtpProtectionProfile profile, KeyingMaterial keyingMaterial) implements DtlsEvent {
    /** Checks both parts are present. */
    public Connected {
      Objects.requireNonNull(profile, "profile");
      Objects.requireNonNull(keyingMaterial, "keyingMaterial");
    }
  }

  /** One DTLS application_data record's plaintext; the array belongs to the receiver. */
  record ApplicationData(byte[] data) implements DtlsEvent {
    /** Checks the data is present. */
    public ApplicationData {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public String toString() {
      return "ApplicationData[" + data.length + " bytes]";
    }
  }

  /** The association ended: close_notify was received, or {@link DtlsEndpoint#close()} was called. */
  record Closed(boolean byPeer) implements DtlsEvent {}

  /**
   * The association failed and is over. {@code alert} is the TLS AlertDescription received or sent
   * (RFC 5246 §7.2), or -1 when no alert was involved (e.g. a timeout).
   */
  record Failed(DtlsFailure reason, int alert, String message) implements DtlsEvent {
    /** Checks the reason and message are present. */
    public Failed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }
}
