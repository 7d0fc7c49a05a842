package org.rtc4j.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one-line JSON summary every command prints last on standard output:
 *
 * <pre>{@code
 * {"command":"peer","ok":true,"connectionMs":412,
 *  "tracks":[{"name":"video","direction":"recv","kind":"video","codec":"VP8",
 *             "packets":1520,"bytes":1243100,"frames":300,"lost":0}, ...],
 *  "errors":[]}
 * }</pre>
 *
 * {@code connectionMs} is the time from the PeerConnection's creation, just before the offer or
 * answer is made, to its {@code connected} state: SDP exchange, ICE checks and the DTLS handshake
 * (null when it never got there). Commands add their own fields
 * ({@code verified} for loopback, {@code sessions} for the servers).
 */
public final class Report {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String command;
    private final List<TrackCounter> tracks = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> foreignTracks = new CopyOnWriteArrayList<>();
    private final ObjectNode extra = JSON.createObjectNode();
    private volatile Long connectionMs;
    private volatile ObjectNode selectedPair;

    public Report(String command) {
        this.command = command;
    }

    public TrackCounter track(String name, TrackCounter.Direction direction, org.rtc4j.media.Codec codec) {
        TrackCounter c = new TrackCounter(name, direction, codec);
        tracks.add(c);
        return c;
    }

    public List<TrackCounter> tracks() {
        return tracks;
    }

    public void connected(long millis) {
        if (connectionMs == null) {
            connectionMs = millis;
        }
    }

    /** A track another process reported (loopback gathers its peers' tracks), renamed {@code prefix/name}. */
    public void addTrack(String prefix, JsonNode track) {
        ObjectNode t = track.deepCopy();
        t.put("name", prefix + "/" + track.path("name").asText());
        foreignTracks.add(t);
    }

    public Long connectionMs() {
        return connectionMs;
    }

    public void error(String sentence) {
        errors.add(sentence);
    }

    public List<String> errors() {
        return errors;
    }

    /**
     * The selected ICE candidate pair from the connection's stats: its local and remote candidate
     * types ({@code host}, {@code srflx}, {@code prflx}, {@code relay}) and transport protocol.
     */
    public void selectedPair(org.rtc4j.peer.StatsReport stats) {
        ObjectNode p = pairJson(stats);
        if (p != null) {
            selectedPair = p;
        }
    }

    /**
     * {@code {"local":TYPE,"remote":TYPE,"protocol":"udp"|"tcp"}} for the selected pair in
     * {@code stats}, plus {@code relayProtocol} (how the relay is reached: udp, tcp or tls) when the
     * local candidate is a relay; null when no pair is selected.
     */
    static ObjectNode pairJson(org.rtc4j.peer.StatsReport stats) {
        org.rtc4j.peer.Stats transport = stats.ofType("transport").stream().findFirst().orElse(null);
        Object pairId = transport == null ? null : transport.get("selectedCandidatePairId");
        org.rtc4j.peer.Stats pair = pairId == null ? null : stats.get(pairId.toString());
        if (pair == null) {
            return null;
        }
        org.rtc4j.peer.Stats local = stats.get(String.valueOf(pair.get("localCandidateId")));
        org.rtc4j.peer.Stats remote = stats.get(String.valueOf(pair.get("remoteCandidateId")));
        ObjectNode p = JSON.createObjectNode();
        p.put("local", local == null ? null : String.valueOf(local.get("candidateType")));
        p.put("remote", remote == null ? null : String.valueOf(remote.get("candidateType")));
        p.put("protocol", local == null ? null : String.valueOf(local.get("protocol")));
        if (local != null && "relay".equals(local.get("candidateType")) && local.get("relayProtocol") != null) {
            p.put("relayProtocol", String.valueOf(local.get("relayProtocol")));
        }
        return p;
    }

    /** Command-specific fields. */
    public ObjectNode extra() {
        return extra;
    }

    public ObjectNode toJson(boolean ok) {
        ObjectNode root = JSON.createObjectNode();
        root.put("command", command);
        root.put("ok", ok);
        if (connectionMs == null) {
            root.putNull("connectionMs");
        } else {
            root.put("connectionMs", connectionMs);
        }
        if (selectedPair != null) {
            root.set("selectedPair", selectedPair);
        }
        ArrayNode ts = root.putArray("tracks");
        for (TrackCounter c : tracks) {
            writeTrack(ts.addObject(), c);
        }
        foreignTracks.forEach(ts::add);
        ArrayNode es = root.putArray("errors");
        errors.forEach(es::add);
        root.setAll(extra);
        return root;
    }

    /** One entry of {@code tracks}: name, direction, kind, codec, packets, bytes, frames, lost. */
    static void writeTrack(ObjectNode t, TrackCounter c) {
        t.put("name", c.name());
        t.put("direction", c.direction().label());
        t.put("kind", c.kind());
        t.put("codec", c.codec() == null ? null : c.codec().encodingName());
        t.put("packets", Math.max(c.packets(), 0));
        t.put("bytes", c.bytes());
        t.put("frames", c.frames());
        t.put("lost", c.lost());
    }

    /** Prints the summary as one line. */
    public void print(PrintStream out, boolean ok) {
        try {
            String line = JSON.writeValueAsString(toJson(ok));
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the summary", e);
        }
    }
}
