package org.rtc4j.peer.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR {@code rtc4j.IceStateChange}: the connection's ICE connection state changed (W3C names). */
@Name("rtc4j.IceStateChange")
@Label("ICE State Change")
@Category({"rtc4j", "ICE"})
@Description("The ICE connection state of a peer connection changed")
@StackTrace(false)
public final class IceStateEvent extends jdk.jfr.Event {
  @Label("Connection Id")
  String connectionId;

  @Label("State")
  String state;

  /** Records the change if a recording wants it. */
  public static void emit(String connectionId, String state) {
    IceStateEvent e = new IceStateEvent();
    if (e.shouldCommit()) {
      e.connectionId = connectionId;
      e.state = state;
      e.commit();
    }
  }
}
