package org.rtc4j.peer;

/** W3C {@code RTCBundlePolicy}. rtc4j bundles every media section on one transport (RFC 8843), so only {@code MAX_BUNDLE} is accepted. */
public enum BundlePolicy {
  MAX_BUNDLE;

  /** The W3C spelling, e.g. {@code "have-local-offer"}. */
  public String w3cName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
