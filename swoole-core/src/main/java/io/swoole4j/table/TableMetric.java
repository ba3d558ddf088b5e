package io.swoole4j.table;

/**
 * A read-only view of a {@link Table}'s size and fill, for monitoring (the starter adapts
 * it to Micrometer as {@code swoole.table.*}).
 * <p>
 * Thread-safe; every value is read afresh from shared memory, so it includes the work of
 * every JVM that maps the table.
 */
public interface TableMetric {

	/**
	 * Returns the number of live rows.
	 * @return the rows
	 */
	long rows();

	/**
	 * Returns the number of buckets (the rounded {@code size}); rows beyond it need
	 * conflict slices.
	 * @return the bucket count
	 */
	int capacity();

	/**
	 * Returns how many inserts had to take a conflict slice because their bucket was
	 * occupied.
	 * @return the conflict count
	 */
	long conflicts();

	/**
	 * Returns the conflict slices still free.
	 * @return the free slices
	 */
	int freeSlices();

	/**
	 * Returns the bytes of shared memory the table occupies.
	 * @return the memory size
	 */
	long memoryBytes();

}
