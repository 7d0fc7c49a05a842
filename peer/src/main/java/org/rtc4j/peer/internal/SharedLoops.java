package org.rtc4j.peer.internal;

import org.rtc4j.net.EventLoopGroup;

/**
 * The event-loop group connections share when the application gives none: started with the first
 * such connection, stopped when the last one closes, so a program that only creates and closes
 * connections leaves no threads behind.
 */
public final class SharedLoops {
  private static EventLoopGroup group;
  private static int users;

  private SharedLoops() {}

  /** The shared group, started if needed; each call must be matched by one {@link #release()}. */
  public static synchronized EventLoopGroup acquire() {
    if (group == null) {
      group = new EventLoopGroup();
    }
    users++;
    return group;
  }

  /** One user fewer; the last one stops the group. */
  public static void release() {
    EventLoopGroup stop = null;
    synchronized (SharedLoops.class) {
      if (--users == 0) {
        stop = group;
        group = null;
      }
    }
    if (stop != null) {
      stop.shutdownGracefully();
    }
  }
}
