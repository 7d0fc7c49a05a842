package org.rtc4j.examples.rooms;

/**
 * A join the bus refuses, with the WebSocket close code the server closes with and one sentence for
 * the peer: {@link #ROOM_FULL}, {@link #SERVER_FULL} or {@link #TRY_AGAIN_LATER}.
 */
public final class JoinRefused extends Exception {

    private static final long serialVersionUID = 1L;

    /** The room already has two peers (on any node). */
    public static final int ROOM_FULL = 4009;
    /** This server already holds peers in its maximum number of rooms. */
    public static final int SERVER_FULL = 4008;
    /** RFC 6455 §7.4.1 / IANA "Try Again Later": the shared room store (Redis) cannot be reached. */
    public static final int TRY_AGAIN_LATER = 1013;

    private final int closeCode;

    public JoinRefused(int closeCode, String sentence) {
        super(sentence, null, false, false);
        this.closeCode = closeCode;
    }

    /** The WebSocket close code. */
    public int closeCode() {
        return closeCode;
    }
}
