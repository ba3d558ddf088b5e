package io.swoole4j.table;

/**
 * Thrown by {@link Table#incr} when the key is absent and no slice is free to create its
 * row. Stackless and shared ({@link #INSTANCE}), since a full table is back-pressure, not
 * a bug: catching it costs no allocation.
 */
public final class TableFullException extends RuntimeException {

	/** The one instance. */
	public static final TableFullException INSTANCE = new TableFullException();

	private static final long serialVersionUID = 1L;

	private TableFullException() {
		super("table is full: no free slice for a new row", null, false, false);
	}

}
