/**
 * Rooms of two peers for the signaling server, behind one small boundary ({@link org.rtc4j.examples.rooms.RoomBus}):
 * join and leave a room, relay a message to the other peer, and hear when the other peer joins or leaves.
 *
 * <ul>
 *   <li>{@link org.rtc4j.examples.rooms.MemoryRoomBus}: one process, the default ({@code rtc4j signal}).
 *   <li>{@link org.rtc4j.examples.rooms.RedisRoomBus}: rooms shared by every signaling node connected to one
 *       Redis ({@code rtc4j signal --redis redis://HOST:PORT}); atomic joins in Lua scripts, relay through one
 *       pub/sub channel per node, node liveness by heartbeat. Close codes follow RFC 6455 §7.4 (1013 Try
 *       Again Later while Redis cannot be reached) and the server's own 4000-4999 codes (4008 server full,
 *       4009 room full).
 * </ul>
 */
package org.rtc4j.examples.rooms;
