package org.rtc4j.peer;

/**
 * Options for {@link PeerConnection#createOffer(OfferOptions)} (W3C {@code RTCOfferOptions}).
 *
 * @param iceRestart generate new ICE credentials, restarting ICE when the offer is applied
 */
public record OfferOptions(boolean iceRestart) {
  /** No options. */
  public static final OfferOptions DEFAULT = new OfferOptions(false);

  /** Options with ICE restart. */
  public static OfferOptions withIceRestart() {
    return new OfferOptions(true);
  }
}
