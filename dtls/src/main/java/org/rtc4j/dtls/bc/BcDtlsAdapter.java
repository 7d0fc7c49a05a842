package org.rtc4j.dtls.bc;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.dtls.DtlsFailure;
import org.rtc4j.dtls.DtlsRole;
import org.rtc4j.dtls.Fingerprint;
import org.rtc4j.dtls.KeyingMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DTLS association over Bouncy Castle: {@link #run()} is the blocking handshake, run on a
 * handshake executor thread; everything else is called by the owning event loop and never blocks.
 *
 * <p>Hand-over: the handshake thread writes the session fields, then the volatile {@code outcome},
 * then wakes the loop. The loop reads {@code outcome} first, so it sees the fields; from then on
 * only the loop touches the {@link DTLSTransport}, with the queue transport switched to
 * non-blocking.
 */
public final class BcDtlsAdapter implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(BcDtlsAdapter.class);

  /** How a handshake ended. {@code failure} is null on success. */
  public record Outcome(DtlsFailure failure, int alert, String message) {
    public boolean succeeded() {
      return failure == null;
    }
  }

  /** What {@link #pump} found besides application data. */
  public enum PumpResult {
    /** Nothing more to read now. */
    IDLE,
    /** The peer sent close_notify (answered by ours). */
    CLOSED,
    /** A fatal alert was received or sent; see {@link #failure()}. */
    FAILED
  }

  private final DtlsRole role;
  private final TlsCrypto crypto;
  private final HandshakeSession session;
  private final QueueDatagramTransport transport;
  private final Runnable wakeup;
  private volatile Outcome outcome;
  private DTLSTransport dtls;
  /**
   * Where a record's plaintext lands before it is copied out: room for the largest a record may
   * carry (RFC 6347 §4.1, RFC 5246 §6.2.1: 2^14) whatever our send MTU, as Bouncy Castle fails the
   * connection if a record does not fit. One per thread (the event loops that pump), not one per
   * connection: 16 KiB per connection was the largest single item of an idle audio session.
   */
  private static final ThreadLocal<byte[]> RECEIVE_BUFFER = ThreadLocal.withInitial(() -> new byte[1 << 14]);
  private Outcome failure;
  /** Wall time the blocking handshake took on its thread (written before {@code outcome}). */
  private long handshakeNanos = -1;

  /**
   * @param remoteFingerprints completed when the remote SDP's fingerprints are known; the handshake
   *     thread waits for them (up to the handshake timeout, on its wall clock) at the peer's
   *     Certificate message
   * @param wakeup run on the handshake thread whenever it produced output for the loop
   */
  public BcDtlsAdapter(
      DtlsConfig config,
      DtlsRole role,
      CompletableFuture<List<Fingerprint>> remoteFingerprints,
      Runnable wakeup) {
    this.role = role;
    this.crypto = BcCrypto.of(config.cryptoProvider());
    this.session = new HandshakeSession(
        config, remoteFingerprints, System.currentTimeMillis() + config.handshakeTimeout().toMillis());
    this.wakeup = wakeup;
    this.transport = new QueueDatagramTransport(config.mtu(), config.inboundQueueCapacity(), wakeup);
  }

  /**
   * Initializes, once per JVM, what the first handshake would otherwise initialize on the owner's
   * thread: the shared crypto (its {@code SecureRandom} seeding) and Bouncy Castle's protocol
   * classes. Measured on the first connection of a JVM: 15 ms on the loop thread of the first
   * {@code start}, and 5 ms on another loop waiting for the same class initialization.
   */
  public static void preload(DtlsConfig config) {
    BcCrypto.of(config.cryptoProvider());
    new QueueDatagramTransport(config.mtu(), 1, () -> {});
    new DTLSClientProtocol();
    new DTLSServerProtocol();
  }

  /** Queues a received datagram for Bouncy Castle; false when the queue is full. */
  public boolean offerInbound(byte[] datagram) {
    return transport.offerInbound(datagram);
  }

  /** The next datagram to send, or null. */
  public byte[] pollOutbound() {
    return transport.pollOutbound();
  }

  /** Whether the handshake thread waits for a datagram with none queued (see {@link QueueDatagramTransport#isIdle}). */
  public boolean isIdle() {
    return transport.isIdle();
  }

  /** The handshake outcome, or null while it runs. */
  public Outcome outcome() {
    return outcome;
  }

  /** The blocking handshake. Runs on a handshake executor thread. */
  @Override
  public void run() {
    Outcome result;
    if (transport.isAborted()) {
      return;
    }
    long startNanos = System.nanoTime();
    try {
      DTLSTransport t;
      if (role == DtlsRole.CLIENT) {
        t = new DTLSClientProtocol().connect(new BcDtlsClient(crypto, session), transport);
      } else {
        transport.holdChangeCipherSpecUntilCertificateVerify();
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        // ICE consent already proved the peer's address: skip the HelloVerifyRequest round trip.
        protocol.setVerifyRequests(false);
        t = protocol.accept(new BcDtlsServer(crypto, session), transport);
      }
      dtls = t;
      handshakeNanos = System.nanoTime() - startNanos;
      result = new Outcome(null, -1, "connected");
    } catch (TlsFatalAlertReceived e) {
      result = failed(DtlsFailure.ALERT_RECEIVED, e.getAlertDescription(),
          "peer sent fatal alert " + AlertDescription.getText(e.getAlertDescription()));
    } catch (TlsTimeoutException e) {
      result = failed(DtlsFailure.TIMEOUT, -1, "handshake timed out");
    } catch (TlsFatalAlert e) {
      result = failed(DtlsFailure.PROTOCOL_ERROR, e.getAlertDescription(),
          "handshake failed: " + AlertDescription.getText(e.getAlertDescription()) + " " + e.getMessage());
    } catch (IOException e) {
      result = failed(DtlsFailure.PROTOCOL_ERROR, -1, "handshake failed: " + e);
    } catch (RuntimeException e) {
      LOG.warn("DTLS handshake crashed", e);
      result = failed(DtlsFailure.INTERNAL_ERROR, -1, "handshake crashed: " + e);
    }
    transport.flush(); // the server's last flight, or an alert
    outcome = result;
    wakeup.run();
  }

  private Outcome failed(DtlsFailure fallback, int alert, String message) {
    // A failure recorded by our own checks (fingerprint, SRTP) explains itself better.
    if (session.failure != null) {
      return new Outcome(session.failure, alert, session.failureMessage);
    }
    return new Outcome(fallback, alert, message);
  }

  /**
   * Called by the loop once it has seen a successful outcome: from now on Bouncy Castle is driven
   * from the loop without blocking.
   */
  public void adopt() {
    transport.setNonBlocking();
  }

  /** ChangeCipherSpec records held back by the server's transport (see {@link QueueDatagramTransport}). */
  public int droppedChangeCipherSpecs() {
    return transport.droppedChangeCipherSpecs();
  }

  public KeyingMaterial keyingMaterial() {
    return session.keyingMaterial;
  }

  public byte[] peerCertificate() {
    return session.peerCertificate;
  }

  /** The negotiated cipher suite's IANA name (RFC 8446 registry), or null before it is known. */
  public String cipherSuiteName() {
    return session.cipherSuite < 0 ? null : Suites.name(session.cipherSuite);
  }

  /**
   * How long the blocking handshake ran on its thread, from its start (the client's first flight,
   * or the server's first ClientHello) to success; -1 before success. Wall time: Bouncy Castle
   * runs the handshake on it.
   */
  public long handshakeNanos() {
    return handshakeNanos;
  }

  /** Why the connection failed after the handshake; null while it is healthy. */
  public Outcome failure() {
    return failure;
  }

  /**
   * Processes every queued datagram (on the loop): application data goes to {@code sink},
   * retransmitted handshake flights are answered, alerts are noted. Never blocks.
   */
  public PumpResult pump(Consumer<byte[]> sink) {
    try {
      return pumpRecords(sink);
    } finally {
      transport.flush(); // retransmitted flight or close_notify answer
    }
  }

  private PumpResult pumpRecords(Consumer<byte[]> sink) {
    byte[] receiveBuffer = RECEIVE_BUFFER.get();
    for (;;) {
      int n;
      try {
        n = dtls.receive(receiveBuffer, 0, receiveBuffer.length, 0);
      } catch (QueueDatagramTransport.WouldBlock e) {
        return session.closeNotifyReceived ? PumpResult.CLOSED : PumpResult.IDLE;
      } catch (TlsFatalAlertReceived e) {
        failure = new Outcome(DtlsFailure.ALERT_RECEIVED, e.getAlertDescription(),
            "peer sent fatal alert " + AlertDescription.getText(e.getAlertDescription()));
        return PumpResult.FAILED;
      } catch (IOException | RuntimeException e) {
        failure = new Outcome(DtlsFailure.PROTOCOL_ERROR, session.fatalAlertSent, "DTLS record layer failed: " + e);
        return PumpResult.FAILED;
      }
      if (session.closeNotifyReceived) {
        return PumpResult.CLOSED;
      }
      if (n >= 0) {
        byte[] data = new byte[n];
        System.arraycopy(receiveBuffer, 0, data, 0, n);
        sink.accept(data);
      }
    }
  }

  /** The largest plaintext {@link #send} accepts in one record. */
  public int sendLimit() throws IOException {
    return dtls.getSendLimit();
  }

  /** Protects one application_data record (on the loop, after {@link #adopt()}). */
  public void send(byte[] buf, int off, int len) throws IOException {
    dtls.send(buf, off, len);
    transport.flush();
  }

  /** Sends close_notify (after the handshake) or abandons the handshake (during it). */
  public void close() {
    if (dtls != null && outcome != null) {
      try {
        dtls.close();
      } catch (IOException e) {
        LOG.debug("close_notify not sent: {}", e.toString());
      }
      transport.flush();
    } else {
      transport.abort();
    }
  }

  /** Abandons a running handshake: the handshake thread stops at its next receive. */
  public void abort() {
    transport.abort();
  }
}
