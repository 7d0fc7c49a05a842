package org.rtc4j.examples.rooms;

/**
 * A signaling node's view of its own standing in Redis, fed with the outcome of its heartbeats and
 * membership writes and read for two decisions (sans-IO: no clock, no Redis; the caller passes the
 * time). Every node beats every {@link #intervalNanos()} (a fifth of the expiry); a node whose last
 * beat is older than {@link #staleMillis()} (four fifths) is dead, so its peers leave their rooms
 * within one expiry of its last beat.
 *
 * <ul>
 *   <li><b>May this node declare other nodes dead?</b> Only once it has beaten without a failure for a
 *       whole expiry ({@link #maySweep}). After an outage every node's last beat in Redis is old; the
 *       grace lets the live ones beat again before anyone sweeps them.
 *   <li><b>Must this node write its peers' memberships again?</b> ({@link #pollReconcile}) When a beat
 *       finds the node absent from Redis's node set (Redis restarted without its data, or other nodes
 *       took it for dead), or a membership write failed and Redis may hold a join or leave other than
 *       the one this node knows.
 * </ul>
 */
final class NodeLiveness {

    private final long expiryNanos;
    private boolean healthy;
    private boolean registered;
    private boolean reconcile;
    private long healthySinceNanos;

    NodeLiveness(long expiryNanos) {
        if (expiryNanos < 1_000_000_000L) {
            throw new IllegalArgumentException("the node expiry must be at least 1 s");
        }
        this.expiryNanos = expiryNanos;
    }

    /** Time between two heartbeats. */
    long intervalNanos() {
        return expiryNanos / 5;
    }

    /** Another node whose last beat (by Redis's clock) is older than this is dead. */
    long staleMillis() {
        return (expiryNanos - intervalNanos()) / 1_000_000L;
    }

    /** A beat succeeded; {@code absent}: this node was not in the node set before it. */
    synchronized void handleBeat(long nowNanos, boolean absent) {
        if (!healthy) {
            healthy = true;
            healthySinceNanos = nowNanos;
        }
        if (absent && registered) {
            reconcile = true;
        }
        registered = true;
    }

    /** A beat failed: Redis cannot be reached. Returns true when this is news (the node was healthy). */
    synchronized boolean handleFailure() {
        boolean news = healthy;
        healthy = false;
        return news;
    }

    /** A join or leave failed after it may have reached Redis. */
    synchronized void handleWriteFailure() {
        reconcile = true;
    }

    /** True once (then false until needed again) when the memberships must be written again now. */
    synchronized boolean pollReconcile() {
        if (reconcile && healthy) {
            reconcile = false;
            return true;
        }
        return false;
    }

    /** Whether this node may declare stale nodes dead at {@code nowNanos}. */
    synchronized boolean maySweep(long nowNanos) {
        return healthy && nowNanos - healthySinceNanos >= expiryNanos;
    }

    synchronized boolean healthy() {
        return healthy;
    }
}
