package org.rtc4j.sdp;

import java.util.ArrayList;
import java.util.Collections;
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
 * The sort is stable, so repeated attributes ({@code candidate}, {@code extmap}, {@code ssrc})
 * keep their order, and an attribute this table does not know stays right after the attribute it
 * followed. Sorting a sorted list changes nothing, so parse → write → parse is a fixed point.
 */
final class AttributeOrder {
  private static final int CODEC = 110;

  private AttributeOrder() {}

  private static int rank(String name, boolean media) {
    if (media) {
      switch (name) {
        case "rtcp": return 10;
        case "candidate": return 20;
        case "end-of-candidates": return 21;
        case "ice-ufrag": return 30;
        case "ice-pwd": return 31;
        case "ice-options": return 32;
        case "ice-lite": return 33;
        case "fingerprint": return 40;
        case "setup": return 41;
        case "mid": return 50;
        case "bundle-only": return 51;
        case "sctp-port": return 60;
        case "max-message-size": return 61;
        case "extmap-allow-mixed": return 70;
        case "extmap": return 71;
        case "sendrecv": case "sendonly": case "recvonly": case "inactive": return 80;
        case "msid": return 90;
        case "rtcp-mux": return 100;
        case "rtcp-mux-only": return 101;
        case "rtcp-rsize": return 102;
        case "rtpmap": case "rtcp-fb": case "fmtp": return CODEC;
        case "ssrc-group": return 120;
        case "ssrc": return 121;
        case "rid": return 130;
        case "simulcast": return 131;
        default: return -1;
      }
    }
    switch (name) {
      case "ice-lite": return 10;
      case "ice-ufrag": return 11;
      case "ice-pwd": return 12;
      case "ice-options": return 13;
      case "fingerprint": return 20;
      case "setup": return 21;
      case "group": return 30;
      case "extmap-allow-mixed": return 40;
      case "msid-semantic": return 50;
      case "extmap": return 60;
      case "sendrecv": case "sendonly": case "recvonly": case "inactive": return 70;
      default: return -1;
    }
  }

  /**
   * The sort key of {@code a}: rank, then (for codec attributes) the position of the payload type
   * in the m= line and rtpmap &lt; rtcp-fb &lt; fmtp. Unknown attributes take {@code previousKey}.
   */
  private static long key(SdpAttribute a, boolean media, List<String> formats, long previousKey) {
    return key(a.attributeName(), a, media, formats, previousKey, null);
  }

  private static long key(String name, SdpAttribute a, boolean media, List<String> formats, long previousKey,
      Tracker cache) {
    int rank = rank(name, media);
    if (rank < 0) {
      return previousKey;
    }
    long key = (long) rank << 40;
    if (rank == CODEC) {
      int pt;
      int sub;
      if (a instanceof RtpMap) {
        pt = ((RtpMap) a).payloadType();
        sub = 0;
      } else if (a instanceof RtcpFb) {
        pt = ((RtcpFb) a).payloadType();
        sub = 1;
      } else if (a instanceof Fmtp) {
        pt = ((Fmtp) a).payloadType();
        sub = 2;
      } else {
        return key;
      }
      int index;
      if (cache != null && cache.lastPt == pt) {
        index = cache.lastIndex;
      } else {
        index = formatIndex(formats, pt);
        if (cache != null) {
          cache.lastPt = pt;
          cache.lastIndex = index;
        }
      }
      key |= (long) (index + 1) << 8 | sub;
    }
    return key;
  }

  /**
   * Follows a section's attributes as the parser reads them, so an already canonical section
   * (the usual case) needs no second pass.
   */
  static final class Tracker {
    private long previous;
    private boolean sorted = true;
    private int lastPt = -2;
    private int lastIndex;

    void reset() {
      previous = 0;
      sorted = true;
      lastPt = -2;
    }

    void add(String name, SdpAttribute a, boolean media, List<String> formats) {
      long k = key(name, a, media, formats, previous, this);
      sorted &= k >= previous;
      previous = k;
    }

    boolean sorted() {
      return sorted;
    }
  }

  /** Index of payload type {@code pt} among the formats; {@code formats.size()} when absent, -1 for {@code *}. */
  private static int formatIndex(List<String> formats, int pt) {
    if (pt < 0) {
      return -1;
    }
    for (int i = 0; i < formats.size(); i++) {
      String f = formats.get(i);
      int n = f.length();
      if (n <= 3 && n > 0) {
        int v = 0;
        for (int j = 0; j < n; j++) {
          char c = f.charAt(j);
          v = c >= '0' && c <= '9' ? v * 10 + (c - '0') : -1000;
        }
        if (v == pt) {
          return i;
        }
      }
    }
    return formats.size();
  }

  /** {@code attrs} in canonical order: the same list when already in order, a sorted copy otherwise. */
  static List<SdpAttribute> canonical(List<SdpAttribute> attrs, boolean media, List<String> formats) {
    int n = attrs.size();
    long previous = 0;
    boolean sorted = true;
    for (int i = 0; i < n && sorted; i++) {
      long k = key(attrs.get(i), media, formats, previous);
      sorted = k >= previous;
      previous = k;
    }
    if (sorted) {
      return attrs;
    }
    long[] keys = new long[n];
    previous = 0;
    for (int i = 0; i < n; i++) {
      previous = keys[i] = key(attrs.get(i), media, formats, previous);
    }
    // Stable insertion sort: lists are short and usually nearly sorted.
    SdpAttribute[] items = attrs.toArray(new SdpAttribute[0]);
    for (int i = 1; i < n; i++) {
      long k = keys[i];
      SdpAttribute item = items[i];
      int j = i - 1;
      while (j >= 0 && keys[j] > k) {
        keys[j + 1] = keys[j];
        items[j + 1] = items[j];
        j--;
      }
      keys[j + 1] = k;
      items[j + 1] = item;
    }
    List<SdpAttribute> out = new ArrayList<>(n);
    Collections.addAll(out, items);
    return out;
  }
}
