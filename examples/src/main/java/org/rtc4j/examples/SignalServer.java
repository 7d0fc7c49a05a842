package org.rtc4j.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.rtc4j.examples.rooms.JoinRefused;
import org.rtc4j.examples.rooms.MemoryRoomBus;
import org.rtc4j.examples.rooms.Relay;
import org.rtc4j.examples.rooms.RoomBus;
import org.rtc4j.examples.rooms.RoomMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signaling server: rooms of two peers, relaying their offer, answer, trickle candidates and
 * bye as JSON text messages over WebSocket (RFC 6455), so browsers speak it too.
 *
 * <p>Protocol. A peer connects to {@code ws://HOST:PORT/ROOM} (ROOM: 1-64 of {@code A-Z a-z 0-9 _ -},
 * plus {@code ?secret=S} when the server has a secret). The server answers
 * {@code {"type":"joined","room":R,"peers":N}}; when the second peer arrives the first gets
 * {@code {"type":"peer-joined"}}, and the second (who got {@code "peers":2}) makes the offer.
 * Messages of type {@code offer}, {@code answer}, {@code candidate} and {@code bye} go to the other
 * peer unchanged; when a peer leaves, the other gets {@code {"type":"peer-left"}}. Anything else —
 * not JSON, no known type, more than {@link #MAX_MESSAGE_BYTES} — gets
 * {@code {"type":"error","message":...}} back, to its sender only. A third peer, a bad room name or
 * a wrong secret get an error and are closed (codes 4009, 4004, 4003).
 *
 * <p>Java-WebSocket runs one selector thread for all connections (plus a small pool decoding
 * frames): event-driven like the rest of rtc4j, with no HTTP or WebSocket framing of our own.
 * Frames above {@link #MAX_MESSAGE_BYTES} are refused by the library itself (close 1009) before
 * they are buffered; dead connections are found by its ping/pong every {@link #PING_SECONDS} s.
 *
 * <p>Rooms live in a {@link RoomBus}: in this process by default ({@link MemoryRoomBus}), or shared
 * with other signaling servers through Redis ({@link org.rtc4j.examples.rooms.RedisRoomBus}), which
 * peers cannot tell apart. While Redis cannot be reached a new peer gets an error and close code
 * 1013 (Try Again Later), and a message that cannot be relayed gets an error back.
 */
public final class SignalServer extends WebSocketServer {

    private static final Logger LOG = LoggerFactory.getLogger(SignalServer.class);

    /** Largest message accepted: an SDP with many m-lines is ~10 KB. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** Rooms at most (per server: rooms in which it holds a peer); further peers get "server full". */
    public static final int MAX_ROOMS = 1000;
    static final int PING_SECONDS = 20;
    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> RELAYED = Set.of("offer", "answer", "candidate", "bye");

    private final String secret;
    private final RoomBus rooms;
    private volatile Runnable onStarted = () -> { };
    private volatile Throwable startFailure;

    /** A server on {@code address} with its rooms in memory; {@code secret} may be null (no secret needed). */
    public SignalServer(InetSocketAddress address, String secret) {
        this(address, secret, new MemoryRoomBus(MAX_ROOMS));
    }

    /** A server on {@code address} with its rooms in {@code rooms}, which it closes when it stops. */
    public SignalServer(InetSocketAddress address, String secret, RoomBus rooms) {
        super(address, 1, List.<Draft>of(new Draft_6455(Collections.emptyList(), MAX_MESSAGE_BYTES)));
        this.secret = secret;
        this.rooms = rooms;
        setReuseAddr(true);
        setTcpNoDelay(true);
        setConnectionLostTimeout(PING_SECONDS);
        setDaemon(true);
    }

    /** Starts and waits until the socket is bound. */
    public void startAndWait() throws InterruptedException {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        onStarted = started::countDown;
        start();
        if (!started.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new Failure("the signaling server did not start within 10 s.");
        }
        if (startFailure != null) {
            throw new Failure("the signaling server cannot listen on " + getAddress() + ": " + startFailure.getMessage() + ".",
                    startFailure);
        }
    }

    /** Number of rooms in which this server holds at least one peer. */
    public int roomCount() {
        return rooms.roomCount();
    }

    /** Where the rooms are: "in memory" or "on Redis at ...". */
    public String rooms() {
        return rooms.describe();
    }

    /** Stops accepting, closes every connection (their peers leave their rooms), then closes the rooms. */
    @Override
    public void stop(int timeout, String closeMessage) throws InterruptedException {
        try {
            super.stop(timeout, closeMessage);
        } finally {
            rooms.close();
        }
    }

    @Override
    public void onStart() {
        onStarted.run();
    }

    @Override
    public void onOpen(WebSocket ws, ClientHandshake handshake) {
        String resource = handshake.getResourceDescriptor();
        String path = resource;
        String query = "";
        int q = resource.indexOf('?');
        if (q >= 0) {
            path = resource.substring(0, q);
            query = resource.substring(q + 1);
        }
        String room = path.startsWith("/") ? path.substring(1) : path;
        if (!ROOM.matcher(room).matches()) {
            refuse(ws, 4004, "the room name must be 1-64 letters, digits, '_' or '-' (ws://HOST:PORT/ROOM)");
            return;
        }
        if (secret != null && !secret.equals(queryParam(query, "secret"))) {
            refuse(ws, 4003, "this signaling server needs the right ?secret=");
            return;
        }
        Member member = new Member(ws, room);
        ws.setAttachment(member);
        rooms.join(member).whenComplete(member::joined);
    }

    private static String queryParam(String query, String name) {
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(name)) {
                return URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void refuse(WebSocket ws, int code, String message) {
        send(ws, error(message));
        ws.close(code, message);
    }

    static ObjectNode error(String message) {
        return Report.JSON.createObjectNode().put("type", "error").put("message", message);
    }

    private static void send(WebSocket ws, JsonNode message) {
        send(ws, message.toString());
    }

    private static void send(WebSocket ws, String text) {
        if (ws.isOpen()) {
            ws.send(text);
        }
    }

    @Override
    public void onMessage(WebSocket ws, String text) {
        Member member = ws.getAttachment();
        if (member == null) {
            return;
        }
        if (text.length() > MAX_MESSAGE_BYTES) {
            send(ws, error("message too large (at most " + MAX_MESSAGE_BYTES + " bytes)"));
            return;
        }
        JsonNode msg;
        try {
            msg = Report.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            send(ws, error("not JSON: " + e.getOriginalMessage()));
            return;
        }
        if (msg == null || !msg.isObject() || !msg.path("type").isTextual()) {
            send(ws, error("a message is a JSON object with a \"type\""));
            return;
        }
        String type = msg.get("type").asText();
        if (!RELAYED.contains(type)) {
            send(ws, error("unknown message type \"" + type + "\" (offer, answer, candidate, bye)"));
            return;
        }
        if (!member.inRoom()) {
            send(ws, error("wait for \"joined\" before sending"));
            return;
        }
        rooms.relay(member, msg.toString()).thenAccept(r -> {
            if (r == Relay.NO_PEER) {
                send(ws, error("no other peer in room " + member.room + " yet"));
            } else if (r == Relay.NODE_UNREACHABLE) {
                send(ws, error("the other peer's signaling server did not take the " + type + " (it may have just stopped)"));
            } else if (r == Relay.STORE_UNAVAILABLE) {
                send(ws, error("the signaling server cannot reach its room store (Redis) right now; the " + type
                        + " was not relayed"));
            }
        });
    }

    @Override
    public void onMessage(WebSocket ws, ByteBuffer message) {
        send(ws, error("binary messages are not part of the protocol; send JSON text"));
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason, boolean remote) {
        Member member = ws.getAttachment();
        if (member != null && member.close()) {
            rooms.leave(member);
            LOG.info("peer left room {}", member.room);
        }
    }

    @Override
    public void onError(WebSocket ws, Exception e) {
        if (ws == null) {
            startFailure = e;
            onStarted.run();
        } else {
            LOG.debug("websocket error: {}", e.toString());
        }
    }

    /**
     * One connection as a peer of a room. What the bus delivers before the peer has been told
     * {@code joined} (on Redis, the other peer may already speak) waits here, in order, until then.
     */
    private static final class Member implements RoomMember {

        final WebSocket ws;
        final String room;
        private List<String> early = new ArrayList<>(0);
        private boolean inRoom;
        private boolean closed;

        Member(WebSocket ws, String room) {
            this.ws = ws;
            this.room = room;
        }

        @Override
        public String room() {
            return room;
        }

        synchronized boolean inRoom() {
            return inRoom;
        }

        /** The bus answered the join. */
        void joined(Integer peers, Throwable failure) {
            if (failure != null) {
                Throwable why = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                synchronized (this) {
                    closed = true;
                }
                if (why instanceof JoinRefused r) {
                    refuse(ws, r.closeCode(), r.getMessage());
                } else {
                    LOG.warn("joining room {} failed", room, why);
                    refuse(ws, 1011, "the signaling server failed to join room " + room);
                }
                return;
            }
            List<String> queued;
            synchronized (this) {
                if (closed) {
                    return; // closed while joining: onClose left the room for it
                }
                send(ws, Report.JSON.createObjectNode().put("type", "joined").put("room", room).put("peers", peers));
                inRoom = true;
                queued = early;
                early = null;
                for (String text : queued) {
                    send(ws, text);
                }
            }
            LOG.info("peer joined room {} ({} of 2)", room, peers);
        }

        /** The connection closed; true if the member has to leave its room. */
        synchronized boolean close() {
            boolean leave = !closed;
            closed = true;
            return leave;
        }

        @Override
        public void peerJoined() {
            deliver(Report.JSON.createObjectNode().put("type", "peer-joined").toString());
        }

        @Override
        public void peerLeft() {
            deliver(Report.JSON.createObjectNode().put("type", "peer-left").toString());
        }

        @Override
        public void message(String text) {
            deliver(text);
        }

        private synchronized void deliver(String text) {
            if (inRoom) {
                send(ws, text);
            } else if (early != null && !closed) {
                early.add(text);
            }
        }

        @Override
        public void evicted(int closeCode, String reason) {
            synchronized (this) {
                closed = true;
                inRoom = false;
            }
            refuse(ws, closeCode, reason);
        }
    }
}
