package io.swoole4j.server.buffer;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.swoole4j.internal.Checks;

/**
 * A bounded many-producer, one-consumer queue of {@code long}s with no allocation per
 * element (Vyukov's bounded queue: each cell carries a sequence number that tells a
 * producer whether the cell is free and the consumer whether it is filled). Carries
 * packet handles from reactor threads to a worker.
 * <p>
 * Threading: {@link #offer} from any thread; {@link #poll} from one consumer thread at a
 * time. A full queue is a return value ({@code false}), never a block.
 */
public final class MpscLongQueue {

	/** Returned by {@link #poll} when the queue is empty. */
	public static final long EMPTY = Long.MIN_VALUE;

	private final long[] values;

	private final AtomicLongArray sequences;

	private final int mask;

	private final AtomicLong tail = new AtomicLong();

	private long head;

	/** A queue of {@code capacity} elements, a power of 2. */
	public MpscLongQueue(int capacity) {
		Checks.checkPowerOfTwo(capacity, "capacity");
		this.values = new long[capacity];
		this.sequences = new AtomicLongArray(capacity);
		for (int i = 0; i < capacity; i++) {
			this.sequences.set(i, i);
		}
		this.mask = capacity - 1;
	}

	/**
	 * Appends {@code value} (anything but {@link #EMPTY}).
	 * @return false if the queue is full
	 */
	public boolean offer(long value) {
		while (true) {
			long pos = this.tail.get();
			int index = (int) (pos & this.mask);
			long seq = this.sequences.get(index);
			long diff = seq - pos;
			if (diff == 0) {
				if (this.tail.compareAndSet(pos, pos + 1)) {
					this.values[index] = value;
					// the volatile store publishes the value to the consumer
					this.sequences.set(index, pos + 1);
					return true;
				}
			}
			else if (diff < 0) {
				return false;
			}
		}
	}

	/** Takes the oldest value, or {@link #EMPTY}. One consumer thread at a time. */
	public long poll() {
		long pos = this.head;
		int index = (int) (pos & this.mask);
		if (this.sequences.get(index) != pos + 1) {
			return EMPTY;
		}
		long value = this.values[index];
		this.sequences.set(index, pos + this.mask + 1);
		this.head = pos + 1;
		return value;
	}

	/** Approximate number of queued values. */
	public int size() {
		long n = this.tail.get() - this.head;
		return (int) Math.max(0, Math.min(n, this.mask + 1));
	}

	/** Capacity of the queue. */
	public int capacity() {
		return this.mask + 1;
	}

}
