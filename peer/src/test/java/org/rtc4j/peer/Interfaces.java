package org.rtc4j.peer;

import java.io.IOException;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The network interfaces this JVM sees: browser tests run only where loopback is the only one up. */
final class Interfaces {
  private Interfaces() {}

  /** The names of the interfaces that are up and not loopback (empty in a loopback-only namespace). */
  static List<String> upBesidesLoopback() throws IOException {
    List<String> others = new ArrayList<>();
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (ni.isUp() && !ni.isLoopback()) {
        others.add(ni.getName());
      }
    }
    return others;
  }
}
