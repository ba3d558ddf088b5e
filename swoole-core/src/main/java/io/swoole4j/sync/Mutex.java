package io.swoole4j.sync;

import java.lang.foreign.MemorySegment;

import io.swoole4j.memory.SharedMemory;

/**
 * A mutual-exclusion lock on a 64-bit word in memory, usable by the threads of one JVM
 * ({@link #create()}) or of several JVMs ({@link #create(SharedMemory, long)} in one,
 * {@link #attach(SharedMemory, long)} in the others). Swoole's {@code SWOOLE_MUTEX}.
 * <p>
 * Taking a free mutex is one CAS that stores the owner (pid and thread id) in the word. A
 * waiter spins briefly, then sleeps on a futex; it wakes every 100 ms to check that the
 * owner process is alive, and takes over the lock of a dead one with a warning, so a
 * crashed worker never blocks the others for good. Not detected: a thread of a live
 * process that ends while holding the mutex (as with {@code ReentrantLock}), and a dead
 * owner whose pid the kernel already gave to a new process. All processes must share one
 * pid namespace.
 * <p>
 * A waiting virtual thread sleeps in the kernel and so holds its carrier thread; prefer
 * platform threads for code that waits long on a contended lock.
 * <p>
 * Not reentrant: locking again from the holding thread throws
 * {@link IllegalStateException}; unlocking from another thread throws
 * {@link IllegalMonitorStateException}. Not fair: a thread arriving while the lock is
 * free may overtake sleepers. Layout: {@link LockDescriptor}, {@link #SIZE} bytes.
 * <p>
 * Thread-safe; the object holds no state besides the address, so any number of
 * {@code Mutex} objects may view the same memory.
 */
public final class Mutex extends OwnedLock {

	/** Bytes a mutex occupies in a region. */
	public static final int SIZE = LockDescriptor.OWNED_LOCK_SIZE;

	private Mutex(MemorySegment memory) {
		super(memory, true, "Mutex");
	}

	/**
	 * Creates a mutex for the threads of this JVM, in memory of its own.
	 * @return a free mutex
	 */
	public static Mutex create() {
		return new Mutex(Placement.anonymous(SIZE));
	}

	/**
	 * Initialises a free mutex at {@code offset} of {@code region}. Call it once, before
	 * any other process {@link #attach attaches}.
	 * @param region the region; named for use across JVMs
	 * @param offset where the mutex starts, 8-byte aligned, with {@link #SIZE} bytes
	 * inside the region
	 * @return the mutex
	 * @throws IllegalArgumentException if the offset is misaligned or out of bounds
	 */
	public static Mutex create(SharedMemory region, long offset) {
		return (Mutex) new Mutex(Placement.slice(region, offset, SIZE, LockDescriptor.ALIGNMENT)).initialise();
	}

	/**
	 * Uses a mutex that {@link #create(SharedMemory, long)} initialised, possibly in
	 * another JVM.
	 * @param region the region, opened in this JVM
	 * @param offset where the mutex starts
	 * @return the mutex
	 * @throws IllegalArgumentException if the offset is misaligned or out of bounds
	 */
	public static Mutex attach(SharedMemory region, long offset) {
		return new Mutex(Placement.slice(region, offset, SIZE, LockDescriptor.ALIGNMENT));
	}

	/**
	 * Initialises a free mutex in memory of the caller's own structure (embedding).
	 * @param segment the memory, shared with other JVMs if they are to use it
	 * @param offset where the mutex starts, 8-byte aligned
	 * @return the mutex
	 */
	public static Mutex create(MemorySegment segment, long offset) {
		return (Mutex) new Mutex(Placement.slice(segment, offset, SIZE, LockDescriptor.ALIGNMENT)).initialise();
	}

	/**
	 * Uses a mutex initialised by {@link #create(MemorySegment, long)}.
	 * @param segment the memory
	 * @param offset where the mutex starts
	 * @return the mutex
	 */
	public static Mutex attach(MemorySegment segment, long offset) {
		return new Mutex(Placement.slice(segment, offset, SIZE, LockDescriptor.ALIGNMENT));
	}

}
