package org.rtc4j.examples.rooms;

import java.util.concurrent.CompletableFuture;

/**
 * Where the signaling server keeps its rooms of two peers: in this process ({@link MemoryRoomBus}) or
 * shared by several server processes ({@link RedisRoomBus}). The server validates what peers send;
 * the bus only places peers in rooms and carries messages and notifications between the two peers
 * of a room.
 *
 * <p>Guarantees every implementation keeps: a room never holds more than two peers; a message goes
 * only to the other peer of the sender's room; messages from one peer arrive in the order sent, and
 * after the {@link RoomMember#peerJoined()} that announced their sender; a peer that leaves (or whose
 * node dies, on Redis within the node expiry) is announced to the other with
 * {@link RoomMember#peerLeft()}. Methods may be called from any thread and never block.
 */
public interface RoomBus extends AutoCloseable {

    /**
     * Puts {@code member} into {@link RoomMember#room()}. Completes with the number of peers in the room
     * now (1, or 2 when the other peer was there and has been sent {@code peerJoined}), or exceptionally
     * with a {@link JoinRefused}.
     */
    CompletableFuture<Integer> join(RoomMember member);

    /** Sends {@code text} to the other peer of the room {@code from} joined. */
    CompletableFuture<Relay> relay(RoomMember from, String text);

    /** Takes {@code member} out of its room (the other peer hears {@code peerLeft}); does nothing if it is in none. */
    void leave(RoomMember member);

    /** Rooms in which this server holds at least one peer. */
    int roomCount();

    /** Where the rooms are, for the startup line: "in memory", "on Redis at redis://HOST:PORT (node ID)". */
    String describe();

    /** Leaves every room this server holds peers in and releases the bus's resources. */
    @Override
    void close();
}
