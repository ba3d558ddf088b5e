package io.swoole4j.table;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A copy of one row, taken as one consistent set of column values (never half written).
 * <p>
 * Immutable and thread-safe; it does not change when the table does.
 */
public final class Row {

	private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.nativeOrder())
		.withInvokeExactBehavior();

	private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder())
		.withInvokeExactBehavior();

	private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder())
		.withInvokeExactBehavior();

	private static final VarHandle DOUBLE = MethodHandles
		.byteArrayViewVarHandle(double[].class, ByteOrder.nativeOrder())
		.withInvokeExactBehavior();

	private final Table table;

	private final String key;

	private final byte[] data;

	Row(Table table, String key, byte[] data) {
		this.table = table;
		this.key = key;
		this.data = data;
	}

	/**
	 * Returns the key.
	 * @return the key, decoded from UTF-8
	 */
	public String key() {
		return this.key;
	}

	/**
	 * Returns an integer column, or a float column cast to long.
	 * @param column a column of the table
	 * @return the value
	 * @throws IllegalArgumentException for a string column or another table's column
	 */
	public long getLong(Column column) {
		this.table.checkColumn(column);
		return switch (column.type()) {
			case INT -> readInt(column);
			case FLOAT -> (long) (double) DOUBLE.get(this.data, column.offset());
			case STRING -> throw Table.typeError(column, "a number");
		};
	}

	/**
	 * Returns a float column, or an integer column as double.
	 * @param column a column of the table
	 * @return the value
	 * @throws IllegalArgumentException for a string column or another table's column
	 */
	public double getDouble(Column column) {
		this.table.checkColumn(column);
		return switch (column.type()) {
			case INT -> readInt(column);
			case FLOAT -> (double) DOUBLE.get(this.data, column.offset());
			case STRING -> throw Table.typeError(column, "a number");
		};
	}

	/**
	 * Returns a string column.
	 * @param column a column of the table
	 * @return the value, "" for a new row
	 * @throws IllegalArgumentException for a numeric column or another table's column
	 */
	public String getString(Column column) {
		this.table.checkColumn(column);
		if (column.type() != ColumnType.STRING) {
			throw Table.typeError(column, "a string");
		}
		int length = Math.min(column.size(), (int) INT.get(this.data, column.offset()));
		return new String(this.data, column.offset() + TableDescriptor.STRING_LENGTH_PREFIX, length,
				StandardCharsets.UTF_8);
	}

	/**
	 * Returns a column's value by name: {@code Long}, {@code Double} or {@code String}.
	 * @param name the column name
	 * @return the value, or null if the table has no such column
	 */
	public Object get(String name) {
		Column column = this.table.findColumn(name);
		return (column != null) ? value(column) : null;
	}

	/**
	 * Returns all columns in declaration order.
	 * @return an unmodifiable map of column name to {@code Long}, {@code Double} or
	 * {@code String}
	 */
	public Map<String, Object> toMap() {
		List<Column> columns = this.table.columns();
		Map<String, Object> map = LinkedHashMap.newLinkedHashMap(columns.size());
		for (Column column : columns) {
			map.put(column.name(), value(column));
		}
		return Collections.unmodifiableMap(map);
	}

	private Object value(Column column) {
		return switch (column.type()) {
			case INT -> getLong(column);
			case FLOAT -> getDouble(column);
			case STRING -> getString(column);
		};
	}

	private long readInt(Column column) {
		int offset = column.offset();
		return switch (column.size()) {
			case 1 -> this.data[offset];
			case 2 -> (short) SHORT.get(this.data, offset);
			case 4 -> (int) INT.get(this.data, offset);
			default -> (long) LONG.get(this.data, offset);
		};
	}

	@Override
	public String toString() {
		return this.key + "=" + toMap();
	}

}
