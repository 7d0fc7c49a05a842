package org.rtc4j.sctp.testing;

import java.util.ArrayList;
import java.util.List;
import org.rtc4j.sctp.SctpAssociation;
import org.rtc4j.sctp.SctpEvent;
import org.rtc4j.sctp.SctpTransmit;
import org.rtc4j.sctp.chunk.Chunk;
import org.rtc4j.sctp.chunk.CookieEchoChunk;
import org.rtc4j.sctp.chunk.InitChunk;
import org.rtc4j.sctp.chunk.Parameter;
import org.rtc4j.sctp.chunk.SctpPacket;
import org.rtc4j.sctp.chunk.SctpParseException;

/**
 * A hand-driven peer: it writes packets chunk by chunk and reads what the association under test
 * answers, so tests can check exact protocol behaviour.
 */
public final class FakePeer {
  public static final int TAG = 0x11223344;
  public static final int INITIAL_TSN = 1000;
  public final SctpAssociation sut;
  public final List<SctpEvent> events = new ArrayList<>();
  public int sutTag;
  public int sutInitialTsn;
  public long now;

  public FakePeer(SctpAssociation sut) {
    this.sut = sut;
  }

  /** Runs the handshake with the association listening; returns it ESTABLISHED. */
  public FakePeer establish(byte[] supportedExtensions) throws SctpParseException {
    List<Parameter> params = new ArrayList<>();
    if (supportedExtensions != null) {
      params.add(new Parameter(Parameter.SUPPORTED_EXTENSIONS, supportedExtensions));
      params.add(new Parameter(Parameter.FORWARD_TSN_SUPPORTED, new byte[0]));
    }
    send(0, new InitChunk(false, TAG, 1 << 20, 1024, 1024, INITIAL_TSN, params));
    InitChunk ack = (InitChunk) receiveOne().chunks().get(0);
    sutTag = ack.initiateTag();
    sutInitialTsn = ack.initialTsn();
    send(sutTag, new CookieEchoChunk(ack.parameter(Parameter.STATE_COOKIE).value()));
    receiveAll();
    return this;
  }

  /** Sends one packet with the given tag and chunks. */
  public void send(int tag, Chunk... chunks) {
    byte[] p = SctpPacket.encode(5000, 5000, tag, List.of(chunks));
    sut.handlePacket(now, p, 0, p.length);
    drainEvents();
  }

  /** Sends raw packet bytes. */
  public void sendRaw(byte[] p) {
    sut.handlePacket(now, p, 0, p.length);
    drainEvents();
  }

  /** Everything the association sends now. */
  public List<SctpPacket> receiveAll() throws SctpParseException {
    List<SctpPacket> out = new ArrayList<>();
    for (SctpTransmit t; (t = sut.pollTransmit()) != null; ) {
      out.add(SctpPacket.parse(t.buffer(), t.offset(), t.length()));
    }
    drainEvents();
    return out;
  }

  /** Exactly one packet. */
  public SctpPacket receiveOne() throws SctpParseException {
    List<SctpPacket> all = receiveAll();
    if (all.size() != 1) {
      throw new AssertionError("expected one packet, got " + all.size() + ": " + all);
    }
    return all.get(0);
  }

  /** Moves the clock and runs due timers. */
  public void advanceTo(long nanos) {
    now = nanos;
    if (sut.pollTimeout() <= now) {
      sut.handleTimeout(now);
    }
    drainEvents();
  }

  private void drainEvents() {
    for (SctpEvent e; (e = sut.pollEvent()) != null; ) {
      if (!(e instanceof SctpEvent.Message)) {
        events.add(e);
      } else {
        events.add(e); // tests read messages right away or not at all
      }
    }
  }
}
