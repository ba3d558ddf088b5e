package io.swoole4j.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.internal.Native;

/**
 * The exclusive part shared by {@link Mutex}, {@link SpinLock} and the writer side of
 * {@link RwLock}: a 64-bit word holding the owner (pid and thread id) and a waiters bit,
 * plus the counters that follow it (see {@link LockDescriptor}).
 * <p>
 * Acquire: one CAS from 0 to the caller's owner word. When that fails the caller spins a
 * little, then either sleeps on the futex (the low 32 bits of the word, after setting the
 * waiters bit so that the holder wakes it) or keeps spinning with yields
 * ({@link SpinLock}). Either way it wakes at least every {@link #CHECK_INTERVAL_NANOS} to
 * check that the owner process still lives; a dead owner's word is taken over with a CAS,
 * so only one waiter recovers it. A thread that acquires after having waited sets the
 * waiters bit itself, since other waiters may still sleep (Drepper's "mutex 3").
 * <p>
 * Release: one CAS from the caller's word to 0; if the waiters bit was set, swap to 0 and
 * wake one sleeper.
 */
final class OwnerWord implements LockMetric {

	/** How often a waiter checks whether the owner process died. */
	static final long CHECK_INTERVAL_NANOS = 100_000_000L;

	static final long WAITERS = 1L;

	private static final int SPINS = 64;

	private static final int MAX_SPIN_BATCH = 1024;

	private static final Logger logger = LoggerFactory.getLogger(OwnerWord.class);

	private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle().withInvokeExactBehavior();

	private static final long SELF_PID = ((long) Native.pid()) << 32;

	private final MemorySegment segment;

	private final MemorySegment futexWord;

	private final boolean sleeps;

	private final int wakeOnRelease;

	private final String kind;

	// written only by the holder, so a plain field: the lock's CAS orders it
	private long acquisitions;

	/**
	 * @param segment the lock's memory; the word is at offset 0, counters follow
	 * @param sleeps true to sleep on the futex, false to spin and yield
	 * @param wakeOnRelease how many sleepers a release wakes: 1 when only writers sleep
	 * on the word, all when readers do too
	 * @param kind the lock's name in messages
	 */
	OwnerWord(MemorySegment segment, boolean sleeps, int wakeOnRelease, String kind) {
		this.segment = segment;
		this.futexWord = segment.asSlice(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 0 : 4, 4);
		this.sleeps = sleeps;
		this.wakeOnRelease = wakeOnRelease;
		this.kind = kind;
	}

	/** Zeroes the word and the counters of a new lock. */
	void initialise() {
		this.segment.asSlice(0, LockDescriptor.OWNED_LOCK_SIZE).fill((byte) 0);
		VarHandle.fullFence();
	}

	/**
	 * Returns the calling thread's owner word: its pid in the high half, its thread id
	 * (31 bits) shifted left by one in the low half. Never zero, since the pid is not.
	 */
	static long self() {
		return SELF_PID | ((Thread.currentThread().threadId() << 1) & 0xFFFF_FFFEL);
	}

	/**
	 * Tries once.
	 * @return true if taken
	 */
	boolean tryAcquire(long self) {
		if (LONG.compareAndSet(this.segment, 0L, 0L, self)) {
			countAcquisition();
			return true;
		}
		checkNotOwner(self);
		return false;
	}

	/**
	 * Takes the word, waiting until {@code deadline} ({@link System#nanoTime()}) when
	 * {@code timed}.
	 * @return true if taken, false on timeout
	 */
	boolean acquire(long self, boolean timed, long deadline) {
		if (LONG.compareAndSet(this.segment, 0L, 0L, self)) {
			countAcquisition();
			return true;
		}
		checkNotOwner(self);
		return acquireSlow(self, timed, deadline);
	}

	private boolean acquireSlow(long self, boolean timed, long deadline) {
		// counted when the wait starts, so that a wait that times out counts too; the
		// caller does not hold the word, hence the atomic add
		countContended();
		for (int i = 0; i < SPINS; i++) {
			Thread.onSpinWait();
			if ((long) LONG.getVolatile(this.segment, 0L) == 0L && LONG.compareAndSet(this.segment, 0L, 0L, self)) {
				countAcquisition();
				return true;
			}
		}
		long nextCheck = System.nanoTime() + CHECK_INTERVAL_NANOS;
		int batch = 1;
		while (true) {
			long word = (long) LONG.getVolatile(this.segment, 0L);
			if (word == 0L) {
				// whoever gets it after a wait keeps the waiters bit: others may sleep
				if (LONG.compareAndSet(this.segment, 0L, 0L, self | (this.sleeps ? WAITERS : 0L))) {
					countAcquisition();
					return true;
				}
				continue;
			}
			long now = System.nanoTime();
			if (now - nextCheck >= 0) {
				nextCheck = now + CHECK_INTERVAL_NANOS;
				if (recoverIfOwnerDied(word, self)) {
					return true;
				}
			}
			if (timed && now - deadline >= 0) {
				return false;
			}
			if (this.sleeps) {
				if ((word & WAITERS) == 0L) {
					if (!LONG.compareAndSet(this.segment, 0L, word, word | WAITERS)) {
						continue;
					}
					word |= WAITERS;
				}
				long sleep = Math.min(nextCheck - now, timed ? deadline - now : Long.MAX_VALUE);
				Native.futexWait(this.futexWord, (int) word, Math.max(sleep, 1L));
			}
			else {
				for (int i = 0; i < batch; i++) {
					Thread.onSpinWait();
				}
				if (batch < MAX_SPIN_BATCH) {
					batch <<= 1;
				}
				else {
					Thread.yield();
					batch = 1;
				}
			}
		}
	}

