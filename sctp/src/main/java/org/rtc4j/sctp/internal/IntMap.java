package org.rtc4j.sctp.internal;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An open-addressing map from non-negative int keys (stream identifiers) to values, with linear
 * probing and backward-shift deletion: no boxing and no node per entry. Grows by doubling; starts
 * small so an idle association costs a few dozen bytes.
 */
public final class IntMap<V> {
  private static final int FREE = -1;
  private int[] keys;
  private Object[] values;
  private int size;

  public IntMap() {
    this(8);
  }

  public IntMap(int capacity) {
    int c = Integer.highestOneBit(Math.max(4, capacity - 1) << 1);
    keys = new int[c];
    Arrays.fill(keys, FREE);
    values = new Object[c];
  }

  public int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  public V get(int key) {
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      int k = keys[i];
      if (k == key) {
        return (V) values[i];
      }
      if (k == FREE) {
        return null;
      }
    }
  }

  /** Associates {@code value} with {@code key} (>= 0). */
  public void put(int key, V value) {
    if ((size + 1) * 4 > keys.length * 3) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      int k = keys[i];
      if (k == key) {
        values[i] = value;
        return;
      }
      if (k == FREE) {
        keys[i] = key;
        values[i] = value;
        size++;
        return;
      }
    }
  }

  /** Removes {@code key}; returns its value or null. */
  @SuppressWarnings("unchecked")
  public V remove(int key) {
    int mask = keys.length - 1;
    int i = mix(key) & mask;
    while (keys[i] != key) {
      if (keys[i] == FREE) {
        return null;
      }
      i = (i + 1) & mask;
    }
    V old = (V) values[i];
    // Backward-shift deletion keeps probe chains intact without tombstones.
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      if (keys[j] == FREE) {
        break;
      }
      int home = mix(keys[j]) & mask;
      boolean between = i <= j ? (i < home && home <= j) : (i < home || home <= j);
      if (!between) {
        keys[i] = keys[j];
        values[i] = values[j];
        i = j;
      }
    }
    keys[i] = FREE;
    values[i] = null;
    size--;
    return old;
  }

  /** Calls {@code action} for every value (the map must not change meanwhile). */
  @SuppressWarnings("unchecked")
  public void forEachValue(Consumer<V> action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != FREE) {
        action.accept((V) values[i]);
      }
    }
  }

  private void grow() {
    int[] ok = keys;
    Object[] ov = values;
    keys = new int[ok.length * 2];
    Arrays.fill(keys, FREE);
    values = new Object[ok.length * 2];
    size = 0;
    for (int i = 0; i < ok.length; i++) {
      if (ok[i] != FREE) {
        @SuppressWarnings("unchecked")
        V v = (V) ov[i];
        put(ok[i], v);
      }
    }
  }

  private static int mix(int k) {
    int h = k * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
