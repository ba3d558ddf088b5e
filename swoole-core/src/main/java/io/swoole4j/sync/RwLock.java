package io.swoole4j.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import io.swoole4j.internal.Native;
import io.swoole4j.memory.SharedMemory;

/**
 * A read-write lock in memory, usable by the threads of one JVM or of several JVMs
 * (Swoole's {@code SWOOLE_RWLOCK}): any number of readers, or one writer.
 * <p>
 * The writer side is a {@link Mutex}-like owner word; readers are a count beside it (see
 * {@link LockDescriptor}). A writer first takes the owner word, which stops new readers,
 * then sleeps on the reader count until the readers inside have left. A reader enters
 * only while the owner word is free: it increments the count, re-checks the word and
 * backs out if a writer came in between. So the lock <b>prefers writers</b>: a waiting
 * writer is not starved by a stream of readers (glibc's default prefers readers).
 * <p>
 * A writer process that dies holding the lock is detected by waiters within about 100 ms
 * and its lock recovered with a warning. A reader process that dies holding a read lock
 * is not detected: writers then wait until their timeout. The lock is not reentrant: the
 * write holder locking again throws {@link IllegalStateException}; a read holder asking
 * for the write lock, or for another read lock while a writer waits, deadlocks (use the
 * timed variants where that can happen).
 * <p>
 * Thread-safe; any number of objects may view the same memory. Layout:
 * {@link LockDescriptor}, {@link #SIZE} bytes.
 */
public final class RwLock implements Lock {

	/** Bytes a read-write lock occupies in a region. */
	public static final int SIZE = LockDescriptor.RW_LOCK_SIZE;

	private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle().withInvokeExactBehavior();

	private static final long READERS = LockDescriptor.RW_READERS_OFFSET;

	private final MemorySegment memory;

	private final MemorySegment readersWord;

	private final OwnerWord writer;

	private final LongAdder readAcquisitions = new LongAdder();

	private final LockMetric metric;

	private RwLock(MemorySegment memory) {
		this.memory = memory;
		this.readersWord = memory.asSlice(READERS, 4);
		this.writer = new OwnerWord(memory.asSlice(0, LockDescriptor.OWNED_LOCK_SIZE), true, Integer.MAX_VALUE,
				"RwLock");
		this.metric = new SuppliedLockMetric(() -> this.writer.acquisitions() + this.readAcquisitions.sum(),
				this.writer::contendedWaits, this.writer::recoveries);
	}

	/**
	 * Creates a read-write lock for the threads of this JVM.
	 * @return a free lock
	 */
	public static RwLock create() {
		return new RwLock(Placement.anonymous(SIZE));
	}

	/**
	 * Initialises a free lock at {@code offset} of {@code region}, before any other
	 * process attaches.
	 * @param region the region; named for use across JVMs
	 * @param offset 8-byte aligned, with {@link #SIZE} bytes inside the region
	 * @return the lock
	 * @throws IllegalArgumentException if the offset is misaligned or out of bounds
	 */
	public static RwLock create(SharedMemory region, long offset) {
		RwLock lock = attach(region, offset);
		lock.memory.fill((byte) 0);
		VarHandle.fullFence();
		return lock;
	}

	/**
	 * Uses a lock that {@link #create(SharedMemory, long)} initialised, possibly in
	 * another JVM.
	 * @param region the region
	 * @param offset where the lock starts
	 * @return the lock
	 */
	public static RwLock attach(SharedMemory region, long offset) {
		return new RwLock(Placement.slice(region, offset, SIZE, LockDescriptor.ALIGNMENT));
	}

	/**
	 * Uses a lock in memory of the caller's own structure; zeroed memory is a free lock.
	 * @param segment the memory
	 * @param offset 8-byte aligned
	 * @return the lock
	 */
	public static RwLock attach(MemorySegment segment, long offset) {
		return new RwLock(Placement.slice(segment, offset, SIZE, LockDescriptor.ALIGNMENT));
	}

	@Override
	public void lock() {
		acquireWrite(false, 0L);
	}