	private boolean recoverIfOwnerDied(long word, long self) {
		int pid = (int) (word >>> 32);
		if (pid == Native.pid() || Native.isAlive(pid)) {
			return false;
		}
		if (!LONG.compareAndSet(this.segment, 0L, word, self | (this.sleeps ? WAITERS : 0L))) {
			return false;
		}
		addLong(LockDescriptor.RECOVERIES_OFFSET, 1L);
		countAcquisition();
		logger.warn("Recovered {} at {}: its owner, process {} (thread {}), died holding it", this.kind,
				Placement.describe(this.segment), pid, (word & 0xFFFF_FFFFL) >>> 1);
		return true;
	}

	/**
	 * Releases the word held by {@code self}.
	 * @throws IllegalMonitorStateException if {@code self} does not hold it
	 */
	void release(long self) {
		if (LONG.compareAndSet(this.segment, 0L, self, 0L)) {
			return;
		}
		long word = (long) LONG.getVolatile(this.segment, 0L);
		if ((word & ~WAITERS) != self) {
			throw notHeld(word);
		}
		LONG.setVolatile(this.segment, 0L, 0L);
		Native.futexWake(this.futexWord, this.wakeOnRelease);
	}

	/**
	 * Releases the word held by {@code self} without counting the acquisition: the caller
	 * took it but could not complete (a writer that found readers inside).
	 */
	void abandon(long self) {
		this.acquisitions--;
		release(self);
	}

	/** Tells whether {@code self} holds the word. */
	boolean isHeldBy(long self) {
		return (((long) LONG.getVolatile(this.segment, 0L)) & ~WAITERS) == self;
	}

	/** Tells whether anyone holds the word. */
	boolean isLocked() {
		return (long) LONG.getVolatile(this.segment, 0L) != 0L;
	}

	/** Returns the futex word, for sleepers that wait for the writer to leave. */
	MemorySegment futexWord() {
		return this.futexWord;
	}

	/**
	 * Marks that someone sleeps on the word (so the holder wakes it on release) and
	 * returns the low half to pass to futex wait, or 0 when the word is free now.
	 */
	int announceWaiter() {
		while (true) {
			long word = (long) LONG.getVolatile(this.segment, 0L);
			if (word == 0L) {
				return 0;
			}
			if ((word & WAITERS) != 0L || LONG.compareAndSet(this.segment, 0L, word, word | WAITERS)) {
				return (int) (word | WAITERS);
			}
		}
	}

	/**
	 * Takes over the word from a dead owner observed by a reader; see
	 * {@link #recoverIfOwnerDied}. Leaves it free rather than held.
	 * @return true if the dead owner's word was cleared
	 */
	boolean clearIfOwnerDied() {
		long word = (long) LONG.getVolatile(this.segment, 0L);
		if (word == 0L) {
			return false;
		}
		int pid = (int) (word >>> 32);
		if (pid == Native.pid() || Native.isAlive(pid)) {
			return false;
		}
		if (!LONG.compareAndSet(this.segment, 0L, word, 0L)) {
			return false;
		}
		// readers do not hold the word, so the count needs an atomic add
		addLong(LockDescriptor.RECOVERIES_OFFSET, 1L);
		logger.warn("Recovered {} at {}: its writer, process {}, died holding it", this.kind,
				Placement.describe(this.segment), pid);
		Native.futexWake(this.futexWord, Integer.MAX_VALUE);
		return true;
	}

	private void checkNotOwner(long self) {
		if (isHeldBy(self)) {
			throw new IllegalStateException(this.kind + " is already held by this thread (locks are not reentrant)");
		}
	}

	private IllegalMonitorStateException notHeld(long word) {
		if (word == 0L) {
			return new IllegalMonitorStateException(this.kind + " is not locked");
		}
		return new IllegalMonitorStateException(this.kind + " is held by process " + (word >>> 32) + " thread "
				+ ((word & 0xFFFF_FFFFL) >>> 1) + ", not by the calling thread");
	}

	/** Counts a wait that starts, made by a thread that does not hold the word. */
	void countContended() {
		addLong(LockDescriptor.CONTENDED_OFFSET, 1L);
	}

	private long addLong(long offset, long delta) {
		return (long) LONG.getAndAdd(this.segment, offset, delta);
	}

	private void countAcquisition() {
		this.acquisitions++;
	}

	@Override
	public long acquisitions() {
		return this.acquisitions;
	}

	@Override
	public long contendedWaits() {
		return (long) LONG.getVolatile(this.segment, LockDescriptor.CONTENDED_OFFSET);
	}

	@Override
	public long recoveries() {
		return (long) LONG.getVolatile(this.segment, LockDescriptor.RECOVERIES_OFFSET);
	}

}
