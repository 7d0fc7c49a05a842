package org.rtc4j.peer.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.rtc4j.sctp.SctpConfig;
import org.rtc4j.sctp.SctpTransmit;
import org.rtc4j.sctp.dcep.DataChannel;
import org.rtc4j.sctp.dcep.DataChannelEndpoint;
import org.rtc4j.sctp.dcep.DataChannelEvent;
import org.rtc4j.sctp.dcep.DataChannelInit;
import org.rtc4j.sdp.MediaDescription;

/**
 * Data channels over the connection's DTLS transport (RFC 8831, RFC 8832, RFC 8841): the
 * {@code m=application} section's parameters, the SCTP association and DCEP
 * ({@link DataChannelEndpoint}) fed with DTLS application data, their packets handed back to DTLS,
 * their events turned into the core's.
 *
 * <p>The association starts once DTLS is connected and the section negotiated; channels created
 * before that wait in the endpoint and open then.
 */
final class DataChannels {
  /** The SCTP port both sides use (RFC 8841 §5.1; every browser uses 5000). */
  static final int SCTP_PORT = 5000;
  /** The remote limit when its description names none (RFC 8841 §6.1). */
  static final long DEFAULT_REMOTE_MAX_MESSAGE_SIZE = 65_536;
  /**
   * The send buffer callers may fill (W3C {@code send()} throws OperationError beyond it). The
   * association's own limit is twice that, so sends racing from several threads still fit.
   */
  public static final long SEND_BUFFER_BYTES = 16L << 20;

  private final PeerCore core;
  private final long localMaxMessageSize;
  private DataChannelEndpoint endpoint;
  /** Whether the application asked for a channel (the next offer carries an m=application). */
  private boolean wanted;
  /** How many transceivers existed when the first channel was asked for (its m-line goes after theirs). */
  private int requestedAfter;
  /** The negotiated section's form: the legacy {@code DTLS/SCTP} + sctpmap one (RFC 8841 draft 05). */
  private boolean legacy;
  private int remotePort = SCTP_PORT;
  private volatile long remoteMaxMessageSize = DEFAULT_REMOTE_MAX_MESSAGE_SIZE;
  /** The association's send queue in bytes after the last input (read by other threads). */
  private volatile long queuedBytes;
  private boolean negotiated;
  private boolean started;
  /** The reused message event (valid until the core's next poll). */
  final PeerEvent.ChannelMessage message = new PeerEvent.ChannelMessage();
  long channelsOpened;
  long channelsClosed;
  /** Each live channel's number in the order channels appeared (its stats id). */
  private final Map<DataChannel, Long> numbers = new IdentityHashMap<>();
  private long nextNumber;
  /** The last closed channels' final figures, for getStats (bounded). */
  private final ArrayDeque<DataChannelStats> closedStats = new ArrayDeque<>();
  private static final int CLOSED_STATS_KEPT = 64;

  /** One channel's W3C stats, with its number (its stats id). */
  record DataChannelStats(long sequence, String label, String protocol, int dataChannelIdentifier,
      org.rtc4j.sctp.dcep.DataChannelState state, long messagesSent, long bytesSent, long messagesReceived,
      long bytesReceived) {
    static DataChannelStats of(long sequence, DataChannel c) {
      org.rtc4j.sctp.dcep.DataChannelStats s = c.stats();
      return new DataChannelStats(sequence, s.label(), s.protocol(), s.dataChannelIdentifier(), s.state(),
          s.messagesSent(), s.bytesSent(), s.messagesReceived(), s.bytesReceived());
    }
  }

  /** Stats of every live channel and of the last closed ones, in the order they appeared. */
  List<DataChannelStats> stats() {
    List<DataChannelStats> out = new ArrayList<>(closedStats);
    for (Map.Entry<DataChannel, Long> e : numbers.entrySet()) {
      out.add(DataChannelStats.of(e.getValue(), e.getKey()));
    }
    out.sort(java.util.Comparator.comparingLong(DataChannelStats::sequence));
    return out;
  }

  private void number(DataChannel c) {
    numbers.putIfAbsent(c, nextNumber++);
  }

