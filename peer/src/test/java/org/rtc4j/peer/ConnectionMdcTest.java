package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoopGroup;
import org.rtc4j.peer.internal.LogContext;
import org.slf4j.LoggerFactory;

/**
 * Every log line of a loopback call names its connection in the MDC: lines written on the event
 * loop (ICE, DTLS, the core) and on the DTLS handshake threads. Runs on logback (its own surefire
 * execution, see peer/pom.xml), whose MDC the appender reads on the logging thread.
 */
@Timeout(60)
class ConnectionMdcTest {
  /** One captured line: where it was written, by whom, and the MDC value at that moment. */
  record Line(String thread, String logger, String message, String pc) {}

  static final class Capture extends AppenderBase<ILoggingEvent> {
    final List<Line> lines = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent e) {
      lines.add(new Line(e.getThreadName(), e.getLoggerName(), e.getFormattedMessage(),
          e.getMDCPropertyMap().get(LogContext.KEY)));
    }
  }

  @Test
  void loopAndHandshakeLinesCarryTheConnectionId() throws Exception {
    // Surefire's default execution (slf4j-simple) also runs it under -Dtest; the mdc-test one runs it on logback.
    assumeTrue(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext,
        "needs logback as the SLF4J backend: runs in peer's mdc-test surefire execution");
    Logger rtc4j = (Logger) LoggerFactory.getLogger("org.rtc4j");
    Capture capture = new Capture();
    capture.setContext(rtc4j.getLoggerContext());
    capture.start();
    rtc4j.setLevel(Level.DEBUG);
    rtc4j.setAdditive(false);
    rtc4j.addAppender(capture);
    EventLoopGroup group = new EventLoopGroup("mdc-loop", 2, Clock.system());
    PeerConnection a = null;
    PeerConnection b = null;
    try {
      Configuration config = Configuration.builder().loopbackOnly().eventLoopGroup(group).build();
      a = PeerConnection.create(config);
      b = PeerConnection.create(config);
      a.addTrack(MediaStreamTrack.audio("a-audio"), "a");
      Signaling s = new Signaling(a, b);
      s.negotiate(a);
      s.awaitConnected();
    } finally {
      if (a != null) {
        Signaling.get(a.closeAsync());
      }
      if (b != null) {
        Signaling.get(b.closeAsync());
      }
      group.close();
      rtc4j.detachAppender(capture);
    }
    Set<String> ids = Set.of(a.id(), b.id());
    assertFalse(a.id().equals(b.id()));

    List<Line> loop = capture.lines.stream().filter(l -> l.thread().startsWith("mdc-loop")).collect(Collectors.toList());
    // Lines of the connections' work on the loop: every one names a connection. The loop's own
    // lines (started, terminated) belong to none.
    List<Line> connectionWork = loop.stream()
        .filter(l -> !l.logger().equals("org.rtc4j.net.EventLoop"))
        .collect(Collectors.toList());
    assertFalse(connectionWork.isEmpty(), "no line from the loop threads");
    for (Line l : connectionWork) {
      assertTrue(l.pc() != null && ids.contains(l.pc()), "loop line without the connection id: " + l);
    }
    Set<String> seenOnLoop = connectionWork.stream().map(Line::pc).collect(Collectors.toSet());
    assertEquals(ids, seenOnLoop, "both connections log on the loop under their own id");

    // The handshake threads (Bouncy Castle's blocking handshake): DTLS handshake complete, alerts.
    List<Line> handshake = capture.lines.stream()
        .filter(l -> l.logger().startsWith("org.rtc4j.dtls.bc."))
        .filter(l -> !l.thread().startsWith("mdc-loop") && !l.thread().equals("main"))
        .collect(Collectors.toList());
    assertTrue(handshake.stream().anyMatch(l -> l.message().startsWith("DTLS handshake complete")),
        "no handshake-thread line: " + handshake);
    for (Line l : handshake) {
      assertTrue(l.pc() != null && ids.contains(l.pc()), "handshake line without the connection id: " + l);
    }
    assertEquals(ids, handshake.stream().map(Line::pc).collect(Collectors.toSet()),
        "both handshakes log under their connection's id");
  }
}
