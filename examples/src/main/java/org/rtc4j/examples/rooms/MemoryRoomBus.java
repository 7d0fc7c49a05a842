package org.rtc4j.examples.rooms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rooms in this process: the default for {@code rtc4j signal}. Every call completes before it returns;
 * a room's member list is its own lock.
 */
public final class MemoryRoomBus implements RoomBus {

    private final int maxRooms;
    private final Map<String, List<RoomMember>> rooms = new ConcurrentHashMap<>();

    /** Rooms for at most {@code maxRooms} rooms at once. */
    public MemoryRoomBus(int maxRooms) {
        this.maxRooms = maxRooms;
    }

    @Override
    public CompletableFuture<Integer> join(RoomMember member) {
        String room = member.room();
        if (!rooms.containsKey(room) && rooms.size() >= maxRooms) {
            return CompletableFuture.failedFuture(new JoinRefused(JoinRefused.SERVER_FULL, "the signaling server is full"));
        }
        RoomMember other = null;
        int peers;
        List<RoomMember> members = rooms.computeIfAbsent(room, r -> new ArrayList<>(2));
        synchronized (members) {
            if (members.size() >= 2) {
                return CompletableFuture.failedFuture(
                        new JoinRefused(JoinRefused.ROOM_FULL, "room " + room + " is full (two peers)"));
            }
            if (!members.isEmpty()) {
                other = members.get(0);
            }
            members.add(member);
            peers = members.size();
            rooms.put(room, members); // it may have been removed while empty
        }
        if (other != null) {
            other.peerJoined();
        }
        return CompletableFuture.completedFuture(peers);
    }

    @Override
    public CompletableFuture<Relay> relay(RoomMember from, String text) {
        RoomMember other = otherPeer(from);
        if (other == null) {
            return CompletableFuture.completedFuture(Relay.NO_PEER);
        }
        other.message(text);
        return CompletableFuture.completedFuture(Relay.DELIVERED);
    }

    private RoomMember otherPeer(RoomMember self) {
        List<RoomMember> members = rooms.get(self.room());
        if (members == null) {
            return null;
        }
        synchronized (members) {
            if (!members.contains(self)) {
                return null;
            }
            for (RoomMember m : members) {
                if (m != self) {
                    return m;
                }
            }
        }
        return null;
    }

    @Override
    public void leave(RoomMember member) {
        List<RoomMember> members = rooms.get(member.room());
        if (members == null) {
            return;
        }
        RoomMember other = null;
        synchronized (members) {
            if (!members.remove(member)) {
                return;
            }
            if (members.isEmpty()) {
                rooms.remove(member.room(), members);
            } else {
                other = members.get(0);
            }
        }
        if (other != null) {
            other.peerLeft();
        }
    }

    @Override
    public int roomCount() {
        return rooms.size();
    }

    @Override
    public String describe() {
        return "in memory";
    }

    @Override
    public void close() {
        rooms.clear();
    }
}
