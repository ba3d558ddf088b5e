package io.swoole4j.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import io.swoole4j.internal.Checks;
import io.swoole4j.internal.Native;
import io.swoole4j.memory.SharedMemory;

/**
 * A counting semaphore in memory, usable by the threads of one JVM or of several JVMs
 * (Swoole's {@code SWOOLE_SEM}, there a System V semaphore). {@link #lock()} takes a
 * permit, {@link #unlock()} returns one; with one permit it is a mutex without an owner.
 * <p>
 * A permit count and a sleeper count in memory: taking is a CAS that decrements a
 * positive count; a taker that finds none sleeps on the count with a futex; returning
 * increments it and wakes one sleeper if any. Permits are not tied to a thread: any
 * thread may return one, but never more than the semaphore was created with
 * ({@link IllegalMonitorStateException}). There is no {@code SEM_UNDO}: a process that
 * dies holding permits does not give them back, so prefer {@link Mutex} where a holder
 * may crash.
 * <p>
 * Thread-safe; any number of objects may view the same memory. Layout:
 * {@link LockDescriptor}, {@link #SIZE} bytes.
 */
public final class Semaphore implements Lock {

	/** Bytes a semaphore occupies in a region. */
	public static final int SIZE = LockDescriptor.SEMAPHORE_SIZE;

	private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle().withInvokeExactBehavior();

	private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle().withInvokeExactBehavior();

	private static final long PERMITS = LockDescriptor.SEMAPHORE_PERMITS_OFFSET;

	private static final long MAX_PERMITS = LockDescriptor.SEMAPHORE_MAX_PERMITS_OFFSET;

	private static final long WAITERS = LockDescriptor.SEMAPHORE_WAITERS_OFFSET;

	private static final long CONTENDED = LockDescriptor.SEMAPHORE_CONTENDED_OFFSET;

	private final MemorySegment memory;

	private final LongAdder acquisitions = new LongAdder();

	private final LockMetric metric;

	private Semaphore(MemorySegment memory) {
		this.memory = memory;
		this.metric = new SuppliedLockMetric(this.acquisitions::sum, () -> (long) LONG.getVolatile(memory, CONTENDED),
				() -> 0L);
	}

	/**
	 * Creates a semaphore for the threads of this JVM.
	 * @param permits the permits, &gt; 0 (1 for a binary semaphore)
	 * @return the semaphore, all permits available
	 */
	public static Semaphore create(int permits) {
		return new Semaphore(Placement.anonymous(SIZE)).initialise(permits);
	}

	/**
	 * Initialises a semaphore at {@code offset} of {@code region}, before any other
	 * process attaches.
	 * @param region the region; named for use across JVMs
	 * @param offset 8-byte aligned, with {@link #SIZE} bytes inside the region
	 * @param permits the permits, &gt; 0
	 * @return the semaphore, all permits available
	 * @throws IllegalArgumentException if the offset is misaligned or out of bounds, or
	 * permits is not positive
	 */
	public static Semaphore create(SharedMemory region, long offset, int permits) {
		Checks.checkPositive(permits, "permits");
		return attach(region, offset).initialise(permits);
	}

	/**
	 * Uses a semaphore that {@link #create(SharedMemory, long, int)} initialised,
	 * possibly in another JVM.
	 * @param region the region
	 * @param offset where the semaphore starts
	 * @return the semaphore
	 */
	public static Semaphore attach(SharedMemory region, long offset) {
		return new Semaphore(Placement.slice(region, offset, SIZE, LockDescriptor.ALIGNMENT));
	}

	private Semaphore initialise(int permits) {
		Checks.checkPositive(permits, "permits");
		this.memory.fill((byte) 0);
		INT.set(this.memory, MAX_PERMITS, permits);
		INT.setVolatile(this.memory, PERMITS, permits);
		return this;
	}

	@Override
	public void lock() {
		acquire(false, 0L);
	}

	@Override
	public boolean tryLock() {
		while (true) {
			int permits = (int) INT.getVolatile(this.memory, PERMITS);
			if (permits <= 0) {
				return false;
			}
			if (INT.compareAndSet(this.memory, PERMITS, permits, permits - 1)) {
				this.acquisitions.increment();
				return true;
			}
		}
	}

	@Override
	public boolean lock(Duration timeout) {
		return acquire(true, Timeouts.deadline(timeout));
	}

	private boolean acquire(boolean timed, long deadline) {
		if (tryLock()) {
			return true;
		}
		addLong(CONTENDED, 1L);
		while (true) {
			long left = timed ? deadline - System.nanoTime() : -1;
			if (timed && left <= 0) {
				return false;
			}
			// announce the sleep before the last look, so a release either sees us or we
			// see its permit
			addInt(WAITERS, 1);
			try {
				if (tryLock()) {
					return true;
				}
				Native.futexWait(this.memory, 0, left);
			}
			finally {
				addInt(WAITERS, -1);
			}
		}
	}

	@Override
	public void unlock() {
		int max = (int) INT.get(this.memory, MAX_PERMITS);
		while (true) {
			int permits = (int) INT.getVolatile(this.memory, PERMITS);
			if (permits >= max) {
				throw new IllegalMonitorStateException("Semaphore has all its " + max + " permits; nothing to release");
			}
			if (INT.compareAndSet(this.memory, PERMITS, permits, permits + 1)) {
				break;
			}
		}
		if ((int) INT.getVolatile(this.memory, WAITERS) > 0) {
			Native.futexWake(this.memory, 1);
		}
	}

	private int addInt(long offset, int delta) {
		return (int) INT.getAndAdd(this.memory, offset, delta);
	}

	private long addLong(long offset, long delta) {
		return (long) LONG.getAndAdd(this.memory, offset, delta);
	}

	/**
	 * Returns the permits available now.
	 * @return the count
	 */
	public int availablePermits() {
		return (int) INT.getVolatile(this.memory, PERMITS);
	}

	@Override
	public LockMetric metric() {
		return this.metric;
	}

}
