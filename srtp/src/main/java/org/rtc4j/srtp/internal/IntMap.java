package org.rtc4j.srtp.internal;

import java.util.function.IntFunction;

/**
 * An open-addressing hash map from {@code int} keys (SSRCs) to values, with linear probing and
 * backward-shift deletion. Lookups never allocate; only growing does. Not thread-safe.
 *
 * @param <V> the value type
 */
public final class IntMap<V> {
  private int[] keys;
  private Object[] values;
  private int size;
  private int mask;

  /** An empty map sized for a few streams. */
  public IntMap() {
    this(8);
  }

  /** An empty map with room for {@code expected} entries before it grows. */
  public IntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    keys = new int[cap];
    values = new Object[cap];
    mask = cap - 1;
  }

  private static int hash(int key) {
    int h = key * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /** The value for {@code key}, or null. */
  @SuppressWarnings("unchecked")
  public V get(int key) {
    int i = hash(key) & mask;
    Object v;
    while ((v = values[i]) != null) {
      if (keys[i] == key) {
        return (V) v;
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  /** The value for {@code key}, created with {@code factory} if absent. */
  public V computeIfAbsent(int key, IntFunction<V> factory) {
    V v = get(key);
    if (v == null) {
      v = factory.apply(key);
      put(key, v);
    }
    return v;
  }

  /** Associates {@code value} (not null) with {@code key}; returns the previous value or null. */
  @SuppressWarnings("unchecked")
  public V put(int key, V value) {
    if (value == null) {
      throw new NullPointerException("value");
    }
    int i = hash(key) & mask;
    Object v;
    while ((v = values[i]) != null) {
      if (keys[i] == key) {
        values[i] = value;
        return (V) v;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
    return null;
  }

  /** Removes {@code key}; returns its value or null. */
  @SuppressWarnings("unchecked")
  public V remove(int key) {
    int i = hash(key) & mask;
    Object v;
    while ((v = values[i]) != null) {
      if (keys[i] == key) {
        shiftBack(i);
        size--;
        return (V) v;
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  private void shiftBack(int hole) {
    int i = hole;
    while (true) {
      i = (i + 1) & mask;
      if (values[i] == null) {
        break;
      }
      int home = hash(keys[i]) & mask;
      // Move the entry into the hole unless its home lies cyclically in (hole, i].
      boolean stays = hole <= i ? (hole < home && home <= i) : (hole < home || home <= i);
      if (!stays) {
        keys[hole] = keys[i];
        values[hole] = values[i];
        hole = i;
      }
    }
    values[hole] = null;
  }

  private void grow() {
    int[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new int[oldKeys.length * 2];
    values = new Object[oldKeys.length * 2];
    mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldValues[j] != null) {
        int i = hash(oldKeys[j]) & mask;
        while (values[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }

  /** Number of entries. */
  public int size() {
    return size;
  }

  /** Removes every entry. */
  public void clear() {
    java.util.Arrays.fill(values, null);
    size = 0;
  }
}
