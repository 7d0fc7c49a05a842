package org.rtc4j.dtls.bc;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.rtc4j.dtls.DtlsFailure;
import org.rtc4j.dtls.SrtpProtectionProfile;

/**
 * The DTLS 1.2 server peer: picks the SRTP profile by our preference (RFC 5764 §4.1.1), requires
 * extended master secret (RFC 7627) and a client certificate that matches the SDP fingerprint
 * (RFC 8827 §6.5). Only DTLS 1.2 is offered, so a ClientHello that lists DTLS 1.3 in
 * supported_versions negotiates 1.2 (RFC 9147 §5.3, RFC 8446 §4.2.1).
 */
final class BcDtlsServer extends DefaultTlsServer {
  private final HandshakeSession session;

  BcDtlsServer(TlsCrypto crypto, HandshakeSession session) {
    super(crypto);
    this.session = session;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.DTLSv12.only();
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return Suites.server(session.config.certificate());
  }

  @Override
  public int[] getSupportedGroups() {
    return Suites.groups(session.config);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public void processClientExtensions(Hashtable clientExtensions) throws IOException {
    super.processClientExtensions(clientExtensions);
    UseSRTPData srtp = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
    if (srtp == null) {
      throw session.fail(DtlsFailure.NO_SRTP_PROFILE, AlertDescription.handshake_failure, "client did not offer use_srtp");
    }
    SrtpProtectionProfile chosen = session.chooseProfile(srtp.getProtectionProfiles());
    if (chosen == null) {
      throw session.fail(DtlsFailure.NO_SRTP_PROFILE, AlertDescription.handshake_failure, "no SRTP profile in common");
    }
    session.profile = chosen;
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Hashtable getServerExtensions() throws IOException {
    Hashtable extensions = super.getServerExtensions();
    TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {session.profile.id()}, new byte[0]));
    return extensions;
  }

  @Override
  public CertificateRequest getCertificateRequest() throws IOException {
    // RFC 8827 §6.5: both sides authenticate with their (fingerprint-pinned) certificates.
    Vector<?> algorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
    return new CertificateRequest(
        new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign}, algorithms, null);
  }

  @Override
  public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
    session.verifyPeer(clientCertificate);
  }

  @Override
  protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
    return signer();
  }

  @Override
  protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
    return signer();
  }

  private TlsCredentialedSigner signer() throws IOException {
    short sigAlg = BcCrypto.signatureAlgorithm(session.config.certificate());
    SignatureAndHashAlgorithm scheme =
        BcCrypto.chooseSignatureScheme(sigAlg, context.getSecurityParametersHandshake().getClientSigAlgs());
    if (scheme == null) {
      throw session.fail(
          DtlsFailure.PROTOCOL_ERROR, AlertDescription.handshake_failure, "client accepts no signature for our key");
    }
    return BcCrypto.signer(context, getCrypto(), session.config.certificate(), scheme);
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
