package org.rtc4j.bench.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live objects of another JVM by class, from {@code jcmd PID GC.class_histogram}, which runs
 * a full GC first: its total is the live heap. Two histograms subtract, so a histogram at N
 * sessions minus one at none says what the sessions hold, class by class.
 */
final class HeapHistogram {

  /** One class: how many live instances, how many bytes (shallow sizes). */
  record Entry(String className, long instances, long bytes) {}

  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)(?:\\s+\\(.*\\))?\\s*$");
  private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

  private final Map<String, Entry> byClass;
  private final long totalInstances;
  private final long totalBytes;

  private HeapHistogram(Map<String, Entry> byClass, long totalInstances, long totalBytes) {
    this.byClass = byClass;
    this.totalInstances = totalInstances;
    this.totalBytes = totalBytes;
  }

  /** Runs a full GC in {@code pid} and takes its histogram (the JVM must be this JDK's version). */
  static HeapHistogram of(long pid) throws IOException, InterruptedException {
    String text = jcmd(pid, "GC.class_histogram");
    HeapHistogram h = parse(text);
    if (h.totalBytes == 0) {
      throw new IOException("jcmd " + pid + " GC.class_histogram failed: " + text.lines().limit(5).toList());
    }
    return h;
  }

  /**
   * Runs {@code jcmd PID COMMAND ARGS} and returns what it printed. Its pipes are closed here, not
   * left to the garbage collector: a soak that counts this JVM's descriptors must not see them.
   */
  static String jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out;
    try (var stdin = p.getOutputStream(); var stdout = p.getInputStream(); var stderr = p.getErrorStream()) {
      out = stdout.readAllBytes();
    }
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " did not finish within 300 s");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + text.strip());
    }
    return text;
  }

  static HeapHistogram parse(String text) {
    Map<String, Entry> rows = new HashMap<>();
    long instances = 0;
    long bytes = 0;
    for (String line : text.split("\n")) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        Entry e = new Entry(m.group(3), Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
        rows.merge(e.className(), e, (a, b) -> new Entry(a.className(), a.instances() + b.instances(), a.bytes() + b.bytes()));
        continue;
      }
      Matcher t = TOTAL.matcher(line);
      if (t.matches()) {
        instances = Long.parseLong(t.group(1));
        bytes = Long.parseLong(t.group(2));
      }
    }
    return new HeapHistogram(rows, instances, bytes);
  }

  long totalBytes() {
    return totalBytes;
  }

  long totalInstances() {
    return totalInstances;
  }

  /** Per class, this histogram minus {@code base}, the largest byte growth first. */
  List<Entry> minus(HeapHistogram base) {
    List<Entry> diff = new ArrayList<>();
    for (Entry e : byClass.values()) {
      Entry b = base.byClass.get(e.className());
      diff.add(b == null ? e : new Entry(e.className(), e.instances() - b.instances(), e.bytes() - b.bytes()));
    }
    for (Entry b : base.byClass.values()) {
      if (!byClass.containsKey(b.className())) {
        diff.add(new Entry(b.className(), -b.instances(), -b.bytes()));
      }
    }
    diff.sort(Comparator.comparingLong(Entry::bytes).reversed());
    return diff;
  }

  /** The largest classes of this histogram. */
  List<Entry> top(int n) {
    return byClass.values().stream().sorted(Comparator.comparingLong(Entry::bytes).reversed()).limit(n).toList();
  }

  /** A table of {@code rows}, with instances and bytes also divided by {@code perN} (when above 0). */
  static String table(List<Entry> rows, int limit, int perN) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%4s %12s %14s %12s %12s  %s%n", "#", "instances", "bytes",
        perN > 0 ? "inst/sess" : "", perN > 0 ? "bytes/sess" : "", "class"));
    int i = 0;
    for (Entry e : rows) {
      if (i++ == limit) {
        break;
      }
      sb.append(String.format(Locale.ROOT, "%4d %12d %14d %12s %12s  %s%n", i, e.instances(), e.bytes(),
          perN > 0 ? String.format(Locale.ROOT, "%.1f", e.instances() / (double) perN) : "",
          perN > 0 ? String.format(Locale.ROOT, "%.0f", e.bytes() / (double) perN) : "", e.className()));
    }
    return sb.toString();
  }
}
