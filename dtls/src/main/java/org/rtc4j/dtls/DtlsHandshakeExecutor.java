package org.rtc4j.dtls;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where Bouncy Castle's blocking DTLS handshakes run, off the event loop.
 *
 * <p><b>Why threads at all.</b> Bouncy Castle's {@code DTLSClientProtocol.connect} and {@code
 * DTLSServerProtocol.accept} block their thread until the handshake ends, including while they
 * wait for the peer's next flight (Bouncy Castle calls it "an inherently blocking API", bc-java
 * #945). A handshake in flight therefore holds a thread for about two round trips plus ≈1–2 ms of
 * CPU per side, or longer under loss. Two flavours bound that cost:
 *
 * <ul>
 *   <li>{@link #platformThreads} — at most {@code maxThreads} platform threads; further handshakes
 *       wait in a FIFO queue of {@code queueCapacity}. Concurrency is capped at {@code maxThreads},
 *       so throughput is {@code maxThreads / handshake duration}: 32 threads and 100 ms round
 *       trips give ≈150 handshakes/s. Each thread costs a stack (≈1 MiB reserved, little used);
 *       idle threads exit after 30 s. Time in the queue counts against the handshake timeout.
 *       Do not let one such pool host both ends of the same handshakes when they may saturate it
 *       (only a test does that): clients holding every thread would wait for servers stuck in the
 *       queue.
 *   <li>{@link #virtualThreads} (Java 21+) — one virtual thread per handshake. A handshake waiting
 *       for the peer parks its virtual thread, which frees the carrier, so thousands of handshakes
 *       in flight cost a few KiB of heap each and only the JDK's carrier threads (one per core).
 *       Concurrency is capped at {@code maxConcurrent}; more wait (parked) up to
 *       {@code queueCapacity}. Bouncy Castle blocks only in our queue's {@code poll}, never inside
 *       a monitor, so virtual threads do not pin.
 * </ul>
 *
 * A server's handshake is submitted only when its first ClientHello arrives, so an idle server
 * costs nothing. {@link #shared()} uses virtual threads when the runtime has them, else platform
 * threads.
 */
public final class DtlsHandshakeExecutor implements AutoCloseable {
  private static final int DEFAULT_THREADS =
      Math.max(4, Math.min(32, 4 * Runtime.getRuntime().availableProcessors()));
  private static final int DEFAULT_QUEUE = 4096;
  private static final int DEFAULT_VIRTUAL_CONCURRENCY = 10_000;

  private static final class Holder {
    static final DtlsHandshakeExecutor SHARED =
        virtualThreadsAvailable()
            ? virtualThreads(DEFAULT_VIRTUAL_CONCURRENCY, DEFAULT_QUEUE)
            : platformThreads("rtc4j-dtls", DEFAULT_THREADS, DEFAULT_QUEUE);
  }

  private final ThreadPoolExecutor pool;
  private final ExecutorService virtual;
  private final Semaphore running;
  private final AtomicInteger admitted = new AtomicInteger();
  private final int maxConcurrent;
  private final int queueCapacity;

  private DtlsHandshakeExecutor(ThreadPoolExecutor pool, ExecutorService virtual, int maxConcurrent, int queueCapacity) {
    this.pool = pool;
    this.virtual = virtual;
    this.maxConcurrent = maxConcurrent;
    this.queueCapacity = queueCapacity;
    this.running = virtual == null ? null : new Semaphore(maxConcurrent);
  }

  /**
   * A pool of at most {@code maxThreads} daemon platform threads named {@code namePrefix-N} and a
   * queue of at most {@code queueCapacity} waiting handshakes.
   */
  public DtlsHandshakeExecutor(String namePrefix, int maxThreads, int queueCapacity) {
    this(newPool(namePrefix, maxThreads, queueCapacity), null, maxThreads, queueCapacity);
  }

  /** See {@link #DtlsHandshakeExecutor(String, int, int)}. */
  public static DtlsHandshakeExecutor platformThreads(String namePrefix, int maxThreads, int queueCapacity) {
    return new DtlsHandshakeExecutor(namePrefix, maxThreads, queueCapacity);
  }

  /** True on Java 21 and later. */
  public static boolean virtualThreadsAvailable() {
    return newVirtualExecutor() != null;
  }

  /**
   * One virtual thread per handshake, at most {@code maxConcurrent} running and {@code
   * queueCapacity} waiting.
   *
   * @throws UnsupportedOperationException before Java 21
   */
  public static DtlsHandshakeExecutor virtualThreads(int maxConcurrent, int queueCapacity) {
    if (maxConcurrent < 1 || queueCapacity < 0) {
      throw new IllegalArgumentException("maxConcurrent must be positive, queueCapacity not negative");
    }
    ExecutorService service = newVirtualExecutor();
    if (service == null) {
      throw new UnsupportedOperationException("virtual threads need Java 21+, running " + Runtime.version());
    }
    return new DtlsHandshakeExecutor(null, service, maxConcurrent, queueCapacity);
  }

  private static ThreadPoolExecutor newPool(String namePrefix, int maxThreads, int queueCapacity) {
    if (maxThreads < 1 || queueCapacity < 1) {
      throw new IllegalArgumentException("maxThreads and queueCapacity must be positive");
    }
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, namePrefix + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            maxThreads, maxThreads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(queueCapacity), factory);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static ExecutorService newVirtualExecutor() {
    try {
      return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    } catch (InvocationTargetException e) {
      // Java 19/20 without --enable-preview: virtual threads exist but are disabled.
      return null;
    }
  }

  /** The process-wide default: virtual threads on Java 21+, else up to max(4, min(32, 4 × cores)) threads. */
  public static DtlsHandshakeExecutor shared() {
    return Holder.SHARED;
  }

  /** True when handshakes run on virtual threads. */
  public boolean usesVirtualThreads() {
    return virtual != null;
  }

  /** The most handshakes that run at once (the platform pool's thread limit). */
  public int maxConcurrent() {
    return maxConcurrent;
  }

  /** The most handshakes that wait for a slot before submissions are refused. */
  public int queueCapacity() {
    return queueCapacity;
  }

  /** Platform threads alive in the pool now (0 for virtual threads). */
  public int poolSize() {
    return pool == null ? 0 : pool.getPoolSize();
  }

  /** The most platform threads the pool has ever had at once (0 for virtual threads). */
  public int largestPoolSize() {
    return pool == null ? 0 : pool.getLargestPoolSize();
  }

  /** Handshakes submitted and not finished (running or waiting). */
  public int admitted() {
    return pool == null ? admitted.get() : pool.getActiveCount() + pool.getQueue().size();
  }

  /**
   * Starts one more platform thread if the pool has fewer than its maximum (a no-op for virtual
   * threads or a full pool). A {@code ThreadPoolExecutor} below its core size creates a thread on
   * every submission, in the submitting thread: called where connections are created, this keeps
   * thread creation off the event loops that later submit handshakes.
   */
  public void prestartThread() {
    if (pool != null) {
      pool.prestartCoreThread();
    }
  }

  /** Runs {@code task}; false when the queue is full (the caller then fails the handshake). */
  boolean submit(Runnable task) {
    if (pool != null) {
      try {
        pool.execute(task);
        return true;
      } catch (RejectedExecutionException e) {
        return false;
      }
    }
    if (admitted.incrementAndGet() > maxConcurrent + queueCapacity) {
      admitted.decrementAndGet();
      return false;
    }
    try {
      virtual.execute(
          () -> {
            try {
              running.acquire();
            } catch (InterruptedException e) {
              admitted.decrementAndGet();
              Thread.currentThread().interrupt();
              return;
            }
            try {
              task.run();
            } finally {
              running.release();
              admitted.decrementAndGet();
            }
          });
      return true;
    } catch (RejectedExecutionException e) {
      admitted.decrementAndGet();
      return false;
    }
  }

  /** Stops the executor; running handshakes are interrupted. Never call this on {@link #shared()}. */
  @Override
  public void close() {
    if (this == Holder.SHARED) {
      throw new IllegalStateException("the shared handshake executor cannot be closed");
    }
    if (pool != null) {
      pool.shutdownNow();
    } else {
      virtual.shutdownNow();
    }
  }
}
