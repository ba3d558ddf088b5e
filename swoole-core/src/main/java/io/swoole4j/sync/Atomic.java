package io.swoole4j.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;

import io.swoole4j.internal.Checks;
import io.swoole4j.internal.Native;
import io.swoole4j.memory.SharedMemory;

/**
 * An unsigned 32-bit counter in memory shared by threads or, in a named region, by JVMs
 * (Swoole's {@code Swoole\Atomic}). Values are {@code long}s in {@code [0, 2^32-1]};
 * arithmetic wraps modulo 2^32 and arguments are truncated to their low 32 bits, as in
 * Swoole. Every operation is one hardware atomic instruction, sequentially consistent.
 * <p>
 * {@link #wait(Duration)} and {@link #wakeup(int)} use the value as a 0/1 event flag with
 * a futex, across processes: {@code wakeup} turns 0 into 1 and wakes sleepers,
 * {@code wait} consumes a 1 (turning it back into 0). Mixing them with {@link #add} of
 * other amounts gives Swoole's surprising results: {@code wait} on a value other than 0
 * or 1 returns false at once.
 * <p>
 * Layout: {@link AtomicDescriptor}, {@link #SIZE} bytes. Thread-safe.
 */
public final class Atomic {

	/** Bytes an Atomic occupies in a region. */
	public static final int SIZE = AtomicDescriptor.ATOMIC_SIZE;

	/** The largest value, 2^32 - 1. */
	public static final long MAX_VALUE = 0xFFFF_FFFFL;

	private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle().withInvokeExactBehavior();

	private final MemorySegment memory;

	private Atomic(MemorySegment memory) {
		this.memory = memory;
	}

	/**
	 * Creates a counter for the threads of this JVM.
	 * @param initial the first value, truncated to 32 bits
	 * @return the counter
	 */
	public static Atomic create(long initial) {
		Atomic atomic = new Atomic(Placement.anonymous(SIZE));
		atomic.set(initial);
		return atomic;
	}

	/**
	 * Initialises a counter at {@code offset} of {@code region}, before any other process
	 * attaches.
	 * @param region the region; named for use across JVMs
	 * @param offset 4-byte aligned, with {@link #SIZE} bytes inside the region
	 * @param initial the first value, truncated to 32 bits
	 * @return the counter
	 * @throws IllegalArgumentException if the offset is misaligned or out of bounds
	 */
	public static Atomic create(SharedMemory region, long offset, long initial) {
		Atomic atomic = new Atomic(Placement.slice(region, offset, SIZE, AtomicDescriptor.ATOMIC_ALIGNMENT));
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
	public static Atomic attach(SharedMemory region, long offset) {
		return new Atomic(Placement.slice(region, offset, SIZE, AtomicDescriptor.ATOMIC_ALIGNMENT));
	}

	/**
	 * Uses a counter in memory of the caller's own structure (no initialisation).
	 * @param segment the memory
	 * @param offset 4-byte aligned
	 * @return the counter
	 */
	public static Atomic attach(MemorySegment segment, long offset) {
		return new Atomic(Placement.slice(segment, offset, SIZE, AtomicDescriptor.ATOMIC_ALIGNMENT));
	}

	/**
	 * Adds {@code delta} modulo 2^32.
	 * @param delta the amount, truncated to 32 bits
	 * @return the new value
	 */
	public long add(long delta) {
		int d = (int) delta;
		return Integer.toUnsignedLong((int) INT.getAndAdd(this.memory, 0L, d) + d);
	}

	/**
	 * Subtracts {@code delta} modulo 2^32 (0 minus 1 is 2^32 - 1).
	 * @param delta the amount, truncated to 32 bits
	 * @return the new value
	 */
	public long sub(long delta) {
		return add(-delta);
	}

	/**
	 * Returns the value.
	 * @return the value in {@code [0, 2^32-1]}
	 */
	public long get() {
		return Integer.toUnsignedLong((int) INT.getVolatile(this.memory, 0L));
	}

	/**
	 * Stores a value.
	 * @param value the value, truncated to 32 bits
	 */
	public void set(long value) {
		INT.setVolatile(this.memory, 0L, (int) value);
	}

	/**
	 * Sets {@code value} if the current value is {@code expected}, both truncated to 32
	 * bits.
	 * @param expected the value the caller saw
	 * @param value the new value
	 * @return true if set, false if the value differed
	 */
	public boolean cmpset(long expected, long value) {
		return INT.compareAndSet(this.memory, 0L, (int) expected, (int) value);
	}

	/**
	 * Waits for a {@link #wakeup}: returns true at once if the value is 1 (and sets it to
	 * 0); otherwise sleeps while it is 0, at most {@code timeout}, and returns true if,
	 * once woken, it could switch the value from 1 to 0. A waiter woken together with
	 * others that lost that race returns false, as in Swoole.
	 * @param timeout the longest wait; zero or negative waits forever (Swoole's rule)
	 * @return true if an event was consumed, false on timeout or when the value is
	 * neither 0 nor 1
	 */
	public boolean wait(Duration timeout) {
		if (INT.compareAndSet(this.memory, 0L, 1, 0)) {
			return true;
		}
		long nanos = Timeouts.nanos(timeout);
		boolean forever = nanos <= 0;
		long deadline = System.nanoTime() + nanos;
		while (true) {
			long left = forever ? -1 : deadline - System.nanoTime();
			if (!forever && left <= 0) {
				return INT.compareAndSet(this.memory, 0L, 1, 0);
			}
			int rc = Native.futexWait(this.memory, 0, left);
			if (rc == Native.EINTR) {
				continue;
			}
			// 0: woken; EAGAIN: the value was no longer 0; ETIMEDOUT: time is up
			return INT.compareAndSet(this.memory, 0L, 1, 0);
		}
	}

	/**
	 * Waits for a {@link #wakeup} for at most one second (Swoole's default).
	 * @return as {@link #wait(Duration)}
	 */
	public boolean await() {
		return wait(Duration.ofSeconds(1));
	}

	/**
	 * If the value is 0, sets it to 1 and wakes up to {@code count} waiters of this or
	 * other processes; otherwise does nothing (an event is already pending).
	 * @param count the most waiters to wake, &gt; 0
	 * @return true, as Swoole
	 */
	public boolean wakeup(int count) {
		Checks.checkPositive(count, "count");
		if (INT.compareAndSet(this.memory, 0L, 0, 1)) {
			Native.futexWake(this.memory, count);
		}
		return true;
	}

	@Override
	public String toString() {
		return Long.toString(get());
	}

}
