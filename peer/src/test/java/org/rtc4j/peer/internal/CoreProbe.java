package org.rtc4j.peer.internal;

/** Test access to the core's packet path: protects and sends a hand-made packet as the core would. */
public final class CoreProbe {
  private CoreProbe() {}

  /** Protects {@code packet} as RTP with the core's SRTP context and queues it; false if refused. */
  public static boolean sendRtp(PeerCore core, byte[] packet) {
    return send(core, packet, false);
  }

  /** Protects {@code packet} as RTCP with the core's SRTCP context and queues it; false if refused. */
  public static boolean sendRtcp(PeerCore core, byte[] packet) {
    return send(core, packet, true);
  }

  private static boolean send(PeerCore core, byte[] packet, boolean rtcp) {
    byte[] buf = new byte[Math.max(BufferPool.BUFFER_SIZE, packet.length + 64)];
    System.arraycopy(packet, 0, buf, 0, packet.length);
    int n = rtcp ? core.protectRtcp(buf, packet.length) : core.protectRtp(buf, packet.length);
    if (n < 0) {
      return false;
    }
    core.transmitPooled(buf, n);
    return true;
  }

  /** The core's current local ICE ufrag. */
  public static String localUfrag(PeerCore core) {
    return core.localCredentials().ufrag();
  }

  /** The core's current local ICE password (a test builds authenticated checks with it). */
  public static String localPassword(PeerCore core) {
    return core.localCredentials().password();
  }

  /** {@link RtcpSession#MAX_COMPOUND_BYTES}. */
  public static int maxRtcpCompoundBytes() {
    return RtcpSession.MAX_COMPOUND_BYTES;
  }
}
