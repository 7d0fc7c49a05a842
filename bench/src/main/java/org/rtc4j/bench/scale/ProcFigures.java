package org.rtc4j.bench.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What Linux says about a process (proc(5)): CPU time, resident memory, threads, open files. */
final class ProcFigures {
  private ProcFigures() {}

  /** Made on first use only: it runs {@code getconf}, which starts the JDK's process reaper thread. */
  private static final class Clock {
    static final long TICKS_PER_SECOND = clockTicks();
  }

  /** utime + stime of {@code pid}, in nanoseconds of CPU (every thread, the JIT and GC included). */
  static long cpuNanos(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 (utime) and 15 (stime)
    return ticks * 1_000_000_000L / Clock.TICKS_PER_SECOND;
  }

  /** VmRSS of {@code pid} in KiB. */
  static long rssKb(long pid) {
    return statusField(pid, "VmRSS:");
  }

  /** Threads of {@code pid}, as the kernel counts them (JIT compiler and GC threads included). */
  static long threads(long pid) {
    return statusField(pid, "Threads:");
  }

  /**
   * The threads of {@code pid} by name with digits folded to {@code #} (proc(5) {@code task/TID/comm},
   * at most 15 characters): {@code {rtc4j-loop-#=2, C2 CompilerThre#=2, ...}}.
   */
  static Map<String, Integer> threadNames(long pid) {
    Map<String, Integer> names = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        try {
          names.merge(read(t.resolve("comm")).strip().replaceAll("[0-9]+", "#"), 1, Integer::sum);
        } catch (UncheckedIOException gone) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  /** Entries in /proc/PID/fd: sockets, files, pipes, the epoll instance... */
  static long openFds(long pid) {
    try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return s.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Open descriptors of {@code pid} other than pipes and UNIX-domain sockets. The stack opens UDP
   * sockets, epoll and eventfd descriptors and files; pipes and UNIX sockets here come from
   * measuring: {@code jcmd} attaches over a UNIX socket that the JVM keeps for a while, and a child
   * process's pipes close when its {@code Process} is collected.
   */
  static long openFdsOfTheStack(long pid) {
    java.util.Set<String> unix = new java.util.HashSet<>();
    for (String line : read(Path.of("/proc/net/unix")).split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 7 && f[6].matches("\\d+")) {
        unix.add("socket:[" + f[6] + "]");
      }
    }
    long n = 0;
    try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) s::iterator) {
        String link;
        try {
          link = Files.readSymbolicLink(fd).toString();
        } catch (IOException gone) {
          continue; // closed meanwhile
        }
        if (!link.startsWith("pipe:") && !unix.contains(link)) {
          n++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n;
  }

  /** The 1, 5 and 15 minute load averages, as in /proc/loadavg. */
  static String loadAverage() {
    String[] f = read(Path.of("/proc/loadavg")).trim().split("\\s+");
    return f[0] + " " + f[1] + " " + f[2];
  }

  private static long statusField(long pid, String name) {
    for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
      if (line.startsWith(name)) {
        return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException("no " + name + " in /proc/" + pid + "/status");
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + " (is the process gone?)", e);
    }
  }

  /** sysconf(_SC_CLK_TCK), the unit of utime and stime: 100 on every Linux we run on. */
  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return Long.parseLong(out);
      }
    } catch (IOException | NumberFormatException e) {
      // fall through
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }
}
