package org.rtc4j.peer.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.MDC;

/**
 * The connection's id in the SLF4J MDC under {@value #KEY}, so that every log line of the stack
 * (ICE, DTLS, SRTP, SCTP, the core) names the connection it is about. The owner sets it around each
 * unit of work it runs on the loop thread ({@link #enter}, {@link #exit}); the DTLS endpoint
 * carries it over to the handshake thread.
 *
 * <p>Cheap on the packet path: entering replaces the value of a key the loop thread's map already
 * holds, and leaving puts back the previous value, or the empty string on a thread that had none
 * (removing the key would make the next entry allocate a map node per datagram). Log patterns
 * ({@code %X{rtc4j.pc}}) print the empty value as nothing. With a backend that keeps no MDC (the
 * NOP adapter, slf4j-simple) both calls do nothing.
 */
public final class LogContext {
  /** The MDC key holding the connection's id. */
  public static final String KEY = "rtc4j.pc";
  private static final String NONE = "";
  private static final AtomicLong IDS = new AtomicLong();

  private LogContext() {}

  /** A new connection id, unique in this JVM: {@code pc-1}, {@code pc-2}, ... */
  static String newId() {
    return "pc-" + IDS.incrementAndGet();
  }

  /** Marks the current thread as working for connection {@code id}; returns what {@link #exit} restores. */
  public static String enter(String id) {
    String previous = MDC.get(KEY);
    if (previous != id) {
      MDC.put(KEY, id);
    }
    return previous;
  }

  /** Ends the unit of work begun by {@link #enter} for {@code id}, which returned {@code previous}. */
  public static void exit(String id, String previous) {
    if (previous != id) {
      MDC.put(KEY, previous == null ? NONE : previous);
    }
  }
}
