package org.rtc4j.examples.rooms;

/**
 * One message on a node's Redis pub/sub channel, as the Lua scripts write it:
 *
 * <pre>
 * MEMBER LF ROOM LF KIND LF PAYLOAD
 * </pre>
 *
 * MEMBER is the receiving peer's id (node id, '.', a number), ROOM its room, KIND {@code m} (a
 * message, PAYLOAD is the JSON text), {@code j} (peer-joined) or {@code l} (peer-left); PAYLOAD is
 * empty for the notifications. The receiving node delivers it only to a local peer with that id that
 * is in that room; a room name cannot hold LF, a member id neither, so the first three fields parse
 * unambiguously whatever the payload holds.
 */
record Envelope(String member, String room, char kind, String payload) {

    static final char MESSAGE = 'm';
    static final char PEER_JOINED = 'j';
    static final char PEER_LEFT = 'l';

    /** The envelope in {@code text}, or null when it is not one. */
    static Envelope parse(String text) {
        int a = text.indexOf('\n');
        int b = a < 0 ? -1 : text.indexOf('\n', a + 1);
        if (a <= 0 || b <= a + 1 || text.length() < b + 3 || text.charAt(b + 2) != '\n') {
            return null;
        }
        char kind = text.charAt(b + 1);
        if (kind != MESSAGE && kind != PEER_JOINED && kind != PEER_LEFT) {
            return null;
        }
        return new Envelope(text.substring(0, a), text.substring(a + 1, b), kind, text.substring(b + 3));
    }
}
