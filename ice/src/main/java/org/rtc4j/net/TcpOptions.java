package org.rtc4j.net;

import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Settings of a {@link TcpConnection}.
 *
 * @param sslContext null for plain TCP; else TLS as a client with this context's trust material
 *     (build one that trusts a private CA with {@link Tls#trusting})
 * @param serverName for TLS: the name the server's certificate must match (RFC 6125 through the
 *     JDK's "HTTPS" endpoint identification) and the SNI name; an IP literal is matched against
 *     the certificate's IP subject alternative names
 * @param maxQueuedBytes bytes that may wait in user space while the socket is not writable;
 *     beyond that {@link TcpConnection#write} refuses (returns false) and counts
 */
public record TcpOptions(SSLContext sslContext, String serverName, int maxQueuedBytes) {
  /** Plain TCP, 1 MiB of queued bytes at most. */
  public static final TcpOptions PLAIN = new TcpOptions(null, null, 1 << 20);

  public TcpOptions {
    if (maxQueuedBytes < 0) {
      throw new IllegalArgumentException("maxQueuedBytes < 0");
    }
    if (sslContext != null) {
      Objects.requireNonNull(serverName, "TLS needs the server name to verify");
    }
  }

  /** TLS to {@code serverName}, verified with {@code context}. */
  public static TcpOptions tls(SSLContext context, String serverName) {
    return new TcpOptions(Objects.requireNonNull(context, "context"), serverName, 1 << 20);
  }

  public boolean isTls() {
    return sslContext != null;
  }
}
