package io.swoole4j.table;

/**
 * A handle on one column of one {@link Table}: resolve it once with
 * {@link Table#column(String)}, then pass it to the typed getters and setters so that the
 * hot path does no name lookup.
 * <p>
 * Immutable and thread-safe. A column belongs to the table (or the attached view of it)
 * that returned it; using it with another table is an {@link IllegalArgumentException}.
 */
public final class Column {

	private final Object owner;

	private final String name;

	private final ColumnType type;

	private final int size;

	private final int offset;

	private final int index;

	Column(Object owner, String name, ColumnType type, int size, int offset, int index) {
		this.owner = owner;
		this.name = name;
		this.type = type;
		this.size = size;
		this.offset = offset;
		this.index = index;
	}

	/**
	 * Returns the name.
	 * @return the column name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the type.
	 * @return the column type
	 */
	public ColumnType type() {
		return this.type;
	}

	/**
	 * Returns the declared size: 1, 2, 4 or 8 for {@link ColumnType#INT}, 8 for
	 * {@link ColumnType#FLOAT}, the most UTF-8 bytes for {@link ColumnType#STRING}.
	 * @return the size in bytes
	 */
	public int size() {
		return this.size;
	}

	/**
	 * Returns the position of the column in declaration order.
	 * @return the index, from 0
	 */
	public int index() {
		return this.index;
	}

	/**
	 * Returns the offset of the column inside a row's data.
	 * @return the offset in bytes
	 */
	int offset() {
		return this.offset;
	}

	Object owner() {
		return this.owner;
	}

	@Override
	public String toString() {
		return this.name + " " + this.type + "(" + this.size + ")";
	}

}
