package org.rtc4j.examples.rooms;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rooms shared by every signaling node connected to one Redis, so that two peers of a room may reach
 * different nodes (behind a load balancer) and still meet.
 *
 * <p><b>Data.</b> A room is a Redis hash of at most two fields, member id → node id; each node keeps
 * the hash of its own members (member id → room) and beats in a sorted set of nodes (node id → last
 * beat, by Redis's clock). Every change is one Lua script ({@code rooms/*.lua}), so a join that finds
 * two peers in the room is refused atomically, wherever the third peer connected.
 *
 * <p><b>Relay.</b> One pub/sub channel per node, subscribed once at start: a relayed message is one
 * script that finds the other member of the sender's room and publishes an {@link Envelope} to that
 * member's node. All of a node's commands go over one connection, and Redis runs one connection's
 * commands in order, so a peer's messages arrive in the order sent, after the peer-joined that
 * announced it; the envelope names member and room, and a node delivers it only to that member in
 * that room. Delivery is at most once: a node that is not subscribed at that moment misses it, and
 * the sender hears so ({@link Relay#NODE_UNREACHABLE}).
 *
 * <p><b>Liveness.</b> Each node beats every fifth of the expiry; a node whose last beat is older than
 * four fifths is declared dead by the next live node that beats, its peers leave their rooms and
 * their partners hear peer-left: within one expiry of the dead node's last beat ({@link NodeLiveness}).
 *
 * <p><b>Outage.</b> Commands are refused at once while the connection is down (and time out after
 * {@link #COMMAND_TIMEOUT}); joins are refused with {@link JoinRefused#TRY_AGAIN_LATER}, relays
 * answer {@link Relay#STORE_UNAVAILABLE}. Lettuce reconnects (and resubscribes) by itself; the first
 * beat after the outage writes this node's memberships again if Redis lost them, and joins are taken
 * again from then on. Peer connections and their media never depend on Redis.
 *
 * <p>Threads: Lettuce's fixed Netty pools (two I/O threads, two computation threads, one timer),
 * whatever the number of rooms and peers; the beat runs on the computation pool. Nothing here blocks
 * except {@link #connect} and {@link #close}.
 */
public final class RedisRoomBus implements RoomBus {

    private static final Logger LOG = LoggerFactory.getLogger(RedisRoomBus.class);

    /**
     * A command not answered within this time fails (Redis is up but does not answer; a Redis that is
     * down refuses at once). Generous: a join refused because a loaded machine was slow is worse.
     */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    /** A default node expiry: a dead node's peers leave their rooms within this time. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(5);
    private static final String PREFIX = "rtc4j:";
    private static final String[] NO_KEYS = new String[0];

    private final String where;
    private final String nodeId;
    private final int maxRooms;
    private final NodeLiveness liveness;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> subscription;
    private final String joinScript;
    private final String relayScript;
    private final String leaveScript;
    private final String heartbeatScript;
    private final String sweepScript;
    private final String reconcileScript;

    /** Guards membership changes together with the order in which their commands are sent. */
    private final Object lock = new Object();
    private final Map<RoomMember, Local> byMember = new ConcurrentHashMap<>();
    private final Map<String, Local> byId = new ConcurrentHashMap<>();
    private final Map<String, Integer> localRooms = new HashMap<>();
    private final AtomicLong nextMember = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile ScheduledFuture<?> beat;
    private volatile boolean closed;

    /** A peer of this node: its id in Redis, and whether its join has been answered. */
    private static final class Local {
        final String id;
        final RoomMember member;
        final String room;
        volatile boolean joined;

        Local(String id, RoomMember member) {
            this.id = id;
            this.member = member;
            this.room = member.room();
        }
    }

    private RedisRoomBus(String where, ClientResources resources, RedisClient client,
            StatefulRedisConnection<String, String> commands, StatefulRedisPubSubConnection<String, String> subscription,
            Duration expiry, int maxRooms) throws IOException {
        this.where = where;
        this.resources = resources;
        this.client = client;
        this.commands = commands;
        this.subscription = subscription;
        this.maxRooms = maxRooms;
        this.liveness = new NodeLiveness(expiry.toNanos());
        this.nodeId = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
        String common = "local P = '" + PREFIX + "'\n" + resource("rooms") + "\n";
        joinScript = common + resource("join");
        relayScript = common + resource("relay");
        leaveScript = common + resource("leave");
        heartbeatScript = common + resource("heartbeat");
        sweepScript = common + resource("sweep");
        reconcileScript = common + resource("reconcile");
    }

    /**
     * Connects to Redis at {@code uri} ({@code redis://HOST:PORT}, {@code rediss://} for TLS, a password
     * as {@code redis://:PASSWORD@HOST:PORT}), subscribes this node's channel and starts beating.
     *
     * @param caFile PEM certificates to trust for {@code rediss://} (null: the JVM's trust store)
     * @param expiry a dead node's peers leave their rooms within this time (at least 1 s)
     * @throws IOException with one sentence when Redis cannot be reached or refuses
     */
    public static RedisRoomBus connect(String uri, Path caFile, Duration expiry, int maxRooms) throws IOException {
        RedisURI redisUri = parse(uri);
        if (caFile != null && !Files.isRegularFile(caFile)) {
            throw new IOException(caFile + " (the CA certificates for rediss://) does not exist");
        }
        String where = (redisUri.isSsl() ? "rediss://" : "redis://") + redisUri.getHost() + ":" + redisUri.getPort();
        redisUri.setTimeout(COMMAND_TIMEOUT);
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, redisUri);
        ClientOptions.Builder options = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).keepAlive(true).build());
        if (caFile != null) {
            options.sslOptions(SslOptions.builder().jdkSslProvider().trustManager(caFile.toFile()).build());
        }
        client.setOptions(options.build());
        StatefulRedisConnection<String, String> commands = null;
        StatefulRedisPubSubConnection<String, String> subscription = null;
        try {
            commands = client.connect();
            subscription = client.connectPubSub();
            RedisRoomBus bus = new RedisRoomBus(where, resources, client, commands, subscription, expiry, maxRooms);
            bus.start();
            return bus;
        } catch (RuntimeException e) {
            if (subscription != null) {
                subscription.close();
            }
            if (commands != null) {
                commands.close();
            }
            shutdown(client, resources);
            throw new IOException(refusal(where, e), e);
        }
    }

    private static RedisURI parse(String uri) throws IOException {
        if (uri == null || !(uri.startsWith("redis://") || uri.startsWith("rediss://"))) {
            throw new IOException("--redis takes redis://HOST:PORT or rediss://HOST:PORT (got " + redact(uri) + ")");
        }
        try {
            return RedisURI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IOException("--redis " + redact(uri) + " is not a valid Redis URL (" + e.getMessage() + ")", e);
        }
    }

    /** {@code uri} without its password. */
    static String redact(String uri) {
        return uri == null ? "nothing" : uri.replaceFirst("//[^@/]*@", "//****@");
    }

    private static String refusal(String where, Throwable e) {
        String why = describe(e);
        if (why.contains("WRONGPASS") || why.contains("NOAUTH") || why.contains("invalid password")) {
            return "Redis at " + where + " refused the password (" + why + ")";
        }
        return "cannot reach Redis at " + where + " (" + why + ")";
    }

    /** The innermost message of {@code e}: the one that says what went wrong. */
    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    private void start() {
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                deliver(message);
            }
        });
        subscription.sync().subscribe(channel(nodeId));
        List<Object> first = commands.sync().eval(heartbeatScript, ScriptOutputType.MULTI, NO_KEYS, nodeId,
                Long.toString(liveness.staleMillis()));
        liveness.handleBeat(System.nanoTime(), (Long) first.get(0) == 1L);
        long interval = liveness.intervalNanos();
        beat = resources.eventExecutorGroup().scheduleAtFixedRate(this::beat, interval, interval, TimeUnit.NANOSECONDS);
        LOG.info("node {} on Redis at {}", nodeId, where);
    }

    private static String channel(String node) {
        return PREFIX + "node:" + node;
    }

    private static String resource(String name) {
        try (InputStream in = RedisRoomBus.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("rooms script " + name + ".lua is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read rooms script " + name + ".lua", e);
        }
    }

    /**
     * Runs a script. EVAL with the text every time rather than EVALSHA: after Redis restarts its
     * script cache is empty, and retrying a message refused with NOSCRIPT could let a later message
     * overtake it. Redis keeps the compiled script by its SHA-1, so EVAL costs one hash of ≈1 KB.
     */
    private <T> CompletableFuture<T> eval(String script, ScriptOutputType type, String... args) {
        try {
            return commands.async().<T>eval(script, type, NO_KEYS, args).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Integer> join(RoomMember member) {
        String room = member.room();
        Local local;
        CompletableFuture<Long> joined;
        synchronized (lock) {
            if (closed || !liveness.healthy()) {
                return CompletableFuture.failedFuture(unavailable());
            }
            if (!localRooms.containsKey(room) && localRooms.size() >= maxRooms) {
                return CompletableFuture.failedFuture(new JoinRefused(JoinRefused.SERVER_FULL, "the signaling server is full"));
            }
            local = new Local(nodeId + "." + nextMember.incrementAndGet(), member);
            byMember.put(member, local);
            byId.put(local.id, local);
            localRooms.merge(room, 1, Integer::sum);
            joined = eval(joinScript, ScriptOutputType.INTEGER, local.id, nodeId, room);
        }
        return joined.handle((peers, e) -> {
            if (e != null) {
                liveness.handleWriteFailure(); // it may have run: the next reconcile takes it back
                forget(local);
                LOG.debug("join of room {} failed: {}", room, describe(e));
                throw new CompletionException(unavailable());
            }
            if (peers == 0) {
                forget(local);
                throw new CompletionException(new JoinRefused(JoinRefused.ROOM_FULL, "room " + room + " is full (two peers)"));
            }
            local.joined = true;
            return peers.intValue();
        });
    }

    private static JoinRefused unavailable() {
        return new JoinRefused(JoinRefused.TRY_AGAIN_LATER,
                "the signaling server cannot reach its room store (Redis) right now; try again shortly");
    }

    /** Removes {@code local} from this node's maps if it is still there; true if it was. */
    private boolean forget(Local local) {
        synchronized (lock) {
            if (!byMember.remove(local.member, local)) {
                return false;
            }
            byId.remove(local.id);
            localRooms.computeIfPresent(local.room, (r, n) -> n == 1 ? null : n - 1);
            return true;
        }
    }

    @Override
    public CompletableFuture<Relay> relay(RoomMember from, String text) {
        Local local = byMember.get(from);
        if (local == null || !local.joined) {
            return CompletableFuture.completedFuture(Relay.NO_PEER);
        }
        return this.<Long>eval(relayScript, ScriptOutputType.INTEGER, local.id, local.room, text).handle((n, e) -> {
            if (e != null) {
                LOG.debug("relay in room {} failed: {}", local.room, describe(e));
                return Relay.STORE_UNAVAILABLE;
            }
            if (n == -2) {
                return Relay.STORE_UNAVAILABLE; // Redis lost the room; the next beat writes it again
            }
            return n == -1 ? Relay.NO_PEER : n == 0 ? Relay.NODE_UNREACHABLE : Relay.DELIVERED;
        });
    }

    @Override
    public void leave(RoomMember member) {
        synchronized (lock) {
            Local local = byMember.get(member);
            if (local == null || !forget(local)) {
                return;
            }
            this.<Long>eval(leaveScript, ScriptOutputType.INTEGER, local.id, nodeId, local.room).whenComplete((r, e) -> {
                if (e != null) {
                    liveness.handleWriteFailure();
                    LOG.debug("leave of room {} failed: {}", local.room, describe(e));
                }
            });
        }
    }

    /** A message from this node's channel: delivered to the local member it names, if in the room it names. */
    private void deliver(String text) {
        Envelope e = Envelope.parse(text);
        Local local = e == null ? null : byId.get(e.member());
        if (e == null || local == null || !local.room.equals(e.room())) {
            dropped.incrementAndGet();
            LOG.debug("dropped an envelope for a peer that is not here or not in that room");
            return;
        }
        try {
            switch (e.kind()) {
                case Envelope.PEER_JOINED:
                    local.member.peerJoined();
                    break;
                case Envelope.PEER_LEFT:
                    local.member.peerLeft();
                    break;
                default:
                    local.member.message(e.payload());
                    break;
            }
        } catch (RuntimeException ex) {
            LOG.warn("delivering to a peer of room {} failed", local.room, ex);
        }
    }

    private void beat() {
        if (closed) {
            return;
        }
        this.<List<Object>>eval(heartbeatScript, ScriptOutputType.MULTI, nodeId, Long.toString(liveness.staleMillis()))
                .whenComplete((r, e) -> {
                    if (e != null) {
                        if (liveness.handleFailure()) {
                            LOG.warn("Redis at {} cannot be reached ({}); new peers are refused until it is back", where,
                                    describe(e));
                        }
                        return;
                    }
                    boolean wasHealthy = liveness.healthy();
                    liveness.handleBeat(System.nanoTime(), (Long) r.get(0) == 1L);
                    if (!wasHealthy) {
                        LOG.warn("Redis at {} is reachable again", where);
                    }
                    if (liveness.pollReconcile()) {
                        reconcile();
                    }
                    if (liveness.maySweep(System.nanoTime())) {
                        for (Object node : r.subList(1, r.size())) {
                            if (!nodeId.equals(node)) {
                                sweep((String) node);
                            }
                        }
                    }
                });
    }

    private void sweep(String node) {
        this.<Long>eval(sweepScript, ScriptOutputType.INTEGER, node, Long.toString(liveness.staleMillis()))
                .whenComplete((n, e) -> {
                    if (e == null && n >= 0) {
                        LOG.info("node {} stopped beating; its {} peers left their rooms", node, n);
                    }
                });
    }

    /** Writes this node's memberships again (Redis lost them, or a write's outcome is unknown). */
    void reconcile() {
        synchronized (lock) {
            List<String> args = new ArrayList<>();
            List<String> pending = new ArrayList<>();
            args.add(nodeId);
            args.add("");
            for (Local l : byMember.values()) {
                if (l.joined) {
                    args.add(l.id);
                    args.add(l.room);
                } else {
                    pending.add(l.id);
                }
            }
            int joined = (args.size() - 2) / 2;
            args.set(1, Integer.toString(joined));
            args.addAll(pending);
            this.<List<Object>>eval(reconcileScript, ScriptOutputType.MULTI, args.toArray(new String[0])).whenComplete((refused, e) -> {
                if (e != null) {
                    liveness.handleWriteFailure();
                    return;
                }
                LOG.warn("wrote the rooms of this node's {} peers to Redis again", joined);
                for (Object id : refused) {
                    Local l = byId.get((String) id);
                    if (l != null && forget(l)) {
                        l.member.evicted(JoinRefused.ROOM_FULL,
                                "room " + l.room + " was taken by other peers while this server could not reach Redis");
                    }
                }
            });
        }
    }

    @Override
    public int roomCount() {
        synchronized (lock) {
            return localRooms.size();
        }
    }

    /** Envelopes this node dropped: for a peer not here, or not in the room they named. */
    long droppedEnvelopes() {
        return dropped.get();
    }

    /** This node's id in Redis. */
    public String nodeId() {
        return nodeId;
    }

    @Override
    public String describe() {
        return "on Redis at " + where + " (node " + nodeId + ")";
    }

    @Override
    public void close() {
        if (!stop()) {
            return;
        }
        try {
            // every peer of this node leaves its room; their partners on other nodes hear peer-left now
            this.<Long>eval(sweepScript, ScriptOutputType.INTEGER, nodeId, "0").get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("leaving Redis: {}", describe(e));
        }
        release();
    }

    /** For tests: dies as a killed process would, leaving its rooms to the other nodes' sweep. */
    void crash() {
        if (stop()) {
            release();
        }
    }

    private boolean stop() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            byMember.clear();
            byId.clear();
            localRooms.clear();
        }
        ScheduledFuture<?> b = beat;
        if (b != null) {
            b.cancel(false);
        }
        return true;
    }

    private void release() {
        subscription.close();
        commands.close();
        shutdown(client, resources);
    }

    private static void shutdown(RedisClient client, ClientResources resources) {
        client.shutdown(Duration.ZERO, COMMAND_TIMEOUT);
        resources.shutdown(0, COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly(COMMAND_TIMEOUT.toMillis());
    }
}
