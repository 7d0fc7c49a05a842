package org.rtc4j.bench.dtls;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.dtls.DtlsEndpoint;
import org.rtc4j.dtls.DtlsEvent;
import org.rtc4j.dtls.DtlsRole;
import org.rtc4j.dtls.KeyingMaterial;

/** One client/server handshake over an in-memory link, driven by the calling thread. */
final class HandshakePair {
  private HandshakePair() {}

  /** Runs a full handshake; returns the client's keying material. */
  static KeyingMaterial inMemory(DtlsConfig client, DtlsConfig server) throws IOException {
    Semaphore wake = new Semaphore(0);
    DtlsEndpoint c = new DtlsEndpoint(client, wake::release);
    DtlsEndpoint s = new DtlsEndpoint(server, wake::release);
    c.setRemoteFingerprints(List.of(server.certificate().fingerprint()));
    s.setRemoteFingerprints(List.of(client.certificate().fingerprint()));
    s.start(0, DtlsRole.SERVER);
    c.start(0, DtlsRole.CLIENT);
    KeyingMaterial keys = null;
    boolean serverDone = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (keys == null || !serverDone) {
      boolean moved = false;
      for (byte[] d; (d = c.pollTransmit()) != null; ) {
        s.handleDatagram(0, d, 0, d.length);
        moved = true;
      }
      for (byte[] d; (d = s.pollTransmit()) != null; ) {
        c.handleDatagram(0, d, 0, d.length);
        moved = true;
      }
      for (DtlsEvent e; (e = c.pollEvent()) != null; ) {
        if (e instanceof DtlsEvent.Connected ok) {
          keys = ok.keyingMaterial();
        } else if (e instanceof DtlsEvent.Failed f) {
          throw new IOException("client failed: " + f);
        }
      }
      for (DtlsEvent e; (e = s.pollEvent()) != null; ) {
        if (e instanceof DtlsEvent.Connected) {
          serverDone = true;
        } else if (e instanceof DtlsEvent.Failed f) {
          throw new IOException("server failed: " + f);
        }
      }
      if (!moved && (keys == null || !serverDone)) {
        if (System.nanoTime() > deadline) {
          throw new IOException("handshake stalled");
        }
        try {
          wake.tryAcquire(10, TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException(ie);
        }
      }
    }
    return keys;
  }
}
