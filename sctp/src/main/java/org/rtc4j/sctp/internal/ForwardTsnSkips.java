package org.rtc4j.sctp.internal;

import java.util.ArrayList;
import java.util.List;
import org.rtc4j.sctp.chunk.ForwardTsnChunk;

/**
 * Collects, per stream (and per ordering for I-DATA), the highest skipped SSN or MID of the
 * abandoned chunks a FORWARD TSN covers (RFC 3758 §3.5 C4, RFC 8260 §2.3.1).
 */
final class ForwardTsnSkips {
  private final List<ForwardTsnChunk.Skip> skips = new ArrayList<>();

  void clear() {
    skips.clear();
  }

  void add(int streamId, boolean unordered, int messageId) {
    for (int i = 0; i < skips.size(); i++) {
      ForwardTsnChunk.Skip s = skips.get(i);
      if (s.streamId() == streamId && s.unordered() == unordered) {
        // Visited in TSN order, and a stream's messages take TSNs in order: the last one wins.
        skips.set(i, new ForwardTsnChunk.Skip(streamId, unordered, messageId));
        return;
      }
    }
    skips.add(new ForwardTsnChunk.Skip(streamId, unordered, messageId));
  }

  /** The skips to list: FORWARD TSN names only ordered streams (RFC 3758 §3.2). */
  List<ForwardTsnChunk.Skip> toList(boolean interleaving) {
    List<ForwardTsnChunk.Skip> out = new ArrayList<>(skips.size());
    for (ForwardTsnChunk.Skip s : skips) {
      if (interleaving || !s.unordered()) {
        out.add(s);
      }
    }
    return out;
  }
}
