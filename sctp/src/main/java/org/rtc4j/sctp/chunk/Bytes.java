package org.rtc4j.sctp.chunk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Network byte order reads and writes on {@code byte[]}; callers check the bounds. */
public final class Bytes {
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

  private Bytes() {}

  /** The unsigned byte at {@code off}. */
  public static int u8(byte[] b, int off) {
    return b[off] & 0xFF;
  }

  /** The unsigned 16-bit value at {@code off}. */
  public static int u16(byte[] b, int off) {
    return (short) SHORT.get(b, off) & 0xFFFF;
  }

  /** The 32-bit value at {@code off}, as a Java int (TSNs and tags are compared as unsigned). */
  public static int i32(byte[] b, int off) {
    return (int) INT.get(b, off);
  }

  /** The 32-bit little-endian value at {@code off}. */
  public static int i32le(byte[] b, int off) {
    return (int) INT_LE.get(b, off);
  }

  /** Writes the low 16 bits of {@code v} at {@code off}. */
  public static void put16(byte[] b, int off, int v) {
    SHORT.set(b, off, (short) v);
  }

  /** Writes {@code v} at {@code off}. */
  public static void put32(byte[] b, int off, int v) {
    INT.set(b, off, v);
  }

  /** Writes {@code v} little-endian at {@code off}. */
  public static void put32le(byte[] b, int off, int v) {
    INT_LE.set(b, off, v);
  }

  /** {@code n} rounded up to a multiple of four (chunk and parameter padding, RFC 9260 §3.2). */
  public static int pad4(int n) {
    return (n + 3) & ~3;
  }
}
