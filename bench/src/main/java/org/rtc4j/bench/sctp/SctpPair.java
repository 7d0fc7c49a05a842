package org.rtc4j.bench.sctp;

import org.rtc4j.sctp.Reliability;
import org.rtc4j.sctp.SctpAssociation;
import org.rtc4j.sctp.SctpConfig;
import org.rtc4j.sctp.SctpEvent;
import org.rtc4j.sctp.SctpState;
import org.rtc4j.sctp.SctpTransmit;
import org.rtc4j.sctp.dcep.DataChannel;
import org.rtc4j.sctp.dcep.DataChannelEndpoint;
import org.rtc4j.sctp.dcep.DataChannelEvent;
import org.rtc4j.sctp.dcep.DataChannelInit;

/**
 * Two associations wired back to back in one thread on the real clock, with no link in between:
 * each packet one side polls is handed to the other at once. Optionally each association sits
 * under a {@link DataChannelEndpoint} with one open channel, and events come through the endpoints.
 * The pump allocates nothing; what the receiver gets is counted, and the received arrays dropped.
 */
final class SctpPair {
  final SctpAssociation a;
  final SctpAssociation b;
  long messagesAtB;
  long bytesAtB;
  long messagesAtA;
  long bytesAtA;
  /** The last message B received (kept so the JIT cannot drop the delivery). */
  byte[] lastAtB;
  byte[] lastAtA;
  /** When set, B sends every message it gets straight back (round trip measurements). */
  boolean echo;

  final DataChannelEndpoint endpointA;
  final DataChannelEndpoint endpointB;
  DataChannel channelA;

  SctpPair(SctpConfig config, boolean channels) {
    if (channels) {
      endpointA = new DataChannelEndpoint(config);
      endpointB = new DataChannelEndpoint(config);
      endpointA.setDtlsRole(now(), true);
      endpointB.setDtlsRole(now(), false);
      endpointA.setRemoteMaxMessageSize(0);
      endpointB.setRemoteMaxMessageSize(0);
      a = endpointA.association();
      b = endpointB.association();
    } else {
      endpointA = endpointB = null;
      a = new SctpAssociation(config);
      b = new SctpAssociation(config);
    }
  }

  SctpPair() {
    this(false);
  }

  SctpPair(boolean channels) {
    this(SctpConfig.builder().heartbeatIntervalMillis(0).build(), channels);
  }

  static long now() {
    return System.nanoTime();
  }

  SctpPair connect() {
    a.connect(now());
    b.connect(now());
    for (int i = 0; i < 1_000 && (a.state() != SctpState.ESTABLISHED || b.state() != SctpState.ESTABLISHED); i++) {
      pump();
    }
    if (a.state() != SctpState.ESTABLISHED || b.state() != SctpState.ESTABLISHED) {
      throw new IllegalStateException("no association: " + a.state() + "/" + b.state());
    }
    drainEvents();
    if (endpointA != null) {
      channelA = endpointA.createChannel(now(), "bench", DataChannelInit.defaults());
      pump();
    }
    return this;
  }

  /** Moves packets and events until both sides are quiet; runs due timers. Returns packets moved. */
  int pump() {
    int moved = 0;
    while (true) {
      int round = 0;
      SctpTransmit t;
      // One packet at a time each way, as a loop reading one datagram after another would: the
      // receiver answers (SACK every second packet) before the sender's next packet arrives.
      while (true) {
        boolean any = false;
        if ((t = a.pollTransmit()) != null) {
          b.handlePacket(now(), t.buffer(), t.offset(), t.length());
          round++;
          any = true;
        }
        if ((t = b.pollTransmit()) != null) {
          a.handlePacket(now(), t.buffer(), t.offset(), t.length());
          round++;
          any = true;
        }
        if (!any) {
          break;
        }
      }
      round += drainEvents();
      long n = now();
      if (a.pollTimeout() <= n) {
        a.handleTimeout(n);
        round++;
      }
      if (b.pollTimeout() <= n) {
        b.handleTimeout(n);
        round++;
      }
      if (round == 0) {
        return moved;
      }
      moved += round;
    }
  }

  private int drainEvents() {
    if (endpointA != null) {
      return drainChannelEvents();
    }
    int n = 0;
    for (SctpEvent e; (e = b.pollEvent()) != null; n++) {
      if (e instanceof SctpEvent.Message m) {
        messagesAtB++;
        bytesAtB += m.data().length;
        lastAtB = m.data();
        if (echo) {
          byte[] d = m.data();
          b.send(now(), m.streamId(), m.ppid(), true, Reliability.RELIABLE, d, 0, d.length);
        }
      }
    }
    for (SctpEvent e; (e = a.pollEvent()) != null; n++) {
      if (e instanceof SctpEvent.Message m) {
        messagesAtA++;
        bytesAtA += m.data().length;
        lastAtA = m.data();
      }
    }
    return n;
  }

  private int drainChannelEvents() {
    int n = 0;
    for (DataChannelEvent e; (e = endpointB.pollEvent()) != null; n++) {
      if (e instanceof DataChannelEvent.Message m) {
        messagesAtB++;
        bytesAtB += m.data().length;
        lastAtB = m.data();
        if (echo) {
          m.channel().send(now(), m.data(), 0, m.data().length, m.binary());
        }
      }
    }
    for (DataChannelEvent e; (e = endpointA.pollEvent()) != null; n++) {
      if (e instanceof DataChannelEvent.Message m) {
        messagesAtA++;
        bytesAtA += m.data().length;
        lastAtA = m.data();
      }
    }
    return n;
  }

  /** Sends one message from A: on the data channel if there is one, else on stream 0 with PPID 53. */
  void sendFromA(byte[] message) {
    if (channelA != null) {
      channelA.send(now(), message);
    } else {
      a.send(now(), 0, 53, true, Reliability.RELIABLE, message, 0, message.length);
    }
  }
}
