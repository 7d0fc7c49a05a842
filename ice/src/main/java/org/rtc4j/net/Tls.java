package org.rtc4j.net;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS client contexts for {@link TcpOptions}. */
public final class Tls {
  private Tls() {}

  /** The JDK's default context: the platform's trusted CAs. */
  public static SSLContext system() throws GeneralSecurityException {
    return SSLContext.getDefault();
  }

  /** A client context that trusts exactly the certificates in {@code trustStore} (e.g. a private CA). */
  public static SSLContext trusting(KeyStore trustStore) throws GeneralSecurityException {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trustStore);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
