package org.rtc4j.whip;

import java.time.Duration;
import org.rtc4j.peer.IceGatheringState;
import org.rtc4j.peer.PeerConnection;

/**
 * Waits for a connection's candidate gathering to complete. It watches
 * {@link PeerConnection#iceGatheringState()} instead of registering a listener: a connection has one
 * listener slot per event, and those belong to the application.
 */
final class Gathering {
  private static final long POLL_MILLIS = 5;

  private Gathering() {}

  /**
   * Returns once gathering is complete or {@code timeout} has passed (the candidates so far are
   * then used: on a host with many interfaces, a slow one should not hold up a session).
   */
  static void await(PeerConnection pc, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pc.iceGatheringState() != IceGatheringState.COMPLETE && System.nanoTime() < deadline) {
      Thread.sleep(POLL_MILLIS);
    }
  }
}
