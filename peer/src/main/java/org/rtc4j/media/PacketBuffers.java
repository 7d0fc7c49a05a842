package org.rtc4j.media;

/**
 * Where a {@link FrameAssembler} keeps the payloads it holds: it takes a buffer when a packet
 * arrives and gives it back when the packet's frame is released or given up, so that a stream holds
 * memory for the packets it buffers now, not for its whole window. An event loop shares one pool
 * among all its streams; the default allocates per slot and keeps the buffer.
 *
 * <p>Called only from the assembler's owning thread.
 */
public interface PacketBuffers {
  /** A buffer of at least {@code minLength} bytes. */
  byte[] take(int minLength);

  /** A buffer from {@link #take} that is no longer used. */
  void give(byte[] buffer);

  /** Plain allocation; given-back buffers are left to the garbage collector. */
  PacketBuffers ALLOCATE = new PacketBuffers() {
    @Override
    public byte[] take(int minLength) {
      return new byte[Math.max(minLength, 1500)];
    }

    @Override
    public void give(byte[] buffer) {
      // garbage
    }
  };
}
