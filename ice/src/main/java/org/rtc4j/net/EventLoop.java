package org.rtc4j.net;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import jdk.jfr.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread running a reactor over non-blocking UDP sockets, timers and posted tasks.
 *
 * <h2>The run-loop contract</h2>
 * Each iteration does, in this order:
 * <ol>
 *   <li><b>Wait</b> in {@link Selector#select} until a socket is ready, a task is posted, or the
 *       earliest timer is due. It does not wait at all when tasks are pending or a timer is
 *       already due. The timeout is rounded up to the next millisecond, so a timer fires at or
 *       after its deadline, never before.</li>
 *   <li><b>I/O</b>: every ready {@link UdpEndpoint} flushes its send queue if writable and
 *       drains up to {@value UdpEndpoint#MAX_READS_PER_WAKEUP} datagrams into the loop's one
 *       receive buffer, calling its {@link DatagramHandler} for each.</li>
 *   <li><b>Timers</b> whose deadline is at or before {@code clock().nanoTime()} run, earliest
 *       first; equal deadlines run in the order they were scheduled. Timers scheduled while this
 *       step runs wait for the next iteration, so a timer that re-arms itself for "now" cannot
 *       starve I/O.</li>
 *   <li><b>Tasks</b> posted with {@link #execute} run in FIFO order, at most
 *       {@value #MAX_TASKS_PER_ITERATION} per iteration, so a flood of tasks cannot starve I/O
 *       either.</li>
 * </ol>
 *
 * <p>Everything above runs on the loop thread, which is what makes the stack lock-free: all
 * state of a connection is touched only from its loop. Handlers, timers and tasks must therefore
 * never block. One that throws is caught, counted ({@link #failureCount()}), logged at WARN (at
 * most once a second, with a count of those suppressed), and the loop goes on.
 *
 * <h2>Threads</h2>
 * {@link #execute}, {@link #schedule}, {@link #scheduleAfter}, {@link #bind} and
 * {@link #shutdownGracefully()} are safe from any thread. A task posted from another thread
 * wakes the selector only if the loop is (about to be) blocked in it, so a busy loop pays no
 * wakeup system call per task. Timers scheduled from another thread are handed to the loop as a
 * task (the heap itself is loop-only); their {@link Timer} handle is returned at once.
 *
 * <h2>Time</h2>
 * Deadlines are absolute values of {@link #clock()}. With a {@link ManualClock} the loop never
 * sleeps on a real-time timeout: timers fire only when the clock is moved past them, and moving
 * the clock wakes the loop.
 *
 * <h2>Shutdown</h2>
 * {@link #shutdownGracefully()} makes the loop leave its run loop at the end of the current
 * iteration, run the tasks already posted, drop pending timers (they never fire), close every
 * {@link UdpEndpoint} it owns, close its selector and end its thread. Tasks posted after that
 * point are rejected with {@link RejectedExecutionException}.
 */
public final class EventLoop implements Executor, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

  /** Posted tasks run per iteration before the loop polls its sockets again. */
  public static final int MAX_TASKS_PER_ITERATION = 1024;

  /** Bytes in the loop's receive buffer: any UDP datagram fits. */
  static final int RECEIVE_BUFFER_BYTES = 65_536;

  private static final long FAILURE_LOG_INTERVAL_NANOS = 1_000_000_000L;
  private static final int RUNNING = 0;
  private static final int SHUTTING_DOWN = 1;
  private static final int TERMINATED = 2;
  private static final VarHandle FAILURES;
  /** JFR {@code rtc4j.LoopTask}: checked per task, the event built only while it is recorded. */
  private static final EventType LOOP_TASK = EventType.getEventType(LoopTaskEvent.class);

  static {
    try {
      FAILURES = MethodHandles.lookup().findVarHandle(EventLoop.class, "failures", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String name;
  private final Clock clock;
  private final boolean manualClock;
  private final Selector selector;
  private final Thread thread;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  /** True while the loop is in, or about to enter, a blocking select: posters must wake it. */
  private final AtomicBoolean selecting = new AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicLong wakeups =
      new java.util.concurrent.atomic.AtomicLong();
  private final TimerQueue timers = new TimerQueue();
  private final Set<UdpEndpoint> endpoints = new HashSet<>();
  /** Open TCP connections and listeners, closed on shutdown. */
  private final Set<Object> streams = new HashSet<>();
  private final byte[] receiveArray = new byte[RECEIVE_BUFFER_BYTES];
  /** The kernel writes here (direct: no JDK bounce buffer), then the bytes move to the array. */
  private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER_BYTES);
  private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER_BYTES);
  private final Consumer<SelectionKey> onReady = this::onReady;
  private final Runnable clockListener = this::wakeupIfSelecting;
  private final CompletableFuture<Void> terminationFuture = new CompletableFuture<>();
  private volatile int state = RUNNING;
  @SuppressWarnings("unused") // accessed through FAILURES
  private volatile long failures;
  private long lastFailureLogNanos;
  private long suppressedFailureLogs;
  private boolean failureLogged;

  /** A loop on the real clock. */
  public EventLoop(String name) {
    this(name, Clock.system());
  }

  /**
   * A loop on the given clock. Its thread starts at once, is named {@code name} and is not a
   * daemon: shut the loop down (or close its group) or the JVM will not exit.
   *
   * @throws java.io.UncheckedIOException if the selector cannot be opened
   */
  public EventLoop(String name, Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.manualClock = clock instanceof ManualClock;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot open a selector for event loop " + name, e);
    }
    this.thread = new Thread(this::run, name);
    if (manualClock) {
      ((ManualClock) clock).addListener(clockListener);
    }
    thread.start();
  }

  /** The loop's name, which is also its thread's name. */
  public String name() {
    return name;
  }

  /** The clock all deadlines of this loop refer to. */
  public Clock clock() {
    return clock;
  }

  /** Whether the caller runs on this loop's thread. */
  public boolean inEventLoop() {
    return Thread.currentThread() == thread;
  }

  /** Whether {@link #shutdownGracefully()} has been called. */
  public boolean isShuttingDown() {
    return state != RUNNING;
  }

  /** Whether the thread has ended and every channel is closed. */
  public boolean isTerminated() {
    return terminationFuture.isDone();
  }

  // ---------------------------------------------------------------------------------- tasks

  /**
   * Runs {@code task} on the loop thread, after the tasks already posted. Safe from any thread;
   * from the loop thread itself it never runs the task inline.
   *
   * @throws RejectedExecutionException if the loop is shutting down
   */
  @Override
  public void execute(Runnable task) {
    Objects.requireNonNull(task, "task");
    boolean inLoop = inEventLoop();
    if (!inLoop && state != RUNNING) {
      throw rejected();
    }
    if (LOOP_TASK.isEnabled()) {
      task = new PostedTask(task, System.nanoTime()); // to measure its wait (only while recording)
    }
    tasks.add(task);
    if (!inLoop) {
      // Re-check after publishing: the loop may have drained its queue for the last time.
      if (state != RUNNING && tasks.remove(task)) {
        throw rejected();
      }
      wakeupIfSelecting();
    }
  }

  /** Runs {@code task} on the loop and completes with its result (or its exception). */
  public <T> CompletableFuture<T> submit(java.util.concurrent.Callable<T> task) {
    Objects.requireNonNull(task, "task");
    CompletableFuture<T> result = new CompletableFuture<>();
    execute(() -> {
      try {
        result.complete(task.call());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
    return result;
  }

  private RejectedExecutionException rejected() {
    return new RejectedExecutionException("event loop " + name + " is shut down");
  }

  private void wakeupIfSelecting() {
    if (selecting.get() && selecting.compareAndSet(true, false)) {
      wakeups.incrementAndGet();
      selector.wakeup();
    }
  }

  /** How many times another thread had to wake the selector (tests). */
  long wakeupCount() {
    return wakeups.get();
  }

  // --------------------------------------------------------------------------------- timers

  /**
   * Runs {@code task} on the loop once {@code clock().nanoTime()} reaches
   * {@code deadlineNanos}. A deadline in the past fires on the next iteration. Safe from any
   * thread; for a deadline that moves after every packet, see {@link #newAlarm}.
   *
   * @throws RejectedExecutionException if called from another thread once the loop is shutting
   *     down
   */
  public Timer schedule(long deadlineNanos, Runnable task) {
    if (inEventLoop()) {
      TimerQueue.Entry entry = timers.newEntry(deadlineNanos, task);
      timers.add(entry);
      return entry;
    }
    TimerQueue.Entry entry = timers.newEntry(deadlineNanos, task);
    execute(() -> timers.add(entry));
    return entry;
  }

  /**
   * A disarmed {@link Alarm} on this loop that runs {@code task} when it goes off; arm it with
   * {@link Alarm#set}. For a deadline that moves after every packet, prefer it to
   * {@link #schedule}: it moves in place and allocates nothing. Loop thread only.
   *
   * @throws IllegalStateException if not called on the loop thread
   */
  public Alarm newAlarm(Runnable task) {
    if (!inEventLoop()) {
      throw new IllegalStateException("newAlarm must be called on event loop thread " + name);
    }
    return new Alarm(this, timers, task);
  }

  /** Runs {@code task} on the loop {@code delayNanos} after now (on the loop's clock). */
  public Timer scheduleAfter(long delayNanos, Runnable task) {
    return schedule(clock.nanoTime() + delayNanos, task);
  }

  // ---------------------------------------------------------------------------------- UDP

  /** {@link #bind(InetSocketAddress, DatagramHandler, UdpOptions)} with default options. */
  public UdpEndpoint bind(InetSocketAddress local, DatagramHandler handler) throws IOException {
    return bind(local, handler, UdpOptions.DEFAULT);
  }

  /**
   * Binds a UDP socket to {@code local} (port 0: any free port) and registers it with this loop.
   *
   * <p>Callable from any thread. The socket is opened and bound on the calling thread; its
   * registration then hops to the loop, and off the loop this method waits for it (a few
   * microseconds on an idle loop, one iteration on a busy one). Use {@link #bindAsync} to avoid
   * waiting.
   *
   * @throws IOException if the address cannot be bound
   * @throws IllegalStateException if the loop is shutting down
   */
  public UdpEndpoint bind(InetSocketAddress local, DatagramHandler handler, UdpOptions options)
      throws IOException {
    Objects.requireNonNull(local, "local");
    DatagramChannel channel = open(local.getAddress(), options);
    try {
      channel.bind(local);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
    return register(channel, handler, options);
  }

  /** {@link #bind(InetAddress, int, int, DatagramHandler, UdpOptions)} with default options. */
  public UdpEndpoint bind(InetAddress address, int minPort, int maxPort, DatagramHandler handler)
      throws IOException {
    return bind(address, minPort, maxPort, handler, UdpOptions.DEFAULT);
  }

  /**
   * Binds a UDP socket to the first free port in {@code [minPort, maxPort]} on {@code address},
   * trying the ports in order from a random starting point (so that peers binding at the same
   * time spread out), and registers it with this loop. Threading as in
   * {@link #bind(InetSocketAddress, DatagramHandler, UdpOptions)}.
   *
   * @throws BindException if every port in the range is taken
   */
  public UdpEndpoint bind(InetAddress address, int minPort, int maxPort, DatagramHandler handler,
      UdpOptions options) throws IOException {
    Objects.requireNonNull(address, "address");
    if (minPort < 1 || maxPort > 65_535 || minPort > maxPort) {
      throw new IllegalArgumentException("bad port range [" + minPort + ", " + maxPort + "]");
    }
    int span = maxPort - minPort + 1;
    int start = ThreadLocalRandom.current().nextInt(span);
    for (int i = 0; i < span; i++) {
      int port = minPort + (start + i) % span;
      DatagramChannel channel = open(address, options);
      try {
        channel.bind(new InetSocketAddress(address, port));
      } catch (BindException taken) {
        closeQuietly(channel);
        continue;
      } catch (IOException | RuntimeException e) {
        closeQuietly(channel);
        throw e;
      }
      return register(channel, handler, options);
    }
    throw new BindException(
        "no free UDP port in [" + minPort + ", " + maxPort + "] on " + address.getHostAddress());
  }

  /**
   * Binds a UDP socket for a multicast group on one interface (e.g. mDNS, RFC 6762: 224.0.0.251
   * port 5353): {@code SO_REUSEADDR} so that other responders on the host can share the port,
   * bound to the wildcard address and {@code port} (0: any), joined to {@code group} on
   * {@code ni}, which also carries what it sends (TTL 255, loopback on). IPv4 groups only.
   */
  public UdpEndpoint bindMulticast(java.net.NetworkInterface ni, InetAddress group, int port, DatagramHandler handler)
      throws IOException {
    Objects.requireNonNull(ni, "ni");
    DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
    try {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(new InetSocketAddress(port));
      channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, ni);
      channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 255);
      channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
      channel.join(group, ni);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
    return register(channel, handler, UdpOptions.DEFAULT);
  }

  /** {@link #bind(InetSocketAddress, DatagramHandler, UdpOptions)} without waiting. */
  public CompletableFuture<UdpEndpoint> bindAsync(InetSocketAddress local,
      DatagramHandler handler, UdpOptions options) {
    Objects.requireNonNull(local, "local");
    DatagramChannel channel;
    try {
      channel = open(local.getAddress(), options);
      channel.bind(local);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return registerAsync(channel, handler, options);
  }

  private static DatagramChannel open(InetAddress address, UdpOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    DatagramChannel channel = address == null || address.isAnyLocalAddress()
        ? DatagramChannel.open()
        : DatagramChannel.open(address instanceof java.net.Inet6Address
            ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
    try {
      channel.configureBlocking(false);
      if (options.sendBufferBytes() > 0) {
        channel.setOption(StandardSocketOptions.SO_SNDBUF, options.sendBufferBytes());
      }
      if (options.receiveBufferBytes() > 0) {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBufferBytes());
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
    return channel;
  }

  private UdpEndpoint register(DatagramChannel channel, DatagramHandler handler,
      UdpOptions options) throws IOException {
    if (inEventLoop()) {
      return registerOnLoop(channel, handler, options);
    }
    try {
      return registerAsync(channel, handler, options).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while binding on " + name);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new CompletionException(cause);
    }
  }

  private CompletableFuture<UdpEndpoint> registerAsync(DatagramChannel channel,
      DatagramHandler handler, UdpOptions options) {
    CompletableFuture<UdpEndpoint> result = new CompletableFuture<>();
    try {
      execute(() -> {
        try {
          result.complete(registerOnLoop(channel, handler, options));
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      });
    } catch (RejectedExecutionException e) {
      closeQuietly(channel);
      result.completeExceptionally(
          new IllegalStateException("event loop " + name + " is shut down", e));
    }
    return result;
  }

  private UdpEndpoint registerOnLoop(DatagramChannel channel, DatagramHandler handler,
      UdpOptions options) throws IOException {
    Objects.requireNonNull(handler, "handler");
    try {
      if (!selector.isOpen()) {
        throw new IllegalStateException("event loop " + name + " is shut down");
      }
      UdpEndpoint endpoint = new UdpEndpoint(this, channel, handler, options);
      endpoint.register(selector);
      endpoints.add(endpoint);
      LOG.debug("{}: bound {}", name, endpoint.localAddress());
      return endpoint;
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /** Called by {@link UdpEndpoint#closeOnLoop()}. */
  void forget(UdpEndpoint endpoint) {
    endpoints.remove(endpoint);
  }

  // ---------------------------------------------------------------------------------- TCP

  /**
   * Opens a non-blocking TCP connection (TLS when {@code options} say so) from {@code local}
   * (null, or port 0, for any) to {@code remote} and registers it with this loop. Returns at once;
   * {@link TcpHandler#onConnected} follows once connected (and the TLS handshake is done), or
   * {@link TcpHandler#onClosed} with the cause. Loop thread only.
   *
   * @throws IOException if the socket cannot be opened or bound
   */
  public TcpConnection connectTcp(InetSocketAddress local, InetSocketAddress remote, TcpOptions options,
      TcpHandler handler) throws IOException {
    requireLoop("connectTcp");
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(handler, "handler");
    java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open();
    TcpConnection c;
    try {
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      if (local != null) {
        ch.bind(local);
      }
      c = new TcpConnection(this, ch, options, handler, remote);
      boolean done = ch.connect(remote);
      adopt(c, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT);
      if (done) {
        execute(c::finishConnect); // never call the handler from inside connectTcp
      }
    } catch (IOException | RuntimeException e) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // abandoning it
      }
      throw e;
    }
    return c;
  }

  /**
   * Listens for TCP connections on {@code local} (port 0: any free port). Accepted connections
   * belong to this loop. Loop thread only.
   */
  public TcpListener listenTcp(InetSocketAddress local, TcpListener.AcceptHandler handler) throws IOException {
    requireLoop("listenTcp");
    java.nio.channels.ServerSocketChannel ch = java.nio.channels.ServerSocketChannel.open();
    try {
      ch.configureBlocking(false);
      ch.bind(local);
      TcpListener l = new TcpListener(this, ch, Objects.requireNonNull(handler, "handler"));
      l.register(selector);
      streams.add(l);
      return l;
    } catch (IOException | RuntimeException e) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // abandoning it
      }
      throw e;
    }
  }

  /** Runs {@code close} now on the loop thread, else posts it; after shutdown the loop closes everything anyway. */
  void closeSoon(Runnable close) {
    if (inEventLoop()) {
      close.run();
      return;
    }
    try {
      execute(close);
    } catch (RejectedExecutionException shuttingDown) {
      // the loop closes its channels on the way out
    }
  }

  void adopt(TcpConnection c, int ops) throws IOException {
    if (!selector.isOpen()) {
      throw new IOException("event loop " + name + " is shut down");
    }
    c.register(selector, ops);
    streams.add(c);
  }

  void forgetStream(Object stream) {
    streams.remove(stream);
  }

  /** Open TCP connections and listeners; exact on the loop thread. */
  public int tcpCount() {
    return streams.size();
  }

  private void requireLoop(String what) {
    if (!inEventLoop()) {
      throw new IllegalStateException(what + " must be called on event loop thread " + name);
    }
  }

  /** Open endpoints; exact on the loop thread. */
  public int endpointCount() {
    return endpoints.size();
  }

  ByteBuffer receiveBuffer() {
    return receiveBuffer;
  }

  byte[] receiveArray() {
    return receiveArray;
  }

  ByteBuffer sendBuffer() {
    return sendBuffer;
  }

  // ------------------------------------------------------------------------------- failures

  /** Tasks, timers and datagram handlers of this loop that threw, since it started. */
  public long failureCount() {
    return (long) FAILURES.getVolatile(this);
  }

  /** Counts and logs a throwable from user code; on the loop thread. */
  void reportFailure(String what, Throwable t) {
    FAILURES.setVolatile(this, (long) FAILURES.getVolatile(this) + 1); // single writer
    long now = System.nanoTime();
    if (!failureLogged || now - lastFailureLogNanos >= FAILURE_LOG_INTERVAL_NANOS) {
      failureLogged = true;
      lastFailureLogNanos = now;
      long suppressed = suppressedFailureLogs;
      suppressedFailureLogs = 0;
      LOG.warn("{}: {} threw; the loop carries on ({} similar failures not logged since the last"
          + " report)", name, what, suppressed, t);
    } else {
      suppressedFailureLogs++;
      LOG.debug("{}: {} threw: {}", name, what, t.toString());
    }
  }

  // ------------------------------------------------------------------------------- run loop

  private void run() {
    LOG.debug("{}: started", name);
    try {
      while (state == RUNNING) {
        runOnce();
      }
    } catch (Throwable t) {
      // Only a bug in the loop itself (user code is caught) gets here.
      LOG.error("{}: event loop failed", name, t);
    } finally {
      terminate();
    }
  }

  private void runOnce() {
    try {
      selecting.set(true);
      long waitMillis = waitMillis();
      if (waitMillis < 0) {
        selecting.set(false);
        selector.selectNow(onReady);
      } else {
        selector.select(onReady, waitMillis);
        selecting.set(false);
      }
    } catch (IOException e) {
      selecting.set(false);
      LOG.warn("{}: select failed", name, e);
    }
    runDueTimers();
    runTasks();
  }

  /**
   * How long select may block: -1 not at all, 0 until woken, else milliseconds. Read after
   * {@code selecting} is set, so that a task or clock move racing with this check either is seen
   * here or wakes the selector.
   */
  private long waitMillis() {
    if (!tasks.isEmpty() || state != RUNNING) {
      return -1;
    }
    if (!timers.hasTimers()) {
      return 0;
    }
    long untilNanos = timers.nextDeadline() - clock.nanoTime();
    if (untilNanos <= 0) {
      return -1;
    }
    if (manualClock) {
      return 0;
    }
    return (untilNanos + 999_999) / 1_000_000;
  }

  private void onReady(SelectionKey key) {
    Object attachment = key.attachment();
    if (!(attachment instanceof UdpEndpoint)) {
      onStreamReady(key, attachment);
      return;
    }
    UdpEndpoint endpoint = (UdpEndpoint) attachment;
    try {
      if (key.isValid()) {
        endpoint.onReady(key.readyOps(), this);
      }
    } catch (Throwable t) {
      // Handler exceptions are caught per datagram; this is a failure of the endpoint itself.
      reportFailure("endpoint " + endpoint.localAddress(), t);
    }
  }

  private void onStreamReady(SelectionKey key, Object stream) {
    try {
      if (!key.isValid()) {
        return;
      }
      if (stream instanceof TcpConnection c) {
        c.onReady(key.readyOps());
      } else if (stream instanceof TcpListener l) {
        l.onReady(key.readyOps());
      }
    } catch (Throwable t) {
      reportFailure("TCP " + stream, t);
    }
  }

  private void runDueTimers() {
    if (timers.size() == 0) {
      return;
    }
    long now = clock.nanoTime();
    long sequenceLimit = timers.nextSequence();
    TimerQueue.Node node;
    while ((node = timers.pollDue(now, sequenceLimit)) != null) {
      if (!node.claim()) {
        continue;
      }
      try {
        if (LOOP_TASK.isEnabled()) {
          runRecorded(node.task(), "timer", clock.nanoTime() - node.deadlineNanos);
        } else {
          node.task().run();
        }
      } catch (Throwable t) {
        reportFailure(node.toString(), t);
      }
    }
  }

  private void runTasks() {
    for (int i = 0; i < MAX_TASKS_PER_ITERATION; i++) {
      Runnable task = tasks.poll();
      if (task == null) {
        return;
      }
      safeRun(task);
    }
  }

  private void safeRun(Runnable task) {
    try {
      if (task instanceof PostedTask p) {
        runRecorded(p.task, "task", System.nanoTime() - p.postedNanos);
      } else {
        task.run();
      }
    } catch (Throwable t) {
      reportFailure("task " + task, t);
    }
  }

  private void runRecorded(Runnable task, String kind, long latencyNanos) {
    LoopTaskEvent e = new LoopTaskEvent();
    e.begin();
    try {
      task.run();
    } finally {
      e.end();
      if (e.shouldCommit()) {
        e.loop = name;
        e.kind = kind;
        e.latency = Math.max(0, latencyNanos);
        e.commit();
      }
    }
  }

  /** A task posted while {@code rtc4j.LoopTask} is recorded, with the time it was posted. */
  private static final class PostedTask implements Runnable {
    final Runnable task;
    final long postedNanos;

    PostedTask(Runnable task, long postedNanos) {
      this.task = task;
      this.postedNanos = postedNanos;
    }

    @Override
    public void run() {
      task.run();
    }

    @Override
    public String toString() {
      return task.toString();
    }
  }

  // ------------------------------------------------------------------------------- shutdown

  /**
   * Starts an orderly shutdown (see the class doc) and returns a future that completes when the
   * thread has ended and every channel is closed. Idempotent; safe from any thread.
   */
  public CompletableFuture<Void> shutdownGracefully() {
    if (state == RUNNING) {
      synchronized (this) {
        if (state == RUNNING) {
          state = SHUTTING_DOWN;
          selector.wakeup();
        }
      }
    }
    return terminationFuture;
  }

  /** Completes when the loop has terminated. */
  public CompletableFuture<Void> terminationFuture() {
    return terminationFuture;
  }

  /**
   * Shuts down and, unless called on the loop thread itself, waits until the loop has
   * terminated.
   */
  @Override
  public void close() {
    CompletableFuture<Void> done = shutdownGracefully();
    if (!inEventLoop()) {
      boolean interrupted = false;
      while (true) {
        try {
          done.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          break; // termination never completes exceptionally
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void terminate() {
    try {
      state = SHUTTING_DOWN;
      // Tasks already posted still run (they may release resources); bounded so a task that
      // re-posts itself cannot keep the loop alive.
      for (int i = 0; i < 16 * MAX_TASKS_PER_ITERATION; i++) {
        Runnable task = tasks.poll();
        if (task == null) {
          break;
        }
        safeRun(task);
      }
      timers.clear();
      for (UdpEndpoint endpoint : new ArrayList<>(endpoints)) {
        try {
          endpoint.closeOnLoop();
        } catch (Throwable t) {
          LOG.warn("{}: closing {} failed", name, endpoint, t);
        }
      }
      endpoints.clear();
      for (Object stream : new ArrayList<>(streams)) {
        try {
          if (stream instanceof TcpConnection c) {
            c.closeOnLoop();
          } else if (stream instanceof TcpListener l) {
            l.closeOnLoop();
          }
        } catch (Throwable t) {
          LOG.warn("{}: closing {} failed", name, stream, t);
        }
      }
      streams.clear();
      try {
        selector.close();
      } catch (IOException e) {
        LOG.warn("{}: closing the selector failed", name, e);
      }
    } finally {
      state = TERMINATED;
      // Tasks that raced with the state change still run, so that nobody waits on them forever
      // (a late bind, for one, fails cleanly because the selector is closed).
      Runnable straggler;
      while ((straggler = tasks.poll()) != null) {
        safeRun(straggler);
      }
      if (manualClock) {
        ((ManualClock) clock).removeListener(clockListener);
      }
      LOG.debug("{}: terminated", name);
      terminationFuture.complete(null);
    }
  }

  @Override
  public String toString() {
    return "EventLoop[" + name + "]";
  }

  private static void closeQuietly(DatagramChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing left to do with a channel we are abandoning
    }
  }
}
