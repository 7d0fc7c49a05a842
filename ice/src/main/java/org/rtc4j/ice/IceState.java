package org.rtc4j.ice;

/**
 * Connection state of an agent, with the W3C {@code RTCIceTransportState} names.
 *
 * <ul>
 *   <li>{@code NEW}: no checks yet.
 *   <li>{@code CHECKING}: checks under way, no pair selected.
 *   <li>{@code CONNECTED}: a nominated pair is selected; media may flow.
 *   <li>{@code COMPLETED}: connected, local gathering finished and the peer signalled
 *       end-of-candidates.
 *   <li>{@code DISCONNECTED}: consent checks on the selected pair stopped being answered (RFC 7675),
 *       consent has not yet expired.
 *   <li>{@code FAILED}: every pair failed, or consent expired (30 s without an answer).
 *   <li>{@code CLOSED}: {@link IceAgent#close()} was called.
 * </ul>
 */
public enum IceState {
  NEW,
  CHECKING,
  CONNECTED,
  COMPLETED,
  DISCONNECTED,
  FAILED,
  CLOSED
}
