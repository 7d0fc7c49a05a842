package org.rtc4j.examples;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.rtc4j.media.EncodedFrame;

/**
 * Sends a clip's frames at their real pace: each frame goes out when the sum of the durations of
 * the frames before it has passed since the start, measured on {@link System#nanoTime()}, so the
 * pace does not drift when one send is late. RTP timestamps follow that same timeline from a
 * random base (RFC 3550 §5.1), across loops. A keyframe request (a receiver's PLI or FIR) makes it
 * skip ahead to the clip's next keyframe, the only way a file can answer one, unless a keyframe
 * left within the hold time (250 ms plus three round trips, at most a second) or the clip's next
 * one is due within it ({@link KeyframeRequests}): repeated requests then do not skip through the
 * clip while the keyframe already sent is being repaired by retransmission.
 *
 * <p>Runs on the given scheduler (one thread is plenty); the sink is called from it.
 */
public final class Pacer implements AutoCloseable {

    private final MediaClip clip;
    private final boolean loop;
    private final Consumer<EncodedFrame> sink;
    private final ScheduledExecutorService scheduler;
    private final long baseTimestamp = ThreadLocalRandom.current().nextLong(0x1_0000_0000L);
    private final long clockRate;
    private long startNanos;
    private int index;
    private long timelineTicks;
    private volatile boolean stopped;
    private volatile boolean keyframeWanted;
    private ScheduledFuture<?> next;
    private final Runnable onEnd;
    private final KeyframeRequests keyframes;

    /**
     * @param loop whether to start over at the end of the clip (else {@code onEnd} runs there)
     */
    public Pacer(MediaClip clip, boolean loop, ScheduledExecutorService scheduler, Consumer<EncodedFrame> sink,
            Runnable onEnd) {
        this(clip, loop, scheduler, sink, onEnd, -1);
    }

    /**
     * @param keyframeHoldNanos keyframe requests within this time after a keyframe left, or this
     *     close to the clip's next one, are ignored (0: every request skips ahead)
     */
    Pacer(MediaClip clip, boolean loop, ScheduledExecutorService scheduler, Consumer<EncodedFrame> sink,
            Runnable onEnd, long keyframeHoldNanos) {
        this.keyframes = keyframeHoldNanos < 0 ? new KeyframeRequests() : new KeyframeRequests(keyframeHoldNanos);
        this.clip = clip;
        this.loop = loop;
        this.scheduler = scheduler;
        this.sink = sink;
        this.onEnd = onEnd;
        this.clockRate = clip.codec().clockRate();
    }

    public MediaClip clip() {
        return clip;
    }

    /** Starts sending with the first frame now. */
    public synchronized void start() {
        startNanos = System.nanoTime();
        next = scheduler.schedule(this::tick, 0, TimeUnit.NANOSECONDS);
    }

    /**
     * Asks for a keyframe: the next frame sent is the clip's next keyframe, unless one left within
     * the hold time or the clip's next one is that close anyway ({@link KeyframeRequests}).
     */
    public void requestKeyframe() {
        keyframeWanted = true;
    }

    /** The connection's round trip time (from its stats): it sets how long keyframe requests are held. */
    public void roundTripTime(long nanos) {
        keyframes.roundTripTime(nanos);
    }

    /** Keyframe requests answered by skipping ahead. */
    public long keyframeSkips() {
        return keyframes.honored();
    }

    /** Keyframe requests ignored (a keyframe had just left, or the clip's next one was close). */
    public long keyframeRequestsIgnored() {
        return keyframes.ignored();
    }

    private void tick() {
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        if (keyframeWanted) {
            keyframeWanted = false;
            if (keyframes.shouldSkip(now, nanosToNextKeyframe())) {
                skipToKeyframe();
            }
        }
        EncodedFrame frame = clip.frame(index, baseTimestamp + timelineTicks);
        if (frame.keyframe()) {
            keyframes.keyframeSent(now);
        }
        sink.accept(frame);
        timelineTicks += clip.frameTicks(index);
        index++;
        if (index == clip.frames().size()) {
            if (!loop) {
                stopped = true;
                if (onEnd != null) {
                    onEnd.run();
                }
                return;
            }
            index = 0;
        }
        long delay = startNanos + timelineTicks * 1_000_000_000L / clockRate - System.nanoTime();
        synchronized (this) {
            if (!stopped) {
                next = scheduler.schedule(this::tick, Math.max(0, delay), TimeUnit.NANOSECONDS);
            }
        }
    }

    /** How far ahead the clip's next keyframe is (the current frame counts), or Long.MAX_VALUE. */
    private long nanosToNextKeyframe() {
        int n = clip.frames().size();
        long ticks = 0;
        for (int k = 0; k < n; k++) {
            int j = (index + k) % n;
            if (j < index && !loop) {
                break;
            }
            if (clip.frames().get(j).keyframe()) {
                return ticks * 1_000_000_000L / clockRate;
            }
            ticks += clip.frameTicks(j);
        }
        return Long.MAX_VALUE;
    }

    private void skipToKeyframe() {
        int n = clip.frames().size();
        for (int k = 0; k < n; k++) {
            int j = (index + k) % n;
            if (clip.frames().get(j).keyframe()) {
                if (j < index && !loop) {
                    return; // no keyframe left in a clip played once
                }
                index = j;
                return;
            }
        }
    }

    @Override
    public synchronized void close() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
    }
}
