package org.rtc4j.peer.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import org.rtc4j.ice.CandidatePair;

/** JFR {@code rtc4j.IceSelectedPair}: ICE selected (or switched) the pair media flows on. */
@Name("rtc4j.IceSelectedPair")
@Label("ICE Selected Pair")
@Category({"rtc4j", "ICE"})
@Description("The candidate pair ICE selected for a peer connection")
@StackTrace(false)
public final class IceSelectedPairEvent extends jdk.jfr.Event {
  @Label("Connection Id")
  String connectionId;

  @Label("Local Address")
  String localAddress;

  @Label("Local Type")
  String localType;

  @Label("Remote Address")
  String remoteAddress;

  @Label("Remote Type")
  String remoteType;

  @Label("Relayed")
  boolean relayed;

  /** Records the selection if a recording wants it. */
  public static void emit(String connectionId, CandidatePair pair) {
    IceSelectedPairEvent e = new IceSelectedPairEvent();
    if (e.shouldCommit()) {
      e.connectionId = connectionId;
      e.localAddress = String.valueOf(pair.localAddress());
      e.localType = pair.local().type().sdpName();
      e.remoteAddress = String.valueOf(pair.remoteAddress());
      e.remoteType = pair.remote().type().sdpName();
      e.relayed = pair.isRelayed();
      e.commit();
    }
  }
}
