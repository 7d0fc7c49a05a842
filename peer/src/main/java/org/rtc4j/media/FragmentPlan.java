package org.rtc4j.media;

/**
 * Splits a run of bytes into payload pieces of near-equal size: each piece is the bytes left over
 * the pieces left, rounded up, so no piece is more than one byte larger than another (a receiver's
 * jitter buffer and the network see even packets, not one full packet and a tiny tail). A piece
 * can also be capped below that, e.g. when the first payload carries extra headers.
 *
 * <p>Mutable and reused for every frame, so the packet path allocates nothing.
 */
public final class FragmentPlan {

    private int start;
    private int pos;
    private int end;
    private int piecesLeft;

    /** Creates a plan with no run started. */
    public FragmentPlan() {}

    /**
     * Plans {@code len} bytes from {@code off}, plus {@code overhead} bytes the pieces also carry
     * (such as a header only the first payload has), in pieces of at most {@code capacity} bytes.
     */
    public void start(int off, int len, int overhead, int capacity) {
        start = off;
        pos = off;
        end = off + len;
        piecesLeft = (len + overhead + capacity - 1) / capacity;
    }

    /** Forgets the current run: {@link #hasNext()} is false until the next {@link #start}. */
    public void clear() {
        piecesLeft = 0;
    }

    public boolean hasNext() {
        return piecesLeft > 0;
    }

    /** Whether no piece has been taken yet. */
    public boolean first() {
        return pos == start;
    }

    /** Where the next piece starts. */
    public int position() {
        return pos;
    }

    /** Bytes not yet taken. */
    public int remaining() {
        return end - pos;
    }

    /** The size of the next piece: the near-equal share of what is left, at most {@code cap}. */
    public int nextSize(int cap) {
        int remaining = end - pos;
        return Math.min(cap, (remaining + piecesLeft - 1) / piecesLeft);
    }

    /** Takes a piece of {@code size} bytes; returns whether it was the last one. */
    public boolean take(int size) {
        pos += size;
        piecesLeft = pos == end ? 0 : piecesLeft - 1;
        return pos == end;
    }
}
