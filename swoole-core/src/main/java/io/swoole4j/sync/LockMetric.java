package io.swoole4j.sync;

/**
 * A read-only view of a lock's counters.
 * <p>
 * Acquisitions are those made through this lock object (so, per JVM). Contended waits and
 * recoveries of a lock in shared memory live in the region, so they count the waits of
 * every process that uses it. Values are read without locking and may lag by a few
 * operations.
 */
public interface LockMetric {

	/**
	 * Returns how many times the lock was taken through this object (read and write for a
	 * read-write lock).
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
