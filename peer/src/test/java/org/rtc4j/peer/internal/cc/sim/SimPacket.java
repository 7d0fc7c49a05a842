package org.rtc4j.peer.internal.cc.sim;

/** A packet in the simulated network: media or padding one way, an RTCP feedback packet back. */
public final class SimPacket {
  /** Which flow sent it. */
  public final int flow;
  /** Bytes on the wire (what the bottleneck serializes). */
  public final int size;
  /** Padding or probe padding rather than media. */
  public final boolean padding;
  /** The RTCP bytes of a feedback packet, else null. */
  public final byte[] rtcp;
  /** The transport-wide sequence number the sender stamped. */
  public int transportSequence;
  /** When the sender put it on the wire. */
  public long sendNanos;
  /** When it entered the bottleneck queue. */
  public long enqueueNanos;
  /** How long it waited in the bottleneck queue before its serialization started. */
  public long queueDelayNanos;
  /** When it arrived at the far end. */
  public long arrivalNanos;

  SimPacket(int flow, int size, boolean padding, byte[] rtcp) {
    this.flow = flow;
    this.size = size;
    this.padding = padding;
    this.rtcp = rtcp;
  }
}