	@Override
	public boolean tryLock() {
		long self = OwnerWord.self();
		if (!this.writer.tryAcquire(self)) {
			return false;
		}
		if ((int) INT.getVolatile(this.memory, READERS) != 0) {
			this.writer.abandon(self);
			return false;
		}
		return true;
	}

	@Override
	public boolean lock(Duration timeout) {
		return acquireWrite(true, Timeouts.deadline(timeout));
	}

	private boolean acquireWrite(boolean timed, long deadline) {
		long self = OwnerWord.self();
		if (!this.writer.acquire(self, timed, deadline)) {
			return false;
		}
		while (true) {
			int readers = (int) INT.getVolatile(this.memory, READERS);
			if (readers == 0) {
				return true;
			}
			long now = System.nanoTime();
			if (timed && now - deadline >= 0) {
				this.writer.abandon(self);
				return false;
			}
			long sleep = Math.min(OwnerWord.CHECK_INTERVAL_NANOS, timed ? deadline - now : Long.MAX_VALUE);
			Native.futexWait(this.readersWord, readers, Math.max(sleep, 1L));
		}
	}

	@Override
	public void unlock() {
		this.writer.release(OwnerWord.self());
	}

	@Override
	public void lockRead() {
		acquireRead(false, 0L);
	}

	@Override
	public boolean tryLockRead() {
		if (enterRead()) {
			countRead();
			return true;
		}
		return false;
	}

	@Override
	public boolean lockRead(Duration timeout) {
		return acquireRead(true, Timeouts.deadline(timeout));
	}

	private boolean acquireRead(boolean timed, long deadline) {
		if (enterRead()) {
			countRead();
			return true;
		}
		this.writer.countContended();
		long nextCheck = System.nanoTime() + OwnerWord.CHECK_INTERVAL_NANOS;
		while (true) {
			if (enterRead()) {
				countRead();
				return true;
			}
			long now = System.nanoTime();
			if (now - nextCheck >= 0) {
				nextCheck = now + OwnerWord.CHECK_INTERVAL_NANOS;
				this.writer.clearIfOwnerDied();
			}
			if (timed && now - deadline >= 0) {
				return false;
			}
			int seen = this.writer.announceWaiter();
			if (seen != 0) {
				long sleep = Math.min(nextCheck - now, timed ? deadline - now : Long.MAX_VALUE);
				Native.futexWait(this.writer.futexWord(), seen, Math.max(sleep, 1L));
			}
		}
	}

	private boolean enterRead() {
		if (this.writer.isLocked()) {
			return false;
		}
		addReaders(1);
		if (!this.writer.isLocked()) {
			return true;
		}
		// a writer came in between: let it through
		leaveRead();
		return false;
	}

	private void leaveRead() {
		int left = addReaders(-1) - 1;
		if (left == 0 && this.writer.isLocked()) {
			Native.futexWake(this.readersWord, 1);
		}
	}

	/** Adds to the reader count and returns the count before. */
	private int addReaders(int delta) {
		return (int) INT.getAndAdd(this.memory, READERS, delta);
	}

	@Override
	public void unlockRead() {
		while (true) {
			int readers = (int) INT.getVolatile(this.memory, READERS);
			if (readers <= 0) {
				throw new IllegalMonitorStateException("RwLock is not read-locked");
			}
			if (INT.compareAndSet(this.memory, READERS, readers, readers - 1)) {
				if (readers == 1 && this.writer.isLocked()) {
					Native.futexWake(this.readersWord, 1);
				}
				return;
			}
		}
	}

	private void countRead() {
		this.readAcquisitions.increment();
	}

	/**
	 * Returns how many readers hold the lock now.
	 * @return the reader count
	 */
	public int readers() {
		return (int) INT.getVolatile(this.memory, READERS);
	}

	/**
	 * Tells whether a writer holds (or is about to hold) the lock.
	 * @return true if the write side is taken
	 */
	public boolean isWriteLocked() {
		return this.writer.isLocked();
	}

	@Override
	public LockMetric metric() {
		return this.metric;
	}

}
