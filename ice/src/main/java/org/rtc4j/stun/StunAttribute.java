package org.rtc4j.stun;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A decoded STUN attribute (RFC 8489 §14, RFC 8445 §16.1). Every attribute is a TLV padded to a
 * multiple of four bytes:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Type                  |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Value (variable)                ....
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public sealed interface StunAttribute {
  int MAPPED_ADDRESS = 0x0001;
  int USERNAME = 0x0006;
  int MESSAGE_INTEGRITY = 0x0008;
  int ERROR_CODE = 0x0009;
  int UNKNOWN_ATTRIBUTES = 0x000A;
  int REALM = 0x0014;
  int NONCE = 0x0015;
  int MESSAGE_INTEGRITY_SHA256 = 0x001C;
  int XOR_MAPPED_ADDRESS = 0x0020;
  int PRIORITY = 0x0024;
  int USE_CANDIDATE = 0x0025;
  int SOFTWARE = 0x8022;
  int ALTERNATE_SERVER = 0x8023;
  int FINGERPRINT = 0x8028;
  int ICE_CONTROLLED = 0x8029;
  int ICE_CONTROLLING = 0x802A;
  // TURN (RFC 8656 §18) and RFC 8489 password algorithms
  int CHANNEL_NUMBER = 0x000C;
  int LIFETIME = 0x000D;
  int XOR_PEER_ADDRESS = 0x0012;
  int DATA = 0x0013;
  int XOR_RELAYED_ADDRESS = 0x0016;
  int REQUESTED_ADDRESS_FAMILY = 0x0017;
  int EVEN_PORT = 0x0018;
  int REQUESTED_TRANSPORT = 0x0019;
  int DONT_FRAGMENT = 0x001A;
  int PASSWORD_ALGORITHM = 0x001D;
  int RESERVATION_TOKEN = 0x0022;
  int PASSWORD_ALGORITHMS = 0x8002;

  /** The attribute type code. */
  int type();

  /** MAPPED-ADDRESS (RFC 8489 §14.1). */
  record MappedAddress(InetSocketAddress address) implements StunAttribute {
    public int type() {
      return MAPPED_ADDRESS;
    }
  }

  /** XOR-MAPPED-ADDRESS (RFC 8489 §14.2): the address XOR'ed with the magic cookie and transaction id. */
  record XorMappedAddress(InetSocketAddress address) implements StunAttribute {
    public int type() {
      return XOR_MAPPED_ADDRESS;
    }
  }

  /** XOR-PEER-ADDRESS (RFC 8656 §18.3): a peer of a TURN allocation, encoded like XOR-MAPPED-ADDRESS. */
  record XorPeerAddress(InetSocketAddress address) implements StunAttribute {
    public int type() {
      return XOR_PEER_ADDRESS;
    }
  }

  /** XOR-RELAYED-ADDRESS (RFC 8656 §18.5): the relayed transport address the server allocated. */
  record XorRelayedAddress(InetSocketAddress address) implements StunAttribute {
    public int type() {
      return XOR_RELAYED_ADDRESS;
    }
  }

  /** LIFETIME (RFC 8656 §18.2): seconds until the allocation expires without a refresh. */
  record Lifetime(long seconds) implements StunAttribute {
    public int type() {
      return LIFETIME;
    }
  }

  /** DATA (RFC 8656 §18.4): application data in a Send or Data indication. */
  record Data(byte[] value) implements StunAttribute {
    public int type() {
      return DATA;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Data d && Arrays.equals(value, d.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Data[" + value.length + " bytes]";
    }
  }

  /** ALTERNATE-SERVER (RFC 8489 §14.15), encoded like MAPPED-ADDRESS. */
  record AlternateServer(InetSocketAddress address) implements StunAttribute {
    public int type() {
      return ALTERNATE_SERVER;
    }
  }

  /** USERNAME (RFC 8489 §14.3), UTF-8, at most 513 bytes. ICE puts {@code "rfrag:lfrag"} here. */
  record Username(String value) implements StunAttribute {
    public int type() {
      return USERNAME;
    }
  }

  /** SOFTWARE (RFC 8489 §14.14). */
  record Software(String value) implements StunAttribute {
    public int type() {
      return SOFTWARE;
    }
  }

  /** REALM (RFC 8489 §14.9). */
  record Realm(String value) implements StunAttribute {
    public int type() {
      return REALM;
    }
  }

  /** NONCE (RFC 8489 §14.10). */
  record Nonce(String value) implements StunAttribute {
    public int type() {
      return NONCE;
    }
  }

  /** MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1, 20 bytes. Computed on encode. */
  record MessageIntegrity(byte[] hmac) implements StunAttribute {
    public int type() {
      return MESSAGE_INTEGRITY;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof MessageIntegrity m && Arrays.equals(hmac, m.hmac);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(hmac);
    }

    @Override
    public String toString() {
      return "MessageIntegrity[" + HexFormat.of().formatHex(hmac) + "]";
    }
  }

  /** MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6): HMAC-SHA256, 16 to 32 bytes. Computed on encode. */
  record MessageIntegritySha256(byte[] hmac) implements StunAttribute {
    public int type() {
      return MESSAGE_INTEGRITY_SHA256;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof MessageIntegritySha256 m && Arrays.equals(hmac, m.hmac);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(hmac);
    }

    @Override
    public String toString() {
      return "MessageIntegritySha256[" + HexFormat.of().formatHex(hmac) + "]";
    }
  }

  /** FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message XOR 0x5354554E. Computed on encode. */
  record Fingerprint(int crc) implements StunAttribute {
    public int type() {
      return FINGERPRINT;
    }
  }

  /** ERROR-CODE (RFC 8489 §14.8): a code from 300 to 699 and a reason phrase. */
  record ErrorCode(int code, String reason) implements StunAttribute {
    public static final int TRY_ALTERNATE = 300;
    public static final int BAD_REQUEST = 400;
    public static final int UNAUTHENTICATED = 401;
    public static final int UNKNOWN_ATTRIBUTE = 420;
    public static final int STALE_NONCE = 438;
    public static final int ROLE_CONFLICT = 487;
    public static final int SERVER_ERROR = 500;
    /** TURN (RFC 8656 §19). */
    public static final int FORBIDDEN = 403;
    public static final int ALLOCATION_MISMATCH = 437;
    public static final int ADDRESS_FAMILY_NOT_SUPPORTED = 440;
    public static final int WRONG_CREDENTIALS = 441;
    public static final int UNSUPPORTED_TRANSPORT_PROTOCOL = 442;
    public static final int PEER_ADDRESS_FAMILY_MISMATCH = 443;
    public static final int ALLOCATION_QUOTA_REACHED = 486;
    public static final int INSUFFICIENT_CAPACITY = 508;

    public ErrorCode {
      if (code < 300 || code > 699) {
        throw new IllegalArgumentException("error code must be 300..699: " + code);
      }
      Objects.requireNonNull(reason, "reason");
    }

    public int type() {
      return ERROR_CODE;
    }
  }

  /** UNKNOWN-ATTRIBUTES (RFC 8489 §14.13): the comprehension-required types not understood. */
  record UnknownAttributes(List<Integer> types) implements StunAttribute {
    public UnknownAttributes {
      types = List.copyOf(types);
    }

    public int type() {
      return UNKNOWN_ATTRIBUTES;
    }
  }

  /** PRIORITY (RFC 8445 §16.1): the priority a peer-reflexive candidate would get. */
  record Priority(long priority) implements StunAttribute {
    public Priority {
      if (priority < 0 || priority > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("priority is a 32-bit unsigned value: " + priority);
      }
    }

    public int type() {
      return PRIORITY;
    }
  }

  /** USE-CANDIDATE (RFC 8445 §16.1): a flag, the controlling agent nominates with it. */
  record UseCandidate() implements StunAttribute {
    public int type() {
      return USE_CANDIDATE;
    }
  }

  /** ICE-CONTROLLED (RFC 8445 §16.1) with the sender's 64-bit tie-breaker. */
  record IceControlled(long tieBreaker) implements StunAttribute {
    public int type() {
      return ICE_CONTROLLED;
    }
  }

  /** ICE-CONTROLLING (RFC 8445 §16.1) with the sender's 64-bit tie-breaker. */
  record IceControlling(long tieBreaker) implements StunAttribute {
    public int type() {
      return ICE_CONTROLLING;
    }
  }

  /** Any other attribute, kept as raw bytes. */
  record Unknown(int type, byte[] value) implements StunAttribute {
    /** Types 0x0000-0x7FFF must be understood (RFC 8489 §14). */
    public boolean comprehensionRequired() {
      return type < 0x8000;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown u && u.type == type && Arrays.equals(value, u.value);
    }

    @Override
    public int hashCode() {
      return type * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Unknown[type=0x" + Integer.toHexString(type) + ", value=" + HexFormat.of().formatHex(value) + "]";
    }
  }
}
