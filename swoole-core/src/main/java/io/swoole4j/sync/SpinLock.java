package io.swoole4j.sync;

import java.lang.foreign.MemorySegment;

import io.swoole4j.memory.SharedMemory;

/**
 * A spin lock on a 64-bit word in memory, usable by the threads of one JVM
 * ({@link #create()}) or of several JVMs ({@link #create(SharedMemory, long)} in one,
 * {@link #attach(SharedMemory, long)} in the others). Swoole's {@code SWOOLE_SPINLOCK}.
 * <p>
 * Same word as {@link Mutex} (one CAS storing owner pid and thread id), but a waiter
 * never sleeps in the kernel: it spins in growing batches of {@link Thread#onSpinWait()}
 * (1, 2, 4, ... 1024, as Swoole's {@code sw_spinlock}), then yields and starts over. Use
 * it for critical sections of a few hundred nanoseconds; on a busy machine a preempted
 * holder makes spinners burn CPU. Waiters check every 100 ms whether the owner process
 * died and take over its lock with a warning.
 * <p>
 * Not reentrant: locking again from the holding thread throws
 * {@link IllegalStateException}; unlocking from another thread throws
 * {@link IllegalMonitorStateException}. Layout: {@link LockDescriptor}, {@link #SIZE}
 * bytes. Thread-safe.
 */
public final class SpinLock extends OwnedLock {

	/** Bytes a spin lock occupies in a region. */
	public static final int SIZE = LockDescriptor.OWNED_LOCK_SIZE;

	private SpinLock(MemorySegment memory) {
		super(memory, false, "SpinLock");
	}

	/**
	 * Creates a spin lock for the threads of this JVM, in memory of its own.
	 * @return a free spin lock
	 */
	public static SpinLock create() {
		return new SpinLock(Placement.anonymous(SIZE));
	}

	/**
	 * Initialises a free spin lock at {@code offset} of {@code region}. Call it once,
	 * before any other process {@link #attach attaches}.
	 * @param region the region; named for use across JVMs
	 * @param offset where the spin lock starts, 8-byte aligned, with {@link #SIZE} bytes
	 * inside the region
	 * @return the spin lock
	 * @throws IllegalArgumentException if the offset is misaligned or out of bounds
	 */
	public static SpinLock create(SharedMemory region, long offset) {
		return (SpinLock) new SpinLock(Placement.slice(region, offset, SIZE, LockDescriptor.ALIGNMENT)).initialise();
	}

	/**
	 * Uses a spin lock that {@link #create(SharedMemory, long)} initialised, possibly in
	 * another JVM.
	 * @param region the region, opened in this JVM
	 * @param offset where the spin lock starts
	 * @return the spin lock
	 * @throws IllegalArgumentException if the offset is misaligned or out of bounds
	 */
	public static SpinLock attach(SharedMemory region, long offset) {
		return new SpinLock(Placement.slice(region, offset, SIZE, LockDescriptor.ALIGNMENT));
	}

	/**
	 * Initialises a free spin lock in memory of the caller's own structure (embedding).
	 * @param segment the memory, shared with other JVMs if they are to use it
	 * @param offset where the spin lock starts, 8-byte aligned
	 * @return the spin lock
	 */
	public static SpinLock create(MemorySegment segment, long offset) {
		return (SpinLock) new SpinLock(Placement.slice(segment, offset, SIZE, LockDescriptor.ALIGNMENT)).initialise();
	}

	/**
	 * Uses a spin lock initialised by {@link #create(MemorySegment, long)}.
	 * @param segment the memory
	 * @param offset where the spin lock starts
	 * @return the spin lock
	 */
	public static SpinLock attach(MemorySegment segment, long offset) {
		return new SpinLock(Placement.slice(segment, offset, SIZE, LockDescriptor.ALIGNMENT));
	}

}
