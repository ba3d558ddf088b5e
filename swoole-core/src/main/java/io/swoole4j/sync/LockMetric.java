package io.swoole4j.sync;

/**
 * A read-only view of a lock's counters.
 * <p>
 * For a lock in a named region the counters live in the region too, so they count the
 * acquisitions of every process that uses the lock. Values are read without locking and
 * may lag by a few operations.
 */
public interface LockMetric {

	/**
	 * Returns how many times the lock was taken (read and write for a read-write lock).
	 * @return the acquisitions so far
	 */
	long acquisitions();

	/**
	 * Returns how many acquisitions had to wait (spin or sleep) because the lock was
	 * held.
	 * @return the contended acquisitions so far
	 */
	long contendedWaits();

	/**
	 * Returns how many times the lock was taken over from a process that died holding it.
	 * @return the recoveries so far
	 */
	long recoveries();

}
