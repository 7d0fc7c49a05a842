package org.rtc4j.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The canonical attribute order, as JSEP implementations write it (libwebrtc's order, which the
 * examples of RFC 9429 §7 also follow for the ICE, DTLS and codec blocks):
 *
 * <pre>
 * session: ice-lite  ice-ufrag ice-pwd ice-options  fingerprint setup  group
 *          extmap-allow-mixed  msid-semantic  extmap  direction
 * media:   rtcp  candidate end-of-candidates  ice-ufrag ice-pwd ice-options  fingerprint setup
 *          mid bundle-only  sctp-port max-message-size  extmap-allow-mixed extmap  direction
 *          msid  rtcp-mux rtcp-mux-only rtcp-rsize
 *          per payload type in m= line order: rtpmap rtcp-fb fmtp
 *          ssrc-group ssrc  rid simulcast
 * </pre>
 *
 * The ranks live in {@link AttributeKind}. The sort is stable, so repeated attributes
 * ({@code candidate}, {@code extmap}, {@code ssrc}) keep their order, and an attribute without a
 * rank stays right after the attribute it followed. Sorting a sorted list changes nothing, so
 * parse → write → parse is a fixed point.
 */
final class AttributeOrder {
  private AttributeOrder() {}

  /**
   * The sort key: rank, then (for codec attributes) the position of the payload type in the m=
   * line and rtpmap &lt; rtcp-fb &lt; fmtp. An attribute without a rank takes {@code previousKey}.
   *
   * @param payloadType the payload type of a codec attribute, -1 for {@code *}
   */
  static long key(AttributeKind kind, int payloadType, boolean media, Tracker formats, long previousKey) {
    long base = media ? kind.mediaKey : kind.sessionKey;
    if (base < 0) {
      return previousKey;
    }
    // Only codec attributes have a payload type; -1 (none, or *) sorts first.
    return base | (long) formats.positionPlusOne(payloadType) << 8;
  }

  private static long key(SdpAttribute a, boolean media, Tracker formats, long previousKey) {
    // Two of three media attributes are codec attributes: their class gives the kind without a lookup.
    Class<?> type = a.getClass();
    if (type == RtcpFb.class) {
      return key(AttributeKind.RTCP_FB, ((RtcpFb) a).payloadType(), media, formats, previousKey);
    } else if (type == RtpMap.class) {
      return key(AttributeKind.RTPMAP, ((RtpMap) a).payloadType(), media, formats, previousKey);
    } else if (type == Fmtp.class) {
      return key(AttributeKind.FMTP, ((Fmtp) a).payloadType(), media, formats, previousKey);
    }
    return key(AttributeKind.of(a.attributeName()), -1, media, formats, previousKey);
  }

  /**
   * Follows one section's keys in order, so an already canonical section (the usual case) needs
   * no sort; and maps payload types to their position in the section's m= line.
   */
  static final class Tracker {
    private long previous;
    private boolean sorted = true;
    private List<String> formats = List.of();
    /**
     * Per payload type -1..127 at {@code [pt + 1]}: its position in the m= line plus one (the
     * number of formats plus one when absent; 0 for -1). Filled on first use per section.
     */
    private int[] positions;
    private boolean positionsValid;

    void reset(List<String> formats) {
      this.formats = formats;
      previous = 0;
      sorted = true;
      positionsValid = false;
    }

    /** Takes the next attribute's key; returns the key. */
    long add(AttributeKind kind, int payloadType, boolean media) {
      long k = key(kind, payloadType, media, this, previous);
      sorted &= k >= previous;
      previous = k;
      return k;
    }

    boolean sorted() {
      return sorted;
    }

    /** The position of payload type {@code pt} in the m= line plus one; see {@link #positions}. */
    int positionPlusOne(int pt) {
      if (!positionsValid) {
        if (positions == null) {
          positions = new int[129];
        }
        int n = formats.size();
        Arrays.fill(positions, n + 1);
        positions[0] = 0;
        if (formats instanceof ParsedFormats parsed) {
          parsed.fillPositions(positions); // from the text, without making the strings
        } else {
          for (int i = n - 1; i >= 0; i--) { // backwards, so the first occurrence wins
            int v = smallNumber(formats.get(i));
            if (v >= 0 && v < 128) {
              positions[v + 1] = i + 1;
            }
          }
        }
        positionsValid = true;
      }
      return pt < 128 ? positions[pt + 1] : formats.size() + 1;
    }
  }

  /** The value of a format of one to three digits, or -1. */
  private static int smallNumber(String f) {
    int n = f.length();
    if (n == 0 || n > 3) {
      return -1;
    }
    int v = 0;
    for (int j = 0; j < n; j++) {
      char c = f.charAt(j);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** {@code attrs} in canonical order: the same list when already in order, a sorted copy otherwise. */
  static List<SdpAttribute> canonical(List<SdpAttribute> attrs, boolean media, List<String> formats) {
    int n = attrs.size();
    Tracker tracker = new Tracker();
    tracker.reset(formats);
    long[] keys = new long[n];
    long previous = 0;
    boolean sorted = true;
    for (int i = 0; i < n; i++) {
      long k = key(attrs.get(i), media, tracker, previous);
      sorted &= k >= previous;
      previous = keys[i] = k;
    }
    if (sorted) {
      return attrs;
    }
    int[] order = stableOrder(keys, n);
    List<SdpAttribute> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(attrs.get(order[i]));
    }
    return out;
  }

  /**
   * The positions {@code 0..n-1} ordered by {@code keys}, equal keys in their original order: a
   * merge sort, so even a long section written backwards costs n log n.
   */
  static int[] stableOrder(long[] keys, int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int[] buffer = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n - width; lo += 2 * width) {
        int mid = lo + width;
        int hi = Math.min(lo + 2 * width, n);
        if (keys[order[mid - 1]] <= keys[order[mid]]) {
          continue; // already in order
        }
        System.arraycopy(order, lo, buffer, lo, hi - lo);
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
          if (j >= hi || (i < mid && keys[buffer[i]] <= keys[buffer[j]])) {
            order[k] = buffer[i++];
          } else {
            order[k] = buffer[j++];
          }
        }
      }
    }
    return order;
  }
}
