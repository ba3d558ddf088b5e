package io.swoole4j.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import io.swoole4j.memory.SharedMemory;

/**
 * A signed 64-bit counter in memory shared by threads or, in a named region, by JVMs
 * (Swoole's {@code Swoole\Atomic\Long}). Every operation is one hardware atomic
 * instruction with sequentially consistent ordering; arithmetic wraps like Java's
 * {@code long}. Layout: {@link AtomicDescriptor}, {@link #SIZE} bytes.
 * <p>
 * Thread-safe; any number of objects may view the same memory.
 */
public final class AtomicLong {

	/** Bytes an AtomicLong occupies in a region. */
	public static final int SIZE = AtomicDescriptor.ATOMIC_LONG_SIZE;

	private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle().withInvokeExactBehavior();

	private final MemorySegment memory;

	private AtomicLong(MemorySegment memory) {
		this.memory = memory;
	}

	/**
	 * Creates a counter for the threads of this JVM.
	 * @param initial the first value
	 * @return the counter
	 */
	public static AtomicLong create(long initial) {
		AtomicLong atomic = new AtomicLong(Placement.anonymous(SIZE));
		atomic.set(initial);
		return atomic;
	}

	/**
	 * Initialises a counter at {@code offset} of {@code region}, before any other process
	 * attaches.
	 * @param region the region; named for use across JVMs
	 * @param offset 8-byte aligned, with {@link #SIZE} bytes inside the region
	 * @param initial the first value
	 * @return the counter
	 * @throws IllegalArgumentException if the offset is misaligned or out of bounds
	 */
	public static AtomicLong create(SharedMemory region, long offset, long initial) {
		AtomicLong atomic = new AtomicLong(
				Placement.slice(region, offset, SIZE, AtomicDescriptor.ATOMIC_LONG_ALIGNMENT));
		atomic.set(initial);
		return atomic;
	}

	/**
	 * Uses a counter initialised by {@link #create(SharedMemory, long, long)}, possibly
	 * in another JVM.
	 * @param region the region
	 * @param offset where the counter is
	 * @return the counter
	 */
	public static AtomicLong attach(SharedMemory region, long offset) {
		return new AtomicLong(Placement.slice(region, offset, SIZE, AtomicDescriptor.ATOMIC_LONG_ALIGNMENT));
	}

	/**
	 * Uses a counter in memory of the caller's own structure (no initialisation; the
	 * memory's current contents are the value).
	 * @param segment the memory
	 * @param offset 8-byte aligned
	 * @return the counter
	 */
	public static AtomicLong attach(MemorySegment segment, long offset) {
		return new AtomicLong(Placement.slice(segment, offset, SIZE, AtomicDescriptor.ATOMIC_LONG_ALIGNMENT));
	}

	/**
	 * Adds {@code delta}.
	 * @param delta the amount, may be negative
	 * @return the new value
	 */
	public long add(long delta) {
		return (long) LONG.getAndAdd(this.memory, 0L, delta) + delta;
	}

	/**
	 * Subtracts {@code delta}.
	 * @param delta the amount
	 * @return the new value
	 */
	public long sub(long delta) {
		return add(-delta);
	}

	/**
	 * Returns the value.
	 * @return the value
	 */
	public long get() {
		return (long) LONG.getVolatile(this.memory, 0L);
	}

	/**
	 * Stores a value.
	 * @param value the value
	 */
	public void set(long value) {
		LONG.setVolatile(this.memory, 0L, value);
	}

	/**
	 * Sets {@code value} if the current value is {@code expected}.
	 * @param expected the value the caller saw
	 * @param value the new value
	 * @return true if set, false if the value differed
	 */
	public boolean cmpset(long expected, long value) {
		return LONG.compareAndSet(this.memory, 0L, expected, value);
	}

	@Override
	public String toString() {
		return Long.toString(get());
	}

}
