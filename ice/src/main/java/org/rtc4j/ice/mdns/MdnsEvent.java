package org.rtc4j.ice.mdns;

import java.net.InetAddress;

/** What {@link Mdns} reports through {@link Mdns#pollEvent()}. */
public sealed interface MdnsEvent {
  /** {@code name} resolved to {@code address}. */
  record Resolved(String name, InetAddress address) implements MdnsEvent {}

  /** Nobody answered for {@code name} within the timeout. */
  record NotResolved(String name) implements MdnsEvent {}
}
