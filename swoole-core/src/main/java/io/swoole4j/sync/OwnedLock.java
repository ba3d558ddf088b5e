package io.swoole4j.sync;

import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * What {@link Mutex} and {@link SpinLock} share: an {@link OwnerWord} that either sleeps
 * or spins while it waits.
 */
abstract sealed class OwnedLock implements Lock permits Mutex, SpinLock {

	private final OwnerWord word;

	OwnedLock(MemorySegment memory, boolean sleeps, String kind) {
		this.word = new OwnerWord(memory, sleeps, 1, kind);
	}

	final OwnedLock initialise() {
		this.word.initialise();
		return this;
	}

	@Override
	public final void lock() {
		this.word.acquire(OwnerWord.self(), false, 0L);
	}

	@Override
	public final boolean tryLock() {
		return this.word.tryAcquire(OwnerWord.self());
	}

	@Override
	public final boolean lock(Duration timeout) {
		return this.word.acquire(OwnerWord.self(), true, Timeouts.deadline(timeout));
	}

	@Override
	public final void unlock() {
		this.word.release(OwnerWord.self());
	}

	/**
	 * Tells whether the calling thread holds this lock.
	 * @return true if it does
	 */
	public final boolean isHeldByCurrentThread() {
		return this.word.isHeldBy(OwnerWord.self());
	}

	/**
	 * Tells whether any thread of any process holds this lock now.
	 * @return true if locked
	 */
	public final boolean isLocked() {
		return this.word.isLocked();
	}

	@Override
	public final LockMetric metric() {
		return this.word;
	}

}
