package org.rtc4j.peer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoopGroup;

/**
 * The life of a headless-Chromium test class, registered with {@code @RegisterExtension}: the class
 * is skipped where Chromium cannot run ({@link HeadlessChromium#unavailable()}), its connections
 * run on one event loop of their own, and what a test opens (the connection, the page server, the
 * browser, a TURN server) is closed after it, the last opened first, each even if another fails.
 */
final class ChromiumRun implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  private final String loopName;
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();
  private EventLoopGroup group;

  ChromiumRun(String loopName) {
    this.loopName = loopName;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    String why = HeadlessChromium.unavailable();
    Assumptions.assumeTrue(why == null, why);
    group = new EventLoopGroup(loopName, 1, Clock.system());
  }

  /** The class's event loop group. */
  EventLoopGroup group() {
    return group;
  }

  /** A connection on the class's loop, closed after the test (its close awaited, at most 5 s). */
  PeerConnection peer(Configuration.Builder config) {
    PeerConnection pc = PeerConnection.create(config.eventLoopGroup(group).build());
    opened.push(() -> pc.closeAsync().get(5, TimeUnit.SECONDS));
    return pc;
  }

  /** {@code c}, closed after the test. */
  <T extends AutoCloseable> T closing(T c) {
    opened.push(c);
    return c;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception first = null;
    for (AutoCloseable c; (c = opened.poll()) != null; ) {
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (group != null) {
      group.close();
    }
  }
}
