package org.rtc4j.ice.mdns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multicast DNS for ICE as a sans-IO state machine (RFC 6762): one-shot queries for remote
 * {@code .local} names, and a responder for the names of our own host candidates. The caller owns
 * a UDP socket joined to 224.0.0.251 (port 5353 when it can bind it, else any port: answers then
 * come back by unicast, RFC 6762 §6.7), feeds it every datagram and sends every transmit.
 *
 * <pre>{@code
 * mdns.query(now, "1f0e....local");       // A question to 224.0.0.251:5353, retried after 1 s
 * String name = mdns.register(hostIp);    // a random <uuid>.local answered from now on
 * mdns.handleDatagram(now, buf, off, len, from);
 * for (Mdns.Transmit t; (t = mdns.pollTransmit()) != null; ) socket.send(t.data(), t.destination());
 * for (MdnsEvent e; (e = mdns.pollEvent()) != null; ) ...   // Resolved / NotResolved
 * timer.rearm(mdns.pollTimeout());
 * }</pre>
 *
 * Queries ask for A (IPv4) and AAAA (IPv6) at once; the first answer wins. Answers from the
 * responder: multicast to the group for a multicast query from port 5353, unicast to the querier
 * for a QU question or a query from another port (legacy unicast, echoing its id and question).
 * Bad datagrams are counted and dropped. Not thread-safe.
 */
public final class Mdns {
  private static final Logger LOG = LoggerFactory.getLogger(Mdns.class);
  public static final int PORT = 5353;
  /** The IPv4 mDNS group (RFC 6762 §3). */
  public static final InetSocketAddress GROUP_V4 = new InetSocketAddress(ipv4Group(), PORT);
  private static final long TTL_SECONDS = 120; // RFC 6762 §10: host address records
  private static final long RETRY_NANOS = 1_000_000_000L;

  /** A datagram to send. */
  public record Transmit(InetSocketAddress destination, byte[] data) {}

  private static final class Pending {
    final String name;
    final long deadline;
    long nextRetry;

    Pending(String name, long deadline, long nextRetry) {
      this.name = name;
      this.deadline = deadline;
      this.nextRetry = nextRetry;
    }
  }

  private final Random random;
  private final long timeoutNanos;
  private final Map<String, Pending> pending = new HashMap<>();
  private final Map<String, InetAddress> names = new HashMap<>();
  private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
  private final ArrayDeque<MdnsEvent> events = new ArrayDeque<>();
  private long dropped;
  private long answered;

  /** A resolver and responder; a query not answered within {@code timeoutNanos} is NotResolved. */
  public Mdns(Random random, long timeoutNanos) {
    this.random = Objects.requireNonNull(random, "random");
    if (timeoutNanos <= 0) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    this.timeoutNanos = timeoutNanos;
  }

  /** Starts a one-shot query for {@code name} (a no-op if one is under way). */
  public void query(long nowNanos, String name) {
    String key = name.toLowerCase(Locale.ROOT);
    if (pending.containsKey(key)) {
      return;
    }
    pending.put(key, new Pending(name, nowNanos + timeoutNanos, nowNanos + RETRY_NANOS));
    send(name);
  }

  /** Registers a random {@code <uuid>.local} name for {@code address} and returns it. */
  public String register(InetAddress address) {
    byte[] b = new byte[16];
    random.nextBytes(b);
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (b[i] & 0xFF);
      lsb = (lsb << 8) | (b[8 + i] & 0xFF);
    }
    msb = (msb & ~0xF000L) | 0x4000L; // version 4
    lsb = (lsb & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    String name = new UUID(msb, lsb) + ".local";
    register(name, address);
    return name;
  }

  /** Answers queries for {@code name} with {@code address} from now on. */
  public void register(String name, InetAddress address) {
    names.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(address, "address"));
  }

  /** One datagram received on the mDNS socket. */
  public void handleDatagram(long nowNanos, byte[] buf, int off, int len, InetSocketAddress from) {
    MdnsMessage m;
    try {
      m = MdnsMessage.parse(buf, off, len);
    } catch (MdnsParseException | RuntimeException e) {
      dropped++;
      LOG.debug("dropping a bad mDNS datagram from {}: {}", from, e.getMessage());
      return;
    }
    if (m.isResponse()) {
      for (MdnsMessage.Answer a : m.answers()) {
        Pending p = pending.remove(a.name().toLowerCase(Locale.ROOT));
        InetAddress address = a.address();
        if (p != null && address != null) {
          events.add(new MdnsEvent.Resolved(p.name, address));
        } else if (p != null) {
          pending.put(a.name().toLowerCase(Locale.ROOT), p);
        }
      }
      return;
    }
    for (MdnsMessage.Question q : m.questions()) {
      InetAddress address = names.get(q.name().toLowerCase(Locale.ROOT));
      if (address == null || !wants(q.type(), address)) {
        continue;
      }
      answered++;
      boolean legacy = from.getPort() != PORT;
      MdnsMessage.Answer answer = MdnsMessage.Answer.of(q.name(), address, TTL_SECONDS, !legacy);
      if (legacy) {
        // RFC 6762 §6.7: unicast back to the querier's port, its id and question echoed
        transmits.add(new Transmit(from, new MdnsMessage(m.id(), true, List.of(new MdnsMessage.Question(q.name(),
            q.type(), false)), List.of(answer)).encode()));
      } else {
        transmits.add(new Transmit(q.unicastResponse() ? from : GROUP_V4,
            new MdnsMessage(0, true, List.of(), List.of(answer)).encode()));
      }
    }
  }

  /** Retries and timeouts of queries. */
  public void handleTimeout(long nowNanos) {
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (nowNanos >= p.deadline) {
        it.remove();
        events.add(new MdnsEvent.NotResolved(p.name));
      } else if (nowNanos >= p.nextRetry) {
        p.nextRetry = nowNanos + 2 * RETRY_NANOS;
        send(p.name);
      }
    }
  }

  public Transmit pollTransmit() {
    return transmits.poll();
  }

  public MdnsEvent pollEvent() {
    return events.poll();
  }

  /** The next retry or timeout, or {@code Long.MAX_VALUE}. */
  public long pollTimeout() {
    long t = Long.MAX_VALUE;
    for (Pending p : pending.values()) {
      t = Math.min(t, Math.min(p.deadline, p.nextRetry));
    }
    return t;
  }

  /** Bad datagrams dropped. */
  public long droppedCount() {
    return dropped;
  }

  /** Questions answered for our names. */
  public long answeredCount() {
    return answered;
  }

  private void send(String name) {
    // A one-shot query (RFC 6762 §5.1) asking for both address families.
    transmits.add(new Transmit(GROUP_V4, new MdnsMessage(0, false, List.of(
        new MdnsMessage.Question(name, MdnsMessage.TYPE_A, false),
        new MdnsMessage.Question(name, MdnsMessage.TYPE_AAAA, false)), List.of()).encode()));
  }

  private static boolean wants(int type, InetAddress a) {
    boolean v4 = a instanceof Inet4Address;
    return type == MdnsMessage.TYPE_ANY || (type == MdnsMessage.TYPE_A && v4) || (type == MdnsMessage.TYPE_AAAA && !v4);
  }

  private static InetAddress ipv4Group() {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) 224, 0, 0, (byte) 251});
    } catch (java.net.UnknownHostException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
