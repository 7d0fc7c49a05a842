package org.rtc4j.dtls.bc;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.rtc4j.dtls.DtlsFailure;
import org.rtc4j.dtls.SrtpProtectionProfile;

/**
 * The DTLS 1.2 client peer: offers the configured ECDHE suites and groups, {@code use_srtp} with
 * the configured profiles (RFC 5764 §4.1.1), requires extended master secret (RFC 7627), pins the
 * server's certificate to the SDP fingerprint and presents our own certificate.
 */
class BcDtlsClient extends DefaultTlsClient {
  private final HandshakeSession session;

  BcDtlsClient(TlsCrypto crypto, HandshakeSession session) {
    super(crypto);
    this.session = session;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.DTLSv12.only();
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return Suites.CLIENT;
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  protected Vector getSupportedGroups(Vector namedGroupRoles) {
    Vector groups = new Vector();
    for (int g : Suites.groups(session.config)) {
      groups.add(Integer.valueOf(g));
    }
    return groups;
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Hashtable getClientExtensions() throws IOException {
    Hashtable extensions = super.getClientExtensions();
    TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(session.offeredProfileIds(), new byte[0]));
    return extensions;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public void processServerExtensions(Hashtable serverExtensions) throws IOException {
    super.processServerExtensions(serverExtensions);
    UseSRTPData srtp = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
    if (srtp == null) {
      throw session.fail(DtlsFailure.NO_SRTP_PROFILE, AlertDescription.handshake_failure, "server did not negotiate use_srtp");
    }
    int[] chosen = srtp.getProtectionProfiles();
    // RFC 5764 §4.1.1: the server answers with exactly one profile, one we offered.
    SrtpProtectionProfile profile = chosen.length == 1 ? SrtpProtectionProfile.fromId(chosen[0]) : null;
    if (profile == null || !session.config.srtpProfiles().contains(profile)) {
      throw session.fail(
          DtlsFailure.NO_SRTP_PROFILE, AlertDescription.illegal_parameter, "server chose an SRTP profile we did not offer");
    }
    session.profile = profile;
  }

  @Override
  public boolean requiresExtendedMasterSecret() {
    return true;
  }

  @Override
  public int getHandshakeTimeoutMillis() {
    return (int) session.config.handshakeTimeout().toMillis();
  }

  @Override
  public int getHandshakeResendTimeMillis() {
    return (int) session.config.initialRetransmit().toMillis();
  }

  @Override
  public TlsAuthentication getAuthentication() {
    return new TlsAuthentication() {
      @Override
      public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
        session.verifyPeer(serverCertificate.getCertificate());
      }

      @Override
      public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
        short sigAlg = BcCrypto.signatureAlgorithm(session.config.certificate());
        SignatureAndHashAlgorithm scheme =
            BcCrypto.chooseSignatureScheme(sigAlg, request.getSupportedSignatureAlgorithms());
        if (scheme == null) {
          throw session.fail(
              DtlsFailure.PROTOCOL_ERROR, AlertDescription.handshake_failure, "server accepts no signature for our key");
        }
        return BcCrypto.signer(context, getCrypto(), session.config.certificate(), scheme);
      }
    };
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    session.exportKeys(context);
  }

  @Override
  public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
    session.alertRaised(alertLevel, alertDescription, message);
  }

  @Override
  public void notifyAlertReceived(short alertLevel, short alertDescription) {
    session.alertReceived(alertLevel, alertDescription);
  }
}
