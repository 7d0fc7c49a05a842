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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
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
 */
public final class SignalServer extends WebSocketServer {

    private static final Logger LOG = LoggerFactory.getLogger(SignalServer.class);

    /** Largest message accepted: an SDP with many m-lines is ~10 KB. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** Rooms at most; further peers get "server full". */
    public static final int MAX_ROOMS = 1000;
    static final int PING_SECONDS = 20;
    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> RELAYED = Set.of("offer", "answer", "candidate", "bye");

    private final String secret;
    private final Map<String, List<WebSocket>> rooms = new ConcurrentHashMap<>();
    private volatile Runnable onStarted = () -> { };
    private volatile Throwable startFailure;

    /** A server on {@code address}; {@code secret} may be null (no secret needed). */
    public SignalServer(InetSocketAddress address, String secret) {
        super(address, 1, List.<Draft>of(new Draft_6455(Collections.emptyList(), MAX_MESSAGE_BYTES)));
        this.secret = secret;
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

    /** Number of rooms with at least one peer. */
    public int roomCount() {
        return rooms.size();
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
        if (!rooms.containsKey(room) && rooms.size() >= MAX_ROOMS) {
            refuse(ws, 4008, "the signaling server is full");
            return;
        }
        int peers;
        WebSocket other = null;
        List<WebSocket> members = rooms.computeIfAbsent(room, r -> new ArrayList<>(2));
        synchronized (members) {
            if (members.size() >= 2) {
                refuse(ws, 4009, "room " + room + " is full (two peers)");
                return;
            }
            if (!members.isEmpty()) {
                other = members.get(0);
            }
            members.add(ws);
            peers = members.size();
            rooms.put(room, members); // it may have been removed while empty
        }
        ws.setAttachment(room);
        ObjectNode joined = Report.JSON.createObjectNode().put("type", "joined").put("room", room).put("peers", peers);
        send(ws, joined);
        if (other != null) {
            send(other, Report.JSON.createObjectNode().put("type", "peer-joined"));
        }
        LOG.info("peer joined room {} ({} of 2)", room, peers);
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

    private void refuse(WebSocket ws, int code, String message) {
        send(ws, error(message));
        ws.close(code, message);
    }

    static ObjectNode error(String message) {
        return Report.JSON.createObjectNode().put("type", "error").put("message", message);
    }

    private static void send(WebSocket ws, JsonNode message) {
        if (ws.isOpen()) {
            ws.send(message.toString());
        }
    }

    @Override
    public void onMessage(WebSocket ws, String text) {
        String room = ws.getAttachment();
        if (room == null) {
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
        WebSocket other = otherPeer(room, ws);
        if (other == null) {
            send(ws, error("no other peer in room " + room + " yet"));
            return;
        }
        send(other, msg);
    }

    @Override
    public void onMessage(WebSocket ws, ByteBuffer message) {
        send(ws, error("binary messages are not part of the protocol; send JSON text"));
    }

    private WebSocket otherPeer(String room, WebSocket self) {
        List<WebSocket> members = rooms.get(room);
        if (members == null) {
            return null;
        }
        synchronized (members) {
            for (WebSocket m : members) {
                if (m != self) {
                    return m;
                }
            }
        }
        return null;
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason, boolean remote) {
        String room = ws.getAttachment();
        if (room == null) {
            return;
        }
        List<WebSocket> members = rooms.get(room);
        if (members == null) {
            return;
        }
        WebSocket other = null;
        synchronized (members) {
            members.remove(ws);
            if (members.isEmpty()) {
                rooms.remove(room, members);
            } else {
                other = members.get(0);
            }
        }
        if (other != null) {
            send(other, Report.JSON.createObjectNode().put("type", "peer-left"));
        }
        LOG.info("peer left room {}", room);
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
}