  private void closed(DataChannel c) {
    Long n = numbers.remove(c);
    if (n != null) {
      if (closedStats.size() == CLOSED_STATS_KEPT) {
        closedStats.removeFirst();
      }
      closedStats.addLast(DataChannelStats.of(n, c));
    }
  }

  private final int sctpMtu;

  /**
   * @param localMaxMessageSize the largest message accepted (our {@code a=max-message-size})
   * @param sctpMtu the largest SCTP packet: the UDP payload less DTLS's record overhead
   */
  DataChannels(PeerCore core, long localMaxMessageSize, int sctpMtu) {
    this.core = core;
    this.localMaxMessageSize = localMaxMessageSize;
    this.sctpMtu = sctpMtu;
  }

  /** W3C {@code createDataChannel} on the loop: the channel exists at once and opens when it can. */
  DataChannel create(long nowNanos, String label, DataChannelInit init) {
    DataChannel c = endpoint().createChannel(nowNanos, label, init);
    number(c);
    if (!wanted) {
      wanted = true;
      requestedAfter = core.transceivers().size();
      if (!negotiated) {
        core.negotiationChanged();
      }
    }
    pump();
    return c;
  }

  private DataChannelEndpoint endpoint() {
    if (endpoint == null) {
      endpoint = new DataChannelEndpoint(SctpConfig.builder().localPort(SCTP_PORT).remotePort(remotePort).mtu(sctpMtu)
          .maxSendBufferBytes(2 * SEND_BUFFER_BYTES)
          .maxReceiveMessageBytes((int) Math.min(Integer.MAX_VALUE, localMaxMessageSize)).build());
    }
    return endpoint;
  }

  /** How many transceivers the data section comes after in a first offer. */
  int requestedAfter() {
    return requestedAfter;
  }

  /** Whether our next offer carries an m=application section. */
  boolean wanted() {
    return wanted || negotiated;
  }

  /** The offer's section, or the answer's in the offer's form. */
  MediaDescription.Builder describe(MediaDescription.Builder m, boolean legacyForm) {
    if (legacyForm) {
      return m.addAttribute("sctpmap", SCTP_PORT + " webrtc-datachannel 1024");
    }
    return m.sctpPort(SCTP_PORT).maxMessageSize(localMaxMessageSize);
  }

  /** Whether an offered section is one rtc4j answers: SCTP over DTLS for data channels. */
  static boolean isDataSection(MediaDescription m) {
    return m.kind().equals("application") && (m.proto().equals(MediaDescription.PROTO_SCTP)
        || m.proto().equals("DTLS/SCTP") || m.proto().equals("TCP/DTLS/SCTP"));
  }

  /** Whether the section is in the legacy form ({@code DTLS/SCTP <port>} with {@code a=sctpmap}). */
  static boolean isLegacy(MediaDescription m) {
    return m.proto().equals("DTLS/SCTP");
  }

  /**
   * The remote description's section: its SCTP port and max-message-size (absent means 65,536,
   * RFC 8841 §6.1; 0 means no limit). The association waits for {@link #negotiated}.
   */
  void applyRemote(MediaDescription m) {
    legacy = isLegacy(m);
    if (legacy) {
      remotePort = m.formats().isEmpty() ? SCTP_PORT : parsePort(m.formats().get(0));
    } else {
      remotePort = m.sctpPort().orElse(SCTP_PORT);
    }
    remoteMaxMessageSize = m.maxMessageSize().orElse(DEFAULT_REMOTE_MAX_MESSAGE_SIZE);
    endpoint().setRemoteMaxMessageSize(remoteMaxMessageSize);
  }

  /**
   * An answer completed the negotiation of the data section ({@code accepted}) or rejected it.
   * With DTLS already up (a section added by renegotiation) the association starts now, else when
   * DTLS connects: both sides have the answer by then, so no INIT arrives before its section.
   */
  void negotiated(long nowNanos, boolean accepted) {
    negotiated = accepted;
    if (accepted && core.srtpReady()) {
      start(nowNanos);
    }
  }

