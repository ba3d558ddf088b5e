package io.swoole4j.table;

/**
 * Writes several columns of one row under one lock, so that readers see all of them
 * change at once or not at all. Get one from {@link Table#writer(CharSequence)}, write,
 * and close it, on the same thread:
 *
 * <pre>{@code
 * try (RowWriter row = table.writer("alice")) {
 *     if (row == null) { ... table full ... }
 *     row.setLong(hits, 1).setString(name, "Alice");
 * }
 * }</pre>
 * <p>
 * Not thread-safe: one per thread, reused, so a thread may have only one open at a time.
 * While it is open the row's bucket is locked: keep the block short, and do not touch the
 * same table from inside it. A refused value (a string too long) throws before anything
 * of that column is written; the columns written before it stay written and are published
 * by {@link #close()}.
 */
public final class RowWriter implements AutoCloseable {

	private Table table;

	private long root;

	private long row;

	RowWriter() {
	}

	void open(Table table, long root, long row) {
		this.table = table;
		this.root = root;
		this.row = row;
	}

	boolean isOpen() {
		return this.table != null;
	}

	/**
	 * Sets an integer column (wrapping to its width) or a float column.
	 * @param column a column of the table
	 * @param value the value
	 * @return this
	 * @throws IllegalArgumentException for a string column
	 */
	public RowWriter setLong(Column column, long value) {
		table().checkNumeric(column);
		this.table.writeLong(this.row, column, value);
		return this;
	}

	/**
	 * Sets a float column, or an integer column to the value cast to long.
	 * @param column a column of the table
	 * @param value the value
	 * @return this
	 * @throws IllegalArgumentException for a string column
	 */
	public RowWriter setDouble(Column column, double value) {
		table().checkNumeric(column);
		this.table.writeDouble(this.row, column, value);
		return this;
	}

	/**
	 * Sets a string column.
	 * @param column a string column of the table
	 * @param value the value, at most the column's size in UTF-8 bytes
	 * @return this
	 * @throws IllegalArgumentException for a numeric column or a value too long
	 */
	public RowWriter setString(Column column, CharSequence value) {
		table().checkString(column);
		Scratch scratch = Scratch.get();
		scratch.value(value, column);
		this.table.writeString(this.row, column, scratch.value, scratch.valueLength);
		return this;
	}

	/**
	 * Sets a string column from bytes.
	 * @param column a string column of the table
	 * @param value the bytes, at most the column's size
	 * @return this
	 * @throws IllegalArgumentException for a numeric column or a value too long
	 */
	public RowWriter setBytes(Column column, byte[] value) {
		table().checkString(column);
		Table.checkLength(column, value);
		this.table.writeString(this.row, column, value, value.length);
		return this;
	}

	private Table table() {
		if (this.table == null) {
			throw new IllegalStateException("RowWriter is closed");
		}
		return this.table;
	}

	/**
	 * Publishes the writes and releases the row. Idempotent.
	 */
	@Override
	public void close() {
		Table owner = this.table;
		if (owner != null) {
			this.table = null;
			owner.endWrite(this.root);
			owner.unlockBucket(this.root);
		}
	}

}
