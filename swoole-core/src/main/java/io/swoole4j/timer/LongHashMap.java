package io.swoole4j.timer;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A map from positive {@code long} keys to objects with no boxing and no allocation per
 * entry: open addressing, linear probing, Fibonacci hashing, backward-shift deletion (no
 * tombstones), load factor 1/2. Key 0 marks a free slot, which is why timer ids start at
 * 1.
 * <p>
 * Not thread-safe (confined to its timer's thread).
 */
final class LongHashMap<V> {

	private static final int MIN_CAPACITY = 64;

	private long[] keys;

	private Object[] values;

	private int mask;

	private int shift;

	private int size;

	LongHashMap() {
		allocate(MIN_CAPACITY);
	}

	int size() {
		return this.size;
	}

	@SuppressWarnings("unchecked")
	V get(long key) {
		long[] keys = this.keys;
		for (int i = slot(key);; i = (i + 1) & this.mask) {
			long k = keys[i];
			if (k == key) {
				return (V) this.values[i];
			}
			if (k == 0) {
				return null;
			}
		}
	}

	void put(long key, V value) {
		if (this.size * 2 >= this.keys.length) {
			rehash(this.keys.length * 2);
		}
		int i = slot(key);
		while (this.keys[i] != 0 && this.keys[i] != key) {
			i = (i + 1) & this.mask;
		}
		if (this.keys[i] == 0) {
			this.size++;
		}
		this.keys[i] = key;
		this.values[i] = value;
	}

	@SuppressWarnings("unchecked")
	V remove(long key) {
		long[] keys = this.keys;
		int i = slot(key);
		while (keys[i] != key) {
			if (keys[i] == 0) {
				return null;
			}
			i = (i + 1) & this.mask;
		}
		V removed = (V) this.values[i];
		this.size--;
		// backward-shift: move later entries of the probe run into the hole so that
		// lookups never stop early at it
		int hole = i;
		for (int j = (hole + 1) & this.mask; keys[j] != 0; j = (j + 1) & this.mask) {
			int home = slot(keys[j]);
			if (((j - home) & this.mask) >= ((j - hole) & this.mask)) {
				keys[hole] = keys[j];
				this.values[hole] = this.values[j];
				hole = j;
			}
		}
		keys[hole] = 0;
		this.values[hole] = null;
		return removed;
	}

	void clear() {
		Arrays.fill(this.keys, 0);
		Arrays.fill(this.values, null);
		this.size = 0;
	}

	@SuppressWarnings("unchecked")
	void forEachValue(Consumer<V> action) {
		for (int i = 0; i < this.keys.length; i++) {
			if (this.keys[i] != 0) {
				action.accept((V) this.values[i]);
			}
		}
	}

	private int slot(long key) {
		return (int) ((key * 0x9E3779B97F4A7C15L) >>> this.shift);
	}

	private void allocate(int capacity) {
		this.keys = new long[capacity];
		this.values = new Object[capacity];
		this.mask = capacity - 1;
		this.shift = 64 - Integer.numberOfTrailingZeros(capacity);
	}

	@SuppressWarnings("unchecked")
	private void rehash(int capacity) {
		long[] oldKeys = this.keys;
		Object[] oldValues = this.values;
		allocate(capacity);
		this.size = 0;
		for (int i = 0; i < oldKeys.length; i++) {
			if (oldKeys[i] != 0) {
				put(oldKeys[i], (V) oldValues[i]);
			}
		}
	}

}
