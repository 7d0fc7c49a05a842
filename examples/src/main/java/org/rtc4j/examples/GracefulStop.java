package org.rtc4j.examples;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a server command ({@code signal}, {@code whip-server}, {@code whep-server}, {@code demo})
 * stops: after {@code --seconds}, or on SIGTERM or SIGINT (Ctrl-C). The signals are taken as a
 * request, not as the JVM's shutdown: a handler ({@code sun.misc.Signal}, in the JDK's
 * {@code jdk.unsupported} module) only wakes the command's main thread, which then stops accepting,
 * closes its sessions (DTLS close_notify, recordings finished), prints the JSON summary last and
 * exits 0, as after {@code --seconds}. With the default JVM handling, SIGTERM would start the
 * shutdown hooks and halt the JVM with status 143 while the main thread was still writing.
 *
 * <p>Where the handlers cannot be installed (a JVM run with {@code -Xrs}), a shutdown hook is the
 * fallback: it wakes the main thread and holds the JVM until the summary is out, then halts with
 * the command's exit code.
 */
final class GracefulStop {
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile String signal;
    private volatile int exitCode;

    private GracefulStop() {}

    /** Takes SIGTERM and SIGINT from now on. */
    static GracefulStop install() {
        GracefulStop g = new GracefulStop();
        boolean handled = true;
        for (String name : new String[] {"TERM", "INT"}) {
            handled &= handle(name, () -> g.request("SIG" + name));
        }
        if (!handled) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                g.request("shutdown");
                try {
                    if (g.finished.await(15, TimeUnit.SECONDS)) {
                        Runtime.getRuntime().halt(g.exitCode);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "rtc4j-graceful-stop"));
        }
        return g;
    }

    /**
     * {@code sun.misc.Signal.handle(new Signal(name), s -> action.run())}, reflectively: the type is
     * the JDK's supported way to take a signal ({@code jdk.unsupported} exports it), but naming it
     * in source is a compiler warning, which this build turns into an error. False if the signal
     * cannot be taken here.
     */
    private static boolean handle(String name, Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object h = java.lang.reflect.Proxy.newProxyInstance(GracefulStop.class.getClassLoader(), new Class<?>[] {handler},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            action.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "graceful stop on SIG" + name;
                    });
            signal.getMethod("handle", signal, handler).invoke(null, signal.getConstructor(String.class).newInstance(name), h);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false; // no sun.misc.Signal, or the signal is the VM's (-Xrs)
        }
    }

    private void request(String why) {
        if (signal == null) {
            signal = why;
        }
        stop.countDown();
    }

    /** Waits until a signal comes or {@code seconds} pass ({@code null}: no limit). */
    void await(Long seconds) {
        try {
            if (seconds != null) {
                stop.await(seconds, TimeUnit.SECONDS);
            } else {
                stop.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The signal that stopped the command ("SIGTERM", "SIGINT"), or null if none did. */
    String signal() {
        return signal;
    }

    /** The summary is printed: with the fallback hook, the JVM may now halt with {@code exitCode}. */
    void finished(int exitCode) {
        this.exitCode = exitCode;
        finished.countDown();
    }
}