  boolean legacy() {
    return legacy;
  }

  /** The peer's max-message-size, or {@link Long#MAX_VALUE} for none (any thread). */
  long remoteMaxMessageSize() {
    long m = remoteMaxMessageSize;
    return m == 0 ? Long.MAX_VALUE : m;
  }

  private static int parsePort(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return SCTP_PORT;
    }
  }

  // ------------------------------------------------------------------ the association

  /** DTLS connected (or closed): with a negotiated section, the association starts (or ends). */
  void dtlsStateChanged(long nowNanos, boolean connected) {
    if (connected && negotiated) {
      start(nowNanos);
    } else if (!connected && started) {
      close(nowNanos); // channels close; nothing can be sent any more
    }
  }

  /** Both sides send INIT (RFC 8841 §9.3 allows the collision); DCEP ids follow the DTLS role. */
  private void start(long nowNanos) {
    if (started) {
      return;
    }
    started = true;
    DataChannelEndpoint e = endpoint();
    e.setDtlsRole(nowNanos, core.dtlsRole() == org.rtc4j.dtls.DtlsRole.CLIENT);
    e.connect(nowNanos);
    pump();
  }

  /** One DTLS application record: an SCTP packet. */
  void handleApplicationData(long nowNanos, byte[] data, int off, int len) {
    if (endpoint != null && started) {
      endpoint.handlePacket(nowNanos, data, off, len);
      pump();
    }
  }

  void handleTimeout(long nowNanos) {
    if (endpoint != null && started && endpoint.pollTimeout() <= nowNanos) {
      endpoint.handleTimeout(nowNanos);
      pump();
    }
  }

  long pollTimeout() {
    return endpoint == null || !started ? Long.MAX_VALUE : endpoint.pollTimeout();
  }

  /** Hands the association's packets to DTLS. Its events wait in the endpoint for {@link #pollEvent}. */
  void pump() {
    if (endpoint == null || !started) {
      return;
    }
    for (SctpTransmit t; (t = endpoint.pollTransmit()) != null; ) {
      core.sendApplicationData(t.buffer(), t.offset(), t.length());
    }
    queuedBytes = endpoint.association().bufferedAmount();
  }

  /** Bytes queued in the association and not yet sent, as of the last input (any thread). */
  long queuedBytes() {
    return queuedBytes;
  }

  /**
   * The next data channel event as the core's, or null. A message comes in {@link #message},
   * reused: valid until the next poll.
   *
   * <p>Polling can make the endpoint send: the association's Connected event opens the channels
   * that waited for it (DCEP OPEN), and a peer's OPEN is acknowledged. Those packets go to DTLS
   * here, with the event: no later input may come to carry them out (the peer may have nothing
   * more to say until it sees our OPEN).
   */
  PeerEvent pollEvent() {
    if (endpoint == null) {
      return null;
    }
    DataChannelEvent e = endpoint.pollEvent();
    if (started) {
      pump();
    }
    if (e == null) {
      return null;
    }
    if (e instanceof DataChannelEvent.Message m) {
      message.channel = m.channel();
      message.data = m.data();
      message.binary = m.binary();
      return message;
    }
    if (e instanceof DataChannelEvent.ChannelAnnounced a) {
      number(a.channel());
    } else if (e instanceof DataChannelEvent.Open) {
      channelsOpened++;
    } else if (e instanceof DataChannelEvent.Closed c) {
      channelsClosed++;
      closed(c.channel());
    }
    return new PeerEvent.Channel(e);
  }

  /** Every channel not yet closed. */
  List<DataChannel> channels() {
    return endpoint == null ? List.of() : new ArrayList<>(endpoint.channels());
  }

  /** The endpoint, or null before the first channel or negotiation. */
  DataChannelEndpoint endpointOrNull() {
    return endpoint;
  }

  /** The connection closes: the association aborts (an ABORT chunk, if DTLS can still carry it). */
  void close(long nowNanos) {
    if (endpoint != null && started) {
      endpoint.abort(nowNanos, "the peer connection closed");
      pump();
    }
  }
}
