package org.rtc4j.dtls.bc;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.dtls.DtlsFailure;
import org.rtc4j.dtls.Fingerprint;
import org.rtc4j.dtls.KeyingMaterial;
import org.rtc4j.dtls.SrtpProtectionProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the client and server peers of one handshake share: the config, the remote fingerprints
 * (which may arrive after the handshake started), the SRTP profile and keys, the peer's
 * certificate, the first failure, and the alerts seen after the handshake.
 *
 * <p>Fields written on the handshake thread are read by the event loop only after it has seen the
 * handshake outcome (a volatile write), which orders them. Alert flags are volatile because after
 * the handshake they are written on the loop thread.
 */
final class HandshakeSession {
  private static final Logger LOG = LoggerFactory.getLogger(HandshakeSession.class);

  final DtlsConfig config;
  final CompletableFuture<List<Fingerprint>> remoteFingerprints;
  final long deadlineMillis;

  SrtpProtectionProfile profile;
  KeyingMaterial keyingMaterial;
  byte[] peerCertificate;
  /** The negotiated cipher suite (IANA number), or -1 before the handshake is complete. */
  int cipherSuite = -1;
  DtlsFailure failure;
  String failureMessage;

  volatile boolean closeNotifyReceived;
  volatile short fatalAlertReceived = -1;
  volatile short fatalAlertSent = -1;

  HandshakeSession(DtlsConfig config, CompletableFuture<List<Fingerprint>> remoteFingerprints, long deadlineMillis) {
    this.config = config;
    this.remoteFingerprints = remoteFingerprints;
    this.deadlineMillis = deadlineMillis;
  }

  /** Records the first failure and returns the alert to throw. */
  TlsFatalAlert fail(DtlsFailure reason, short alert, String message) {
    if (failure == null) {
      failure = reason;
      failureMessage = message;
    }
    return new TlsFatalAlert(alert, message);
  }

  /**
   * Checks the peer's end-entity certificate against the remote SDP fingerprints (RFC 8122 §5,
   * RFC 8827 §6.5). Waits, until the handshake deadline, for fingerprints not yet known: an
   * offerer may see the answerer's ClientHello before the answer arrives.
   */
  void verifyPeer(org.bouncycastle.tls.Certificate chain) throws IOException {
    if (chain == null || chain.isEmpty()) {
      throw fail(DtlsFailure.NO_CERTIFICATE, AlertDescription.certificate_required, "peer sent no certificate");
    }
    byte[] der = chain.getCertificateAt(0).getEncoded();
    List<Fingerprint> expected;
    try {
      long waitMillis = Math.max(1, deadlineMillis - System.currentTimeMillis());
      expected = remoteFingerprints.get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw fail(DtlsFailure.TIMEOUT, AlertDescription.internal_error, "remote fingerprint never supplied");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail(DtlsFailure.INTERNAL_ERROR, AlertDescription.internal_error, "interrupted");
    } catch (ExecutionException e) {
      throw fail(DtlsFailure.INTERNAL_ERROR, AlertDescription.internal_error, "no remote fingerprint");
    }
    for (Fingerprint f : expected) {
      if (f.matches(der)) {
        peerCertificate = der;
        return;
      }
    }
    Fingerprint actual = Fingerprint.of(
        expected.isEmpty() ? Fingerprint.Algorithm.SHA_256 : expected.get(0).algorithm(), der);
    throw fail(
        DtlsFailure.FINGERPRINT_MISMATCH,
        AlertDescription.bad_certificate,
        "peer certificate " + actual + " matches none of " + expected);
  }

  /** The server's choice: our first preference the client offers (RFC 5764 §4.1.1). */
  SrtpProtectionProfile chooseProfile(int[] offered) {
    for (SrtpProtectionProfile p : config.srtpProfiles()) {
      for (int id : offered) {
        if (id == p.id()) {
          return p;
        }
      }
    }
    return null;
  }

  int[] offeredProfileIds() {
    List<SrtpProtectionProfile> list = config.srtpProfiles();
    int[] ids = new int[list.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = list.get(i).id();
    }
    return ids;
  }

  /** Runs the RFC 5764 §4.2 exporter once the handshake is complete. */
  void exportKeys(TlsContext context) throws IOException {
    if (profile == null) {
      throw fail(DtlsFailure.NO_SRTP_PROFILE, AlertDescription.handshake_failure, "no SRTP profile negotiated");
    }
    if (!context.getSecurityParametersConnection().isExtendedMasterSecret()) {
      throw fail(DtlsFailure.PROTOCOL_ERROR, AlertDescription.handshake_failure, "extended master secret not used");
    }
    byte[] exported = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.keyingMaterialLength());
    keyingMaterial = KeyingMaterial.of(profile, exported);
    cipherSuite = context.getSecurityParametersConnection().getCipherSuite();
    LOG.debug(
        "DTLS handshake complete: {} {} {}",
        context.getServerVersion(),
        "0x" + Integer.toHexString(context.getSecurityParametersConnection().getCipherSuite()),
        profile);
  }

  void alertReceived(short level, short description) {
    if (description == AlertDescription.close_notify) {
      closeNotifyReceived = true;
    } else if (level == AlertLevel.fatal) {
      fatalAlertReceived = description;
    }
    LOG.debug("DTLS alert received: {} {}", AlertLevel.getText(level), AlertDescription.getText(description));
  }

  void alertRaised(short level, short description, String message) {
    if (level == AlertLevel.fatal) {
      fatalAlertSent = description;
    }
    LOG.debug("DTLS alert sent: {} {} {}", AlertLevel.getText(level), AlertDescription.getText(description), message);
  }
}
