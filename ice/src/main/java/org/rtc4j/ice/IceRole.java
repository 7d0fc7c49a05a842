package org.rtc4j.ice;

/** The agent's role (RFC 8445 §6.1.1): the controlling agent nominates the pair. */
public enum IceRole {
  CONTROLLING,
  CONTROLLED;

  public IceRole other() {
    return this == CONTROLLING ? CONTROLLED : CONTROLLING;
  }
}
