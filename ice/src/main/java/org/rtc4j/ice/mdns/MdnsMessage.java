package org.rtc4j.ice.mdns;

import static org.rtc4j.ice.mdns.MdnsParseException.Reason.BAD_NAME;
import static org.rtc4j.ice.mdns.MdnsParseException.Reason.BAD_POINTER;
import static org.rtc4j.ice.mdns.MdnsParseException.Reason.TOO_MANY_RECORDS;
import static org.rtc4j.ice.mdns.MdnsParseException.Reason.TRUNCATED;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A DNS message as multicast DNS uses it (RFC 6762, RFC 1035 §4): a header, questions and answers
 * (authority and additional records are skipped when parsing and never written).
 *
 * <pre>
 *  0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * |                      ID                       |
 * |QR|   Opcode  |AA|TC|RD|RA|   Z    |   RCODE   |
 * |                    QDCOUNT                    |
 * |                    ANCOUNT                    |
 * |                    NSCOUNT                    |
 * |                    ARCOUNT                    |
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * </pre>
 *
 * Questions carry the QU bit (unicast response wanted, RFC 6762 §5.4) in the top bit of the class;
 * answers the cache-flush bit (§10.2). {@link #parse} is a static, allocation-bounded fuzz entry
 * point: it follows compression pointers backwards only (so never loops) and throws only
 * {@link MdnsParseException}. Immutable.
 */
public final class MdnsMessage {
  public static final int TYPE_A = 1;
  public static final int TYPE_AAAA = 28;
  public static final int TYPE_ANY = 255;
  public static final int CLASS_IN = 1;
  private static final int MAX_RECORDS = 64;

  /** A question: a name and a type, and whether a unicast answer is wanted (QU). */
  public record Question(String name, int type, boolean unicastResponse) {
    public Question {
      Objects.requireNonNull(name, "name");
    }
  }

  /** An answer record; {@link #address()} decodes A and AAAA data. */
  public record Answer(String name, int type, boolean cacheFlush, long ttlSeconds, byte[] data) {
    public Answer {
      Objects.requireNonNull(name, "name");
      data = data.clone();
    }

    /** The IPv4 (A) or IPv6 (AAAA) address, or null for other types or a wrong length. */
    public InetAddress address() {
      if ((type == TYPE_A && data.length == 4) || (type == TYPE_AAAA && data.length == 16)) {
        try {
          return InetAddress.getByAddress(data);
        } catch (UnknownHostException e) {
          return null;
        }
      }
      return null;
    }

    /** An A or AAAA record for {@code address}. */
    public static Answer of(String name, InetAddress address, long ttlSeconds, boolean cacheFlush) {
      byte[] a = address.getAddress();
      return new Answer(name, a.length == 4 ? TYPE_A : TYPE_AAAA, cacheFlush, ttlSeconds, a);
    }
  }

  private final int id;
  private final boolean response;
  private final List<Question> questions;
  private final List<Answer> answers;

  public MdnsMessage(int id, boolean response, List<Question> questions, List<Answer> answers) {
    this.id = id & 0xFFFF;
    this.response = response;
    this.questions = List.copyOf(questions);
    this.answers = List.copyOf(answers);
  }

  public int id() {
    return id;
  }

  /** QR: a response (else a query). */
  public boolean isResponse() {
    return response;
  }

  public List<Question> questions() {
    return questions;
  }

  public List<Answer> answers() {
    return answers;
  }

  /** The wire form, names uncompressed. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    u16(out, id);
    u16(out, response ? 0x8400 : 0); // QR + AA for responses (RFC 6762 §18.2, §18.4)
    u16(out, questions.size());
    u16(out, answers.size());
    u16(out, 0);
    u16(out, 0);
    for (Question q : questions) {
      name(out, q.name());
      u16(out, q.type());
      u16(out, CLASS_IN | (q.unicastResponse() ? 0x8000 : 0));
    }
    for (Answer a : answers) {
      name(out, a.name());
      u16(out, a.type());
      u16(out, CLASS_IN | (a.cacheFlush() ? 0x8000 : 0));
      u16(out, (int) (a.ttlSeconds() >>> 16));
      u16(out, (int) a.ttlSeconds());
      u16(out, a.data().length);
      out.writeBytes(a.data());
    }
    return out.toByteArray();
  }

  private static void u16(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8);
    out.write(v);
  }

  private static void name(ByteArrayOutputStream out, String name) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (!n.isEmpty()) {
      for (String label : n.split("\\.", -1)) {
        byte[] b = label.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0 || b.length > 63) {
          throw new IllegalArgumentException("bad DNS label in " + name);
        }
        out.write(b.length);
        out.writeBytes(b);
      }
    }
    out.write(0);
  }

  /** Decodes {@code buf[off, off+len)}. Throws only {@link MdnsParseException}. */
  public static MdnsMessage parse(byte[] buf, int off, int len) throws MdnsParseException {
    if (buf == null || off < 0 || len < 0 || off + len > buf.length) {
      throw new IllegalArgumentException("bad buffer bounds");
    }
    if (len < 12) {
      throw new MdnsParseException(TRUNCATED, "shorter than a DNS header");
    }
    int end = off + len;
    int id = u16(buf, off);
    int flags = u16(buf, off + 2);
    int qd = u16(buf, off + 4);
    int an = u16(buf, off + 6);
    if (qd > MAX_RECORDS || an > MAX_RECORDS) {
      throw new MdnsParseException(TOO_MANY_RECORDS, qd + " questions, " + an + " answers");
    }
    int[] pos = {off + 12};
    List<Question> questions = new ArrayList<>(qd);
    for (int i = 0; i < qd; i++) {
      String name = readName(buf, off, end, pos);
      need(pos[0] + 4, end);
      int type = u16(buf, pos[0]);
      int cls = u16(buf, pos[0] + 2);
      pos[0] += 4;
      questions.add(new Question(name, type, (cls & 0x8000) != 0));
    }
    List<Answer> answers = new ArrayList<>(an);
    for (int i = 0; i < an; i++) {
      String name = readName(buf, off, end, pos);
      need(pos[0] + 10, end);
      int type = u16(buf, pos[0]);
      int cls = u16(buf, pos[0] + 2);
      long ttl = ((long) u16(buf, pos[0] + 4) << 16) | u16(buf, pos[0] + 6);
      int rdlen = u16(buf, pos[0] + 8);
      pos[0] += 10;
      need(pos[0] + rdlen, end);
      byte[] data = new byte[rdlen];
      System.arraycopy(buf, pos[0], data, 0, rdlen);
      pos[0] += rdlen;
      answers.add(new Answer(name, type, (cls & 0x8000) != 0, ttl, data));
    }
    return new MdnsMessage(id, (flags & 0x8000) != 0, questions, answers);
  }

  private static void need(int upTo, int end) throws MdnsParseException {
    if (upTo > end) {
      throw new MdnsParseException(TRUNCATED, "record runs past the message");
    }
  }

  /** Reads a possibly compressed name at {@code pos[0]}, advancing it past the name's bytes in place. */
  private static String readName(byte[] buf, int start, int end, int[] pos) throws MdnsParseException {
    StringBuilder sb = new StringBuilder(32);
    int p = pos[0];
    int resume = -1;
    int limit = p; // pointers must point strictly before the name that uses them: no loops
    while (true) {
      need(p + 1, end);
      int l = buf[p] & 0xFF;
      if (l == 0) {
        p++;
        break;
      }
      if ((l & 0xC0) == 0xC0) {
        need(p + 2, end);
        int target = start + (((l & 0x3F) << 8) | (buf[p + 1] & 0xFF));
        if (target >= limit) {
          throw new MdnsParseException(BAD_POINTER, "compression pointer forward or in a loop");
        }
        if (resume < 0) {
          resume = p + 2;
        }
        limit = target;
        p = target;
        continue;
      }
      if ((l & 0xC0) != 0 || l > 63) {
        throw new MdnsParseException(BAD_NAME, "unknown label type");
      }
      need(p + 1 + l, end);
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append(new String(buf, p + 1, l, StandardCharsets.UTF_8));
      if (sb.length() > 255) {
        throw new MdnsParseException(BAD_NAME, "name longer than 255");
      }
      p += 1 + l;
    }
    pos[0] = resume >= 0 ? resume : p;
    return sb.toString();
  }

  private static int u16(byte[] b, int i) {
    return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
  }

  @Override
  public String toString() {
    return "MdnsMessage[" + (response ? "response" : "query") + ", questions=" + questions + ", answers="
        + answers.size() + "]";
  }
}
