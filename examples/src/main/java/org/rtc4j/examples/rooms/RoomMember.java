package org.rtc4j.examples.rooms;

/**
 * One peer of a room as a {@link RoomBus} sees it: the signaling server's side of one WebSocket.
 * The bus calls these from its own threads (for Redis, a Lettuce I/O thread); they must not block.
 */
public interface RoomMember {

    /** The room this peer joins: 1-64 of {@code A-Z a-z 0-9 _ -}, checked by the server. */
    String room();

    /** The other peer joined the room. */
    void peerJoined();

    /** The other peer left the room: it closed, or its signaling node stopped or died. */
    void peerLeft();

    /** A message from the other peer, as it sent it (one JSON object). */
    void message(String text);

    /**
     * The bus had to take this peer out of its room (for Redis: another peer took its place while Redis
     * could not be reached); the server closes the connection with {@code closeCode}.
     */
    void evicted(int closeCode, String reason);
}
