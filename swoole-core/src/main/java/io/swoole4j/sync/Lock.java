package io.swoole4j.sync;

import java.time.Duration;

/**
 * A lock shared by threads of one JVM or, when it lives in a named shared-memory region,
 * by threads of several JVMs (Swoole's {@code Swoole\Lock}).
 * <p>
 * Locks are <b>not reentrant</b>, like Swoole's pthread mutex: a thread that holds a lock
 * must unlock it before taking it again. Kinds that record their owner ({@link Mutex},
 * {@link SpinLock}, the write side of {@link RwLock}, {@link FileLock}) fail with
 * {@link IllegalStateException} instead of deadlocking when the holder asks again.
 * <p>
 * Kinds without a separate read mode ({@link Mutex}, {@link SpinLock}, {@link Semaphore})
 * treat the read methods as their write counterparts, as Swoole does.
 * <p>
 * Blocking methods do not react to {@link Thread#interrupt()}: like
 * {@code pthread_mutex_lock} they wait until the lock is free (or the timeout passes),
 * and keep the interrupt status for the caller.
 */
public interface Lock {

	/**
	 * Takes the lock exclusively, waiting as long as needed. A holder process that dies
	 * is detected and its lock taken over (kinds in shared memory).
	 * @throws IllegalStateException if the calling thread already holds it (kinds that
	 * record their owner)
	 */
	void lock();

	/**
	 * Takes the lock exclusively if it is free now; never blocks.
	 * @return true if taken, false if held by someone else
	 * @throws IllegalStateException if the calling thread already holds it (kinds that
	 * record their owner)
	 */
	boolean tryLock();

	/**
	 * Takes the lock exclusively, waiting at most {@code timeout} (Swoole's
	 * {@code lockwait}).
	 * @param timeout the longest wait, to the millisecond; zero or negative means try
	 * once
	 * @return true if taken, false if the timeout passed first
	 * @throws IllegalStateException if the calling thread already holds it (kinds that
	 * record their owner)
	 */
	boolean lock(Duration timeout);

	/**
	 * Releases the lock taken by {@link #lock()}, {@link #tryLock()} or
	 * {@link #lock(Duration)}.
	 * @throws IllegalMonitorStateException if the calling thread does not hold it
	 */
	void unlock();

	/**
	 * Takes the lock shared, for readers, waiting as long as needed.
	 */
	default void lockRead() {
		lock();
	}

	/**
	 * Takes the lock shared if possible now; never blocks.
	 * @return true if taken
	 */
	default boolean tryLockRead() {
		return tryLock();
	}

	/**
	 * Takes the lock shared, waiting at most {@code timeout}.
	 * @param timeout the longest wait
	 * @return true if taken, false if the timeout passed first
	 */
	default boolean lockRead(Duration timeout) {
		return lock(timeout);
	}

	/**
	 * Releases a shared hold.
	 * @throws IllegalMonitorStateException if there is no such hold
	 */
	default void unlockRead() {
		unlock();
	}

	/**
	 * Returns the lock's counters.
	 * @return a live, read-only view
	 */
	LockMetric metric();

}
