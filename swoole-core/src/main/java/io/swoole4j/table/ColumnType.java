package io.swoole4j.table;

/**
 * The type of a {@link Table} column.
 */
public enum ColumnType {

	/** A signed integer of 1, 2, 4 or 8 bytes; arithmetic wraps around at that width. */
	INT,

	/** An 8-byte IEEE 754 double. */
	FLOAT,

	/**
	 * A UTF-8 string of at most the declared number of bytes; a longer value is refused,
	 * never truncated.
	 */
	STRING

}
