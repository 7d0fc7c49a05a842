package org.rtc4j.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Queries over an attribute list, shared by session and media descriptions. */
final class Attributes {
  private Attributes() {}

  static <T extends SdpAttribute> List<T> all(List<SdpAttribute> attrs, Class<T> type) {
    List<T> out = null;
    for (SdpAttribute a : attrs) {
      if (type.isInstance(a)) {
        if (out == null) {
          out = new ArrayList<>();
        }
        out.add(type.cast(a));
      }
    }
    return out == null ? List.of() : List.copyOf(out);
  }

  static <T extends SdpAttribute> Optional<T> first(List<SdpAttribute> attrs, Class<T> type) {
    for (SdpAttribute a : attrs) {
      if (type.isInstance(a)) {
        return Optional.of(type.cast(a));
      }
    }
    return Optional.empty();
  }

  static List<SdpAttribute> named(List<SdpAttribute> attrs, String name) {
    List<SdpAttribute> out = null;
    for (SdpAttribute a : attrs) {
      if (a.attributeName().equals(name)) {
        if (out == null) {
          out = new ArrayList<>();
        }
        out.add(a);
      }
    }
    return out == null ? List.of() : List.copyOf(out);
  }

  static Optional<String> value(List<SdpAttribute> attrs, String name) {
    for (SdpAttribute a : attrs) {
      if (a.attributeName().equals(name)) {
        return Optional.ofNullable(a.attributeValue());
      }
    }
    return Optional.empty();
  }

  static List<String> values(List<SdpAttribute> attrs, String name) {
    List<String> out = null;
    for (SdpAttribute a : attrs) {
      if (a.attributeName().equals(name) && a.attributeValue() != null) {
        if (out == null) {
          out = new ArrayList<>();
        }
        out.add(a.attributeValue());
      }
    }
    return out == null ? List.of() : List.copyOf(out);
  }

  static boolean has(List<SdpAttribute> attrs, String name) {
    for (SdpAttribute a : attrs) {
      if (a.attributeName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  static Optional<Direction> direction(List<SdpAttribute> attrs) {
    return first(attrs, Direction.class);
  }

  static List<String> iceOptions(List<SdpAttribute> attrs) {
    List<String> out = new ArrayList<>(2);
    for (String v : values(attrs, "ice-options")) {
      for (String option : v.trim().split("[ \t]+")) {
        if (!option.isEmpty()) {
          out.add(option);
        }
      }
    }
    return List.copyOf(out);
  }
}
