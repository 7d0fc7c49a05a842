package org.rtc4j.peer;

import java.nio.charset.StandardCharsets;

/**
 * One received data channel message (W3C {@code MessageEvent.data}): text (PPID 51/56) or binary
 * (PPID 53/57), RFC 8831 §6.6. The array belongs to the application.
 *
 * @param data the bytes (UTF-8 for text)
 * @param binary whether it was sent as binary
 */
public record DataChannelMessage(byte[] data, boolean binary) {
  /** The text of a text message. */
  public String text() {
    return new String(data, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "DataChannelMessage[" + (binary ? "binary" : "text") + ", " + data.length + " bytes]";
  }
}
