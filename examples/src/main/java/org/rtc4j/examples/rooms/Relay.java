package org.rtc4j.examples.rooms;

/** What became of one message {@link RoomBus#relay relayed} to the other peer of a room. */
public enum Relay {
    /** Handed to the other peer's signaling node (which sends it on unless that peer just left). */
    DELIVERED,
    /** The room has no other peer (yet, or any more). */
    NO_PEER,
    /** The other peer is in the room but its node did not take the message (it is gone or cut off from Redis). */
    NODE_UNREACHABLE,
    /** The shared room store (Redis) cannot be reached; nothing was relayed. */
    STORE_UNAVAILABLE
}
