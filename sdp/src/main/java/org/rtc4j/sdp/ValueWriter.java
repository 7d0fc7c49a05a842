package org.rtc4j.sdp;

/** Implemented by every attribute type that writes its own value (after {@code a=name:}). */
interface ValueWriter {
  void appendValue(StringBuilder sb);

  static String valueOf(ValueWriter w) {
    StringBuilder sb = new StringBuilder(32);
    w.appendValue(sb);
    return sb.toString();
  }
}
