package org.rtc4j.dtls;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool that runs Bouncy Castle's blocking DTLS handshakes off the event loop.
 *
 * <p><b>Cost.</b> Bouncy Castle's {@code DTLSClientProtocol.connect} and {@code
 * DTLSServerProtocol.accept} block their thread until the handshake ends, including while they
 * wait for the peer's next flight. So each handshake in flight holds one thread of this pool for
 * its whole duration: about two round trips plus the crypto (≈1 ms of CPU per side), or longer
 * under loss. With at most {@code maxThreads} threads, at most that many handshakes progress at
 * once; the rest wait in a FIFO queue of {@code queueCapacity} tasks (a server's task is queued
 * only when its first ClientHello arrives, so an idle server costs nothing). Throughput is
 * therefore {@code maxThreads / handshake duration}: 32 threads and 100 ms round trips give about
 * 150 handshakes/s, far above what one host needs for browser sessions. Time spent in the queue
 * counts against {@link DtlsConfig#handshakeTimeout()}. Each thread is an ordinary platform thread
 * (default stack); idle threads exit after 30 s.
 *
 * <p>Do not let one pool host both ends of the same handshakes when they may saturate it (only a
 * test does that): clients holding every thread would wait for servers stuck in the queue.
 */
public final class DtlsHandshakeExecutor implements AutoCloseable {
  private static final int DEFAULT_THREADS =
      Math.max(4, Math.min(32, 4 * Runtime.getRuntime().availableProcessors()));
  private static final int DEFAULT_QUEUE = 4096;

  private static final class Holder {
    static final DtlsHandshakeExecutor SHARED =
        new DtlsHandshakeExecutor("rtc4j-dtls", DEFAULT_THREADS, DEFAULT_QUEUE);
  }

  private final ThreadPoolExecutor pool;
  private final int maxThreads;

  /**
   * A pool of at most {@code maxThreads} daemon threads named {@code namePrefix-N} and a queue of
   * at most {@code queueCapacity} waiting handshakes.
   */
  public DtlsHandshakeExecutor(String namePrefix, int maxThreads, int queueCapacity) {
    if (maxThreads < 1 || queueCapacity < 1) {
      throw new IllegalArgumentException("maxThreads and queueCapacity must be positive");
    }
    this.maxThreads = maxThreads;
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, namePrefix + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.pool =
        new ThreadPoolExecutor(
            maxThreads, maxThreads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(queueCapacity), factory);
    this.pool.allowCoreThreadTimeOut(true);
  }

  /** The process-wide default: up to max(4, min(32, 4 × cores)) threads, 4096 queued handshakes. */
  public static DtlsHandshakeExecutor shared() {
    return Holder.SHARED;
  }

  public int maxThreads() {
    return maxThreads;
  }

  /** Threads alive in the pool now (never more than {@link #maxThreads()}). */
  public int poolSize() {
    return pool.getPoolSize();
  }

  /** The most threads the pool has ever had at once. */
  public int largestPoolSize() {
    return pool.getLargestPoolSize();
  }

  /** Handshakes waiting for a thread. */
  public int queued() {
    return pool.getQueue().size();
  }

  /** Runs {@code task}; false when the queue is full (the caller then fails the handshake). */
  boolean submit(Runnable task) {
    try {
      pool.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Stops the pool; running handshakes are interrupted. Never call this on {@link #shared()}. */
  @Override
  public void close() {
    if (this == Holder.SHARED) {
      throw new IllegalStateException("the shared handshake executor cannot be closed");
    }
    pool.shutdownNow();
  }
}
