package io.swoole4j.memory;

/**
 * A read-only view of a memory pool's state, for metrics and Actuator.
 * <p>
 * Every value is a snapshot read without locks; while other threads allocate, values read
 * one after another may not add up exactly. Each pool documents whether a value covers
 * every JVM sharing the region or only this one.
 */
public interface MemoryPoolMetric {

	/**
	 * Returned by {@link #slicesUsed()} and {@link #slicesTotal()} for pools without
	 * slices.
	 */
	long NOT_APPLICABLE = -1L;

	/**
	 * Returns the pool's name: its kind and region.
	 * @return for example {@code fixed:anonymous} or {@code ring:swoole-packets}
	 */
	String name();

	/**
	 * Returns the bytes the pool can hand out in all, headers included.
	 * @return the capacity in bytes
	 */
	long capacityBytes();

	/**
	 * Returns the bytes held by live blocks, headers and rounding included.
	 * @return the used bytes
	 */
	long usedBytes();

	/**
	 * Returns the bytes available to new allocations now.
	 * @return the free bytes
	 */
	long freeBytes();

	/**
	 * Returns the number of slices in use.
	 * @return the count, or {@link #NOT_APPLICABLE}
	 */
	default long slicesUsed() {
		return NOT_APPLICABLE;
	}

	/**
	 * Returns the number of slices in the pool.
	 * @return the count, or {@link #NOT_APPLICABLE}
	 */
	default long slicesTotal() {
		return NOT_APPLICABLE;
	}

	/**
	 * Returns the number of successful allocations.
	 * @return the count
	 */
	long allocations();

	/**
	 * Returns the number of frees.
	 * @return the count
	 */
	long frees();

	/**
	 * Returns the number of allocations answered with {@link MemoryPool#NO_ROOM}.
	 * @return the count
	 */
	long failedAllocations();

	/**
	 * Returns the most bytes that were unavailable to allocation at one time.
	 * @return the high-water mark in bytes
	 */
	long highWaterMarkBytes();

}
