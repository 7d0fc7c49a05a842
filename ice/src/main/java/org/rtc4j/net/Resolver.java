package org.rtc4j.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Host name resolution off the event loop. The JDK's resolver blocks, so {@link #system()} runs
 * it on a small shared pool of daemon threads (at most 4, idle ones exit after 10 s): never on a
 * loop thread. IP literals complete at once without a thread. Complete the future's dependants
 * on the loop ({@code thenAcceptAsync(..., loop)}).
 */
@FunctionalInterface
public interface Resolver {
  /** All addresses of {@code host}; fails with {@link UnknownHostException}. */
  CompletableFuture<List<InetAddress>> resolve(String host);

  /** The JDK resolver on the shared resolver threads. */
  static Resolver system() {
    return SystemResolver.INSTANCE;
  }

  /** The JDK resolver (system DNS, /etc/hosts) on a shared pool. */
  final class SystemResolver implements Resolver {
    static final SystemResolver INSTANCE = new SystemResolver();
    private final Executor pool;

    private SystemResolver() {
      AtomicInteger n = new AtomicInteger();
      ThreadPoolExecutor p = new ThreadPoolExecutor(4, 4, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "rtc4j-resolver-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      p.allowCoreThreadTimeOut(true);
      this.pool = p;
    }

    @Override
    public CompletableFuture<List<InetAddress>> resolve(String host) {
      if (isLiteral(host)) {
        try {
          return CompletableFuture.completedFuture(List.of(InetAddress.getByName(host))); // no lookup
        } catch (UnknownHostException e) {
          return CompletableFuture.failedFuture(e);
        }
      }
      return CompletableFuture.supplyAsync(() -> {
        try {
          return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      }, pool);
    }
  }

  /** Whether {@code host} is an IPv4 or IPv6 literal (resolving it needs no lookup). */
  static boolean isLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true;
    }
    int dots = 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '.') {
        dots++;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return dots == 3;
  }
}
