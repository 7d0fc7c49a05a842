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
   * @param positionPlusOne where the attribute's payload type is in the m= line, plus one (see
   *                        {@link #fillPositions}); 0 for attributes without one and for {@code *}
   */
  static long key(AttributeKind kind, int positionPlusOne, boolean media, long previousKey) {
    long base = media ? kind.mediaKey : kind.sessionKey;
    return base < 0 ? previousKey : base | (long) positionPlusOne << 8;
  }

  /** {@link #key} for a built attribute; {@code positions} is null until the first codec attribute fills it. */
  private static long key(SdpAttribute a, boolean media, List<String> formats, int[][] positions, long previousKey) {
    // Two of three media attributes are codec attributes: their class gives the kind without a lookup.
    Class<?> type = a.getClass();
    AttributeKind kind;
    int pt;
    if (type == RtcpFb.class) {
      kind = AttributeKind.RTCP_FB;
      pt = ((RtcpFb) a).payloadType();
    } else if (type == RtpMap.class) {
      kind = AttributeKind.RTPMAP;
      pt = ((RtpMap) a).payloadType();
    } else if (type == Fmtp.class) {
      kind = AttributeKind.FMTP;
      pt = ((Fmtp) a).payloadType();
    } else {
      return key(AttributeKind.of(a.attributeName()), 0, media, previousKey);
    }
    if (pt < 0 || !media) {
      return key(kind, 0, media, previousKey);
    }
    if (positions[0] == null) {
      positions[0] = new int[POSITIONS];
      fillPositions(formats, positions[0]);
    }
    return key(kind, positions[0][pt + 1], media, previousKey);
  }

  /** The size of a {@link #fillPositions} table: payload types -1 to 127. */
  static final int POSITIONS = 129;

  /**
   * Fills {@code positions[pt + 1]}, for each payload type 0-127, with its position in the m=
   * line plus one (the number of formats plus one when absent), and {@code positions[0]} with 0.
   */
  static void fillPositions(List<String> formats, int[] positions) {
    int n = formats.size();
    Arrays.fill(positions, n + 1);
    positions[0] = 0;
    if (formats instanceof ParsedFormats parsed) {
      parsed.fillPositions(positions); // from the text, without making the strings
      return;
    }
    for (int i = n - 1; i >= 0; i--) { // backwards, so the first occurrence wins
      int v = smallNumber(formats.get(i));
      if (v >= 0 && v < 128) {
        positions[v + 1] = i + 1;
      }
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
    int[][] positions = new int[1][];
    long[] keys = new long[n];
    long previous = 0;
    boolean sorted = true;
    for (int i = 0; i < n; i++) {
      long k = key(attrs.get(i), media, formats, positions, previous);
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
