package org.rtc4j.bench.scale;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The live primitive arrays of another JVM by element type and length, read from a heap dump
 * ({@code jcmd PID GC.heap_dump}, live objects only, after a full GC) in the HPROF format of the
 * JDK ({@code JAVA PROFILE 1.0.2}). A class histogram says a session holds 650 {@code byte[]};
 * this says of which lengths, which is what points at the code that made them.
 */
final class PrimitiveArrays {

  /** Arrays of one element type and length: how many, how many bytes of elements. */
  record Shape(String type, int length, long count, long bytes) {}

  private static final int HEAP_DUMP = 0x0C;
  private static final int HEAP_DUMP_SEGMENT = 0x1C;
  private static final String[] TYPE_NAMES = new String[12];
  private static final int[] TYPE_SIZES = new int[12];

  static {
    String[] names = {"boolean", "char", "float", "double", "byte", "short", "int", "long"};
    int[] sizes = {1, 2, 4, 8, 1, 2, 4, 8};
    for (int i = 0; i < names.length; i++) {
      TYPE_NAMES[4 + i] = names[i];
      TYPE_SIZES[4 + i] = sizes[i];
    }
  }

  private final Map<String, Shape> shapes;

  private PrimitiveArrays(Map<String, Shape> shapes) {
    this.shapes = shapes;
  }

  /** Dumps the live heap of {@code pid} to {@code file} (deleted afterwards) and reads it. */
  static PrimitiveArrays of(long pid, Path file) throws IOException, InterruptedException {
    Files.deleteIfExists(file);
    String out = HeapHistogram.jcmd(pid, "GC.heap_dump", file.toAbsolutePath().toString());
    if (!Files.isRegularFile(file)) {
      throw new IOException("jcmd " + pid + " GC.heap_dump wrote no file: " + out.strip());
    }
    try {
      return read(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  static PrimitiveArrays read(Path hprof) throws IOException {
    Map<String, Shape> shapes = new HashMap<>();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(hprof), 1 << 16))) {
      while (in.readByte() != 0) {
        // "JAVA PROFILE 1.0.2", NUL-terminated
      }
      int idSize = in.readInt();
      in.readLong(); // timestamp
      while (true) {
        int tag;
        try {
          tag = in.readUnsignedByte();
        } catch (EOFException end) {
          break;
        }
        in.readInt(); // time offset
        long length = Integer.toUnsignedLong(in.readInt());
        if (tag == HEAP_DUMP || tag == HEAP_DUMP_SEGMENT) {
          readHeap(in, length, idSize, shapes);
        } else {
          skip(in, length);
        }
      }
    }
    return new PrimitiveArrays(shapes);
  }

  /** The sub-records of one heap dump segment (HPROF's heap dump tags). */
  private static void readHeap(DataInputStream in, long length, int id, Map<String, Shape> shapes) throws IOException {
    long left = length;
    while (left > 0) {
      int sub = in.readUnsignedByte();
      long n;
      switch (sub) {
        case 0xFF, 0x05, 0x07 -> n = skip(in, id); // root unknown, sticky class, monitor used
        case 0x01 -> n = skip(in, 2L * id); // JNI global
        case 0x02, 0x03, 0x08 -> n = skip(in, id + 8L); // JNI local, Java frame, thread object
        case 0x04, 0x06 -> n = skip(in, id + 4L); // native stack, thread block
        case 0x20 -> n = classDump(in, id);
        case 0x21 -> { // instance: id, stack serial, class id, field bytes
          skip(in, id + 4L + id);
          int bytes = in.readInt();
          n = id + 4L + id + 4 + skip(in, bytes);
        }
        case 0x22 -> { // object array: id, stack serial, count, class id, ids
          skip(in, id + 4L);
          int count = in.readInt();
          n = id + 4L + 4 + skip(in, id + (long) count * id);
        }
        case 0x23 -> { // primitive array: id, stack serial, count, element type, elements
          skip(in, id + 4L);
          int count = in.readInt();
          int type = in.readUnsignedByte();
          long bytes = (long) count * TYPE_SIZES[type];
          skip(in, bytes);
          String key = type + ":" + count;
          Shape s = shapes.get(key);
          shapes.put(key, new Shape(TYPE_NAMES[type], count, s == null ? 1 : s.count() + 1, (s == null ? 0 : s.bytes()) + bytes));
          n = id + 4L + 4 + 1 + bytes;
        }
        default -> throw new IOException("unknown heap dump sub-record 0x" + Integer.toHexString(sub));
      }
      left -= 1 + n;
    }
  }

  /** A class dump's length, skipping it: fixed part, constant pool, static fields, instance fields. */
  private static long classDump(DataInputStream in, int id) throws IOException {
    long n = skip(in, id + 4L + 6L * id + 4); // class id, stack serial, super, loader, signers, domain, 2 reserved, instance size
    int pool = in.readUnsignedShort();
    n += 2;
    for (int i = 0; i < pool; i++) {
      skip(in, 2);
      n += 3 + skip(in, valueSize(in.readUnsignedByte(), id));
    }
    int statics = in.readUnsignedShort();
    n += 2;
    for (int i = 0; i < statics; i++) {
      skip(in, id);
      n += id + 1 + skip(in, valueSize(in.readUnsignedByte(), id));
    }
    int fields = in.readUnsignedShort();
    n += 2 + skip(in, fields * (id + 1L));
    return n;
  }

  private static int valueSize(int type, int id) {
    return type == 2 ? id : TYPE_SIZES[type];
  }

  private static long skip(DataInputStream in, long n) throws IOException {
    long left = n;
    while (left > 0) {
      long s = in.skip(left);
      if (s <= 0) {
        in.readByte();
        s = 1;
      }
      left -= s;
    }
    return n;
  }

  /** Per shape, this minus {@code base}, the largest byte growth first. */
  List<Shape> minus(PrimitiveArrays base) {
    List<Shape> diff = new ArrayList<>();
    for (Map.Entry<String, Shape> e : shapes.entrySet()) {
      Shape s = e.getValue();
      Shape b = base.shapes.get(e.getKey());
      diff.add(b == null ? s : new Shape(s.type(), s.length(), s.count() - b.count(), s.bytes() - b.bytes()));
    }
    diff.sort(Comparator.comparingLong(Shape::bytes).reversed());
    return diff;
  }

  /** A table of the first {@code limit} shapes, counts and bytes also per session. */
  static String table(List<Shape> rows, int limit, int sessions) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%4s %-8s %8s %10s %12s %10s %11s%n", "#", "type", "length",
        "arrays", "bytes", "arr/sess", "bytes/sess"));
    for (int i = 0; i < Math.min(limit, rows.size()); i++) {
      Shape s = rows.get(i);
      sb.append(String.format(Locale.ROOT, "%4d %-8s %8d %10d %12d %10.1f %11.0f%n", i + 1, s.type() + "[]", s.length(), s.count(),
          s.bytes(), s.count() / (double) sessions, s.bytes() / (double) sessions));
    }
    return sb.toString();
  }
}
