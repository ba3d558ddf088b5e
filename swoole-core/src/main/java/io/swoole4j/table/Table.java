package io.swoole4j.table;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.internal.Checks;
import io.swoole4j.memory.SharedMemory;

import static io.swoole4j.table.TableDescriptor.ROWS_OFFSET;
import static io.swoole4j.table.TableDescriptor.ROW_DATA;
import static io.swoole4j.table.TableDescriptor.ROW_HASH;
import static io.swoole4j.table.TableDescriptor.ROW_KEY;
import static io.swoole4j.table.TableDescriptor.ROW_KEY_LENGTH;
import static io.swoole4j.table.TableDescriptor.ROW_LOCK;
import static io.swoole4j.table.TableDescriptor.ROW_NEXT;
import static io.swoole4j.table.TableDescriptor.ROW_SEQ;

/**
 * Swoole's Table: a hash table of fixed capacity and fixed row schema in shared memory,
 * used by every thread of this JVM and, when created with a name, by every JVM that
 * {@link #attach attaches} it. Layout: {@link TableDescriptor}.
 *
 * <h2>Algorithm</h2> A key (1 to 63 bytes of UTF-8) hashes to a bucket, whose root row
 * heads a chain of conflict slices taken from a pool of
 * {@code buckets * conflictProportion} rows. The root row's lock guards the whole chain;
 * writers (set, incr, del) take it and bump the root's version around their change.
 * Readers take no lock: they read the version, walk the chain, copy what they need and
 * check that the version did not move, retrying if it did (a seqlock), so a read never
 * shows a half-written row; after {@value #OPTIMISTIC_READS} failed tries they take the
 * lock. Deleting a chain's root moves the next row into the root and frees its slice, so
 * an empty root always means an empty chain.
 *
 * <h2>Capacity</h2> A new key in an empty bucket takes the root row; in an occupied one
 * it takes a slice. When no slice is free, {@code set} of a new key returns false (and
 * {@code incr} throws the stackless {@link TableFullException}) while existing keys stay
 * writable; this can happen before {@link #count()} reaches the size, so size a table
 * about twice the keys it must hold.
 *
 * <h2>API</h2> The typed methods ({@link #getLong(CharSequence, Column, long)},
 * {@link #setLong}, {@link #incr(CharSequence, Column, long)}, ...) take a {@link Column}
 * handle and do not allocate: keys are encoded into a per-thread buffer. The map-style
 * methods ({@link #getRow}, {@link #set(CharSequence, Map)},
 * {@link #get(CharSequence, String)}) allocate and are for humans. An absent key is an
 * explicit answer: the caller's default, null, or false; never a silent 0.
 *
 * <h2>Sharing</h2> The region holds the schema, so {@link #attach(String)} needs no
 * builder. Everything is thread-safe. A dead process's row lock is recovered (with a
 * warning) within about 10 ms of a waiter noticing; see {@link RowLock}. {@link #close()}
 * unmaps the region in this JVM (and removes the name if this JVM created it); any later
 * call throws {@link IllegalStateException}.
 */
public final class Table implements Iterable<Row>, TableMetric, AutoCloseable {

	/** Optimistic read attempts before a reader takes the bucket lock. */
	static final int OPTIMISTIC_READS = 64;

	private static final int READ_EXISTS = 0;

	private static final int READ_LONG = 1;

	private static final int READ_DOUBLE = 2;

	private static final int READ_BYTES = 3;

	private static final int READ_DATA = 4;

	private static final Logger logger = LoggerFactory.getLogger(Table.class);

	private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle().withInvokeExactBehavior();

	private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle().withInvokeExactBehavior();

	private static final VarHandle KEY_WORD = MethodHandles
		.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder())
		.withInvokeExactBehavior();

	private static final long MAGIC = TableDescriptor.MAGIC_OFFSET;

	private static final long ROW_NUM = TableDescriptor.ROW_NUM_OFFSET;

	private static final long INSERTS = TableDescriptor.INSERTS_OFFSET;

	private static final long UPDATES = TableDescriptor.UPDATES_OFFSET;

	private static final long DELETES = TableDescriptor.DELETES_OFFSET;

	private static final long CONFLICTS = TableDescriptor.CONFLICTS_OFFSET;

	private static final long MAX_DEPTH = TableDescriptor.MAX_DEPTH_OFFSET;

	private static final long POOL_LOCK = TableDescriptor.POOL_LOCK_OFFSET;

	private static final long POOL_FREE_HEAD = TableDescriptor.POOL_FREE_HEAD_OFFSET;

	private static final long POOL_BUMP = TableDescriptor.POOL_BUMP_OFFSET;

	private static final long POOL_USED = TableDescriptor.POOL_USED_OFFSET;

	private final SharedMemory memory;

	private final MemorySegment segment;

	private final boolean creator;

	private final KeyHash hash;

	private final int buckets;

	private final int mask;

	private final int slices;

	private final int stride;

	private final int dataSize;

	private final long memorySize;

	private final List<Column> columns;

	private final Map<String, Column> columnsByName;

	private Table(SharedMemory memory, boolean creator, KeyHash hash) {
		this.memory = memory;
		this.segment = memory.segment();
		this.creator = creator;
		this.hash = hash;
		MemorySegment s = this.segment;
		this.buckets = s.get(ValueLayout.JAVA_INT, TableDescriptor.BUCKETS_OFFSET);
		this.mask = this.buckets - 1;
		this.slices = s.get(ValueLayout.JAVA_INT, TableDescriptor.SLICES_OFFSET);
		this.stride = s.get(ValueLayout.JAVA_INT, TableDescriptor.ROW_STRIDE_OFFSET);
		this.dataSize = s.get(ValueLayout.JAVA_INT, TableDescriptor.DATA_SIZE_OFFSET);
		this.memorySize = s.get(ValueLayout.JAVA_LONG, TableDescriptor.MEMORY_SIZE_OFFSET);
		int count = s.get(ValueLayout.JAVA_INT, TableDescriptor.COLUMN_COUNT_OFFSET);
		List<Column> list = new ArrayList<>(count);
		Map<String, Column> byName = new HashMap<>();
		ColumnType[] types = ColumnType.values();
		for (int i = 0; i < count; i++) {
			long entry = TableDescriptor.COLUMNS_OFFSET + (long) i * TableDescriptor.COLUMN_ENTRY_LENGTH;
			ColumnType type = types[s.get(ValueLayout.JAVA_INT, entry + TableDescriptor.COLUMN_TYPE)];
			int size = s.get(ValueLayout.JAVA_INT, entry + TableDescriptor.COLUMN_SIZE);
			int offset = s.get(ValueLayout.JAVA_INT, entry + TableDescriptor.COLUMN_DATA_OFFSET);
			int nameLength = s.get(ValueLayout.JAVA_INT, entry + TableDescriptor.COLUMN_NAME_LENGTH);
			byte[] name = new byte[nameLength];
			MemorySegment.copy(s, ValueLayout.JAVA_BYTE, entry + TableDescriptor.COLUMN_NAME, name, 0, nameLength);
			Column column = new Column(this, new String(name, StandardCharsets.UTF_8), type, size, offset, i);
			list.add(column);
			byName.put(column.name(), column);
		}
		this.columns = Collections.unmodifiableList(list);
		this.columnsByName = byName;
	}

	/**
	 * Starts describing a table.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Maps a table another JVM (or this one) created with {@link Builder#create(String)};
	 * the schema comes from the region.
	 * @param sharedName the name given to {@code create}
	 * @return the table; {@link #close()} unmaps it without removing it
	 * @throws java.io.UncheckedIOException if no such region exists
	 * @throws IllegalStateException if the region is not a table of this layout version
	 * or was created with a test hash function
	 */
	public static Table attach(String sharedName) {
		return attach(sharedName, null);
	}

	static Table attach(String sharedName, KeyHash hash) {
		SharedMemory memory = SharedMemory.open(sharedName);
		try {
			MemorySegment s = memory.segment();
			if (memory.size() < TableDescriptor.HEADER_LENGTH
					|| (long) LONG.getAcquire(s, MAGIC) != TableDescriptor.MAGIC) {
				throw new IllegalStateException("Shared memory region " + sharedName + " is not a table");
			}
			int version = s.get(ValueLayout.JAVA_INT, TableDescriptor.VERSION_OFFSET);
			if (version != TableDescriptor.VERSION) {
				throw new IllegalStateException("Table " + sharedName + " has layout version " + version
						+ " (expected: " + TableDescriptor.VERSION + ")");
			}
			boolean customHash = (s.get(ValueLayout.JAVA_INT, TableDescriptor.FLAGS_OFFSET)
					& TableDescriptor.FLAG_CUSTOM_HASH) != 0;
			if (customHash && hash == null) {
				throw new IllegalStateException("Table " + sharedName + " uses a custom hash function");
			}
			if (s.get(ValueLayout.JAVA_LONG, TableDescriptor.MEMORY_SIZE_OFFSET) != memory.size()) {
				throw new IllegalStateException("Table " + sharedName + " has a size that disagrees with its header");
			}
			return new Table(memory, false, (hash != null) ? hash : KeyHash.DEFAULT);
		}
		catch (RuntimeException ex) {
			memory.close();
			throw ex;
		}
	}

	// ---------------------------------------------------------------- schema

	/**
	 * Returns a column handle.
	 * @param name the column name
	 * @return the column
	 * @throws IllegalArgumentException if the table has no such column
	 */
	public Column column(String name) {
		Column column = this.columnsByName.get(name);
		if (column == null) {
			throw Checks.fail("column", "\"" + name + "\"", "one of " + this.columnsByName.keySet());
		}
		return column;
	}

	/**
	 * Returns the columns in declaration order.
	 * @return an unmodifiable list
	 */
	public List<Column> columns() {
		return this.columns;
	}

	Column findColumn(String name) {
		return this.columnsByName.get(name);
	}

	/**
	 * Returns the number of buckets: the requested size rounded up to a power of two, at
	 * least 64 (Swoole's {@code getSize()}).
	 * @return the bucket count
	 */
	public int size() {
		return this.buckets;
	}

	/**
	 * Returns the bytes of shared memory the table occupies (Swoole's
	 * {@code getMemorySize()}).
	 * @return the region size
	 */
	public long memorySize() {
		return this.memorySize;
	}

	/**
	 * Returns the shared name.
	 * @return the name, or null for an anonymous table
	 */
	public String sharedName() {
		return this.memory.name();
	}

	// ---------------------------------------------------------------- reads

	/**
	 * Tells whether a key has a row.
	 * @param key 1 to 63 bytes of UTF-8
	 * @return true if present
	 * @throws IllegalArgumentException for an empty or too long key
	 */
	public boolean exists(CharSequence key) {
		return exists0(Scratch.get().key(key, this.hash));
	}

	/**
	 * Tells whether a key has a row.
	 * @param key 1 to 63 bytes
	 * @return true if present
	 */
	public boolean exists(byte[] key) {
		return exists0(Scratch.get().key(key, this.hash));
	}

	private boolean exists0(Scratch k) {
		return read(k, READ_EXISTS, null, null, 0) != 0;
	}

	/**
	 * Reads an integer column (or a float column cast to long) without allocating.
	 * @param key 1 to 63 bytes of UTF-8
	 * @param column a numeric column of this table
	 * @param ifAbsent returned when the key has no row
	 * @return the value, or {@code ifAbsent}
	 * @throws IllegalArgumentException for a bad key, a string column or another table's
	 * column
	 */
	public long getLong(CharSequence key, Column column, long ifAbsent) {
		checkNumeric(column);
		return getLong0(Scratch.get().key(key, this.hash), column, ifAbsent);
	}

	/**
	 * Reads an integer column (or a float column cast to long) without allocating.
	 * @param key 1 to 63 bytes
	 * @param column a numeric column of this table
	 * @param ifAbsent returned when the key has no row
	 * @return the value, or {@code ifAbsent}
	 */
	public long getLong(byte[] key, Column column, long ifAbsent) {
		checkNumeric(column);
		return getLong0(Scratch.get().key(key, this.hash), column, ifAbsent);
	}

	private long getLong0(Scratch k, Column column, long ifAbsent) {
		return read(k, READ_LONG, column, null, ifAbsent);
	}

	/**
	 * Reads a float column (or an integer column as double) without allocating.
	 * @param key 1 to 63 bytes of UTF-8
	 * @param column a numeric column of this table
	 * @param ifAbsent returned when the key has no row
	 * @return the value, or {@code ifAbsent}
	 */
	public double getDouble(CharSequence key, Column column, double ifAbsent) {
		checkNumeric(column);
		return getDouble0(Scratch.get().key(key, this.hash), column, ifAbsent);
	}

	/**
	 * Reads a float column (or an integer column as double) without allocating.
	 * @param key 1 to 63 bytes
	 * @param column a numeric column of this table
	 * @param ifAbsent returned when the key has no row
	 * @return the value, or {@code ifAbsent}
	 */
	public double getDouble(byte[] key, Column column, double ifAbsent) {
		checkNumeric(column);
		return getDouble0(Scratch.get().key(key, this.hash), column, ifAbsent);
	}

	private double getDouble0(Scratch k, Column column, double ifAbsent) {
		return Double.longBitsToDouble(read(k, READ_DOUBLE, column, null, Double.doubleToRawLongBits(ifAbsent)));
	}

	/**
	 * Copies a string column's UTF-8 bytes without allocating.
	 * @param key 1 to 63 bytes of UTF-8
	 * @param column a string column of this table
	 * @param destination at least {@code column.size()} bytes
	 * @return the number of bytes copied, or -1 if the key has no row
	 * @throws IllegalArgumentException for a numeric column or a destination too small
	 */
	public int getBytes(CharSequence key, Column column, byte[] destination) {
		checkString(column);
		if (destination.length < column.size()) {
			throw Checks.fail("destination.length", destination.length, ">= " + column.size());
		}
		return (int) read(Scratch.get().key(key, this.hash), READ_BYTES, column, destination, -1);
	}

	/**
	 * Reads a string column.
	 * @param key 1 to 63 bytes of UTF-8
	 * @param column a string column of this table
	 * @return the value ("" for a new row), or null if the key has no row
	 */
	public String getString(CharSequence key, Column column) {
		byte[] bytes = new byte[column.size()];
		int length = getBytes(key, column, bytes);
		return (length < 0) ? null : new String(bytes, 0, length, StandardCharsets.UTF_8);
	}

	/**
	 * Copies a whole row as one consistent set of values.
	 * @param key 1 to 63 bytes of UTF-8
	 * @return the row, or null if absent
	 */
	public Row get(CharSequence key) {
		Scratch k = Scratch.get().key(key, this.hash);
		byte[] data = readData(k);
		return (data != null) ? new Row(this, key.toString(), data) : null;
	}

	/**
	 * Copies a whole row as one consistent set of values.
	 * @param key 1 to 63 bytes
	 * @return the row, or null if absent
	 */
	public Row get(byte[] key) {
		Scratch k = Scratch.get().key(key, this.hash);
		byte[] data = readData(k);
		return (data != null) ? new Row(this, new String(key, StandardCharsets.UTF_8), data) : null;
	}

	/**
	 * Reads one field by name (Swoole's {@code get($key, $field)}).
	 * @param key 1 to 63 bytes of UTF-8
	 * @param field the column name
	 * @return {@code Long}, {@code Double} or {@code String}; null if the key has no row
	 * or the table has no such column
	 */
	public Object get(CharSequence key, String field) {
		if (findColumn(field) == null) {
			return null;
		}
		Row row = get(key);
		return (row != null) ? row.get(field) : null;
	}

	/**
	 * Reads a row as a map, for humans (Swoole's {@code get($key)}).
	 * @param key 1 to 63 bytes of UTF-8
	 * @return column name to {@code Long}, {@code Double} or {@code String} in
	 * declaration order, or null if the key has no row
	 */
	public Map<String, Object> getRow(CharSequence key) {
		Row row = get(key);
		return (row != null) ? row.toMap() : null;
	}

	private byte[] readData(Scratch k) {
		byte[] data = new byte[this.dataSize];
		return (read(k, READ_DATA, null, data, 0) != 0) ? data : null;
	}

	/**
	 * The one read path: optimistic under the bucket's version, then under its lock.
	 * {@code what} is a constant at every call site, so the switch folds away once
	 * inlined.
	 * @return what {@link #readRow} gives, or {@code ifAbsent}
	 */
	private long read(Scratch k, int what, Column column, byte[] out, long ifAbsent) {
		long root = root(k.hash);
		for (int attempt = 0; attempt < OPTIMISTIC_READS; attempt++) {
			int seq = readBegin(root);
			if ((seq & 1) == 0) {
				long row = find(root, k);
				long value = (row < 0) ? ifAbsent : readRow(row, what, column, out);
				if (readValid(root, seq)) {
					return value;
				}
			}
			Thread.onSpinWait();
		}
		lockBucket(root);
		try {
			long row = find(root, k);
			return (row < 0) ? ifAbsent : readRow(row, what, column, out);
		}
		finally {
			unlockBucket(root);
		}
	}

	private long readRow(long row, int what, Column column, byte[] out) {
		return switch (what) {
			case READ_EXISTS -> 1;
			case READ_LONG -> readLong(row, column);
			case READ_DOUBLE -> Double.doubleToRawLongBits(readDouble(row, column));
			case READ_BYTES -> readString(row, column, out);
			default -> {
				MemorySegment.copy(this.segment, ValueLayout.JAVA_BYTE, row + ROW_DATA, out, 0, this.dataSize);
				yield 1;
			}
		};
	}

	// ---------------------------------------------------------------- writes

	/**
	 * Sets an integer column (wrapping to its width) or a float column; a new key gets a
	 * zeroed row first, other columns keep their values.
	 * @param key 1 to 63 bytes of UTF-8
	 * @param column a numeric column of this table
	 * @param value the value
	 * @return true if written; false if the key is new and the table has no room
	 */
	public boolean setLong(CharSequence key, Column column, long value) {
		checkNumeric(column);
		return setLong0(Scratch.get().key(key, this.hash), column, value);
	}

	/**
	 * Sets an integer or float column; see {@link #setLong(CharSequence, Column, long)}.
	 * @param key 1 to 63 bytes
	 * @param column a numeric column of this table
	 * @param value the value
	 * @return true if written; false if the key is new and the table has no room
	 */
	public boolean setLong(byte[] key, Column column, long value) {
		checkNumeric(column);
		return setLong0(Scratch.get().key(key, this.hash), column, value);
	}

	private boolean setLong0(Scratch k, Column column, long value) {
		long row = openRow(k);
		if (row < 0) {
			return false;
		}
		try {
			writeLong(row, column, value);
			return true;
		}
		finally {
			closeRow(k);
		}
	}

	/**
	 * Locks a key's bucket, starts a write and finds or inserts its row.
	 * @return the row, to be closed with {@link #closeRow}; or -1, with nothing held,
	 * when the key is new and no slice is free
	 */
	private long openRow(Scratch k) {
		long root = root(k.hash);
		lockBucket(root);
		boolean open = false;
		try {
			beginWrite(root);
			try {
				long row = findOrInsert(root, k);
				open = row >= 0;
				return row;
			}
			finally {
				if (!open) {
					endWrite(root);
				}
			}
		}
		finally {
			if (!open) {
				unlockBucket(root);
			}
		}
	}

	private void closeRow(Scratch k) {
		long root = root(k.hash);
		endWrite(root);
		unlockBucket(root);
	}

	/**
	 * Sets a float column (or an integer column to the value cast to long); a new key
	 * gets a zeroed row first.
	 * @param key 1 to 63 bytes of UTF-8
	 * @param column a numeric column of this table
	 * @param value the value
	 * @return true if written; false if the key is new and the table has no room
	 */
	public boolean setDouble(CharSequence key, Column column, double value) {
		checkNumeric(column);
		Scratch k = Scratch.get().key(key, this.hash);
		long row = openRow(k);
		if (row < 0) {
			return false;
		}
		try {
			writeDouble(row, column, value);
			return true;
		}
		finally {
			closeRow(k);
		}
	}

	/**
	 * Sets a string column; a new key gets a zeroed row first.
	 * @param key 1 to 63 bytes of UTF-8
	 * @param column a string column of this table
	 * @param value at most {@code column.size()} bytes of UTF-8
	 * @return true if written; false if the key is new and the table has no room
	 * @throws IllegalArgumentException if the value is too long (it is never truncated)
	 */
	public boolean setString(CharSequence key, Column column, CharSequence value) {
		checkString(column);
		Scratch k = Scratch.get();
		k.value(value, column);
		k.key(key, this.hash);
		return setBytes0(k, column, k.value, k.valueLength);
	}

	/**
	 * Sets a string column from UTF-8 bytes; a new key gets a zeroed row first.
	 * @param key 1 to 63 bytes of UTF-8
	 * @param column a string column of this table
	 * @param value at most {@code column.size()} bytes
	 * @return true if written; false if the key is new and the table has no room
	 * @throws IllegalArgumentException if the value is too long
	 */
	public boolean setBytes(CharSequence key, Column column, byte[] value) {
		checkString(column);
		checkLength(column, value);
		return setBytes0(Scratch.get().key(key, this.hash), column, value, value.length);
	}

	private boolean setBytes0(Scratch k, Column column, byte[] value, int length) {
		long row = openRow(k);
		if (row < 0) {
			return false;
		}
		try {
			writeString(row, column, value, length);
			return true;
		}
		finally {
			closeRow(k);
		}
	}

	/**
	 * Sets several columns by name under one lock (Swoole's {@code set($key, $array)}).
	 * Every value is checked before anything is written. Names that are not columns are
	 * ignored; columns not named keep their values (zero for a new row). Numbers convert
	 * between int and float, a {@code CharSequence} given for a numeric column is parsed,
	 * any value given for a string column is turned into its {@code toString()}.
	 * @param key 1 to 63 bytes of UTF-8
	 * @param values column name to value
	 * @return true if written; false if the key is new and the table has no room
	 * @throws IllegalArgumentException for a string too long or a value that does not
	 * convert
	 */
	public boolean set(CharSequence key, Map<String, ?> values) {
		Checks.checkNotNull(values, "values");
		List<Column> targets = new ArrayList<>(values.size());
		List<Object> converted = new ArrayList<>(values.size());
		for (Map.Entry<String, ?> entry : values.entrySet()) {
			Column column = findColumn(entry.getKey());
			if (column != null) {
				targets.add(column);
				converted.add(convert(column, entry.getValue()));
			}
		}
		try (RowWriter writer = writer(key)) {
			if (writer == null) {
				return false;
			}
			for (int i = 0; i < targets.size(); i++) {
				Column column = targets.get(i);
				Object value = converted.get(i);
				switch (column.type()) {
					case INT -> writer.setLong(column, (Long) value);
					case FLOAT -> writer.setDouble(column, (Double) value);
					case STRING -> writer.setBytes(column, (byte[]) value);
				}
			}
			return true;
		}
	}

	private static Object convert(Column column, Object value) {
		Checks.checkNotNull(value, "value of column \"" + column.name() + "\"");
		try {
			return switch (column.type()) {
				case INT -> (value instanceof Number n) ? (Object) n.longValue()
						: (Object) Long.parseLong(value.toString().trim());
				case FLOAT -> (value instanceof Number n) ? (Object) n.doubleValue()
						: (Object) Double.parseDouble(value.toString().trim());
				case STRING -> {
					byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
					checkLength(column, bytes);
					yield bytes;
				}
			};
		}
		catch (NumberFormatException ex) {
			throw Checks.fail("value of column \"" + column.name() + "\"", "\"" + value + "\"",
					"a number for a " + column.type() + " column");
		}
	}

	/**
	 * Opens a row for a write of several columns under one lock: see {@link RowWriter}. A
	 * new key gets a zeroed row.
	 * @param key 1 to 63 bytes of UTF-8
	 * @return this thread's writer, open on the row; null if the key is new and the table
	 * has no room
	 * @throws IllegalStateException if this thread already has a writer open
	 */
	public RowWriter writer(CharSequence key) {
		Scratch k = Scratch.get().key(key, this.hash);
		RowWriter writer = k.writer;
		if (writer == null) {
			writer = new RowWriter();
			k.writer = writer;
		}
		if (writer.isOpen()) {
			throw new IllegalStateException("this thread already has an open RowWriter");
		}
		long row = openRow(k);
		if (row < 0) {
			return null;
		}
		writer.open(this, root(k.hash), row);
		return writer;
	}

	/**
	 * Adds to an integer column (wrapping at its width) or a float column, creating a
	 * zeroed row for a new key.
	 * @param key 1 to 63 bytes of UTF-8
	 * @param column a numeric column of this table
	 * @param delta the amount
	 * @return the new value (a float column's cast to long)
	 * @throws TableFullException if the key is new and the table has no room
	 * @throws IllegalArgumentException for a string column
	 */
	public long incr(CharSequence key, Column column, long delta) {
		checkNumeric(column);
		return incr0(Scratch.get().key(key, this.hash), column, delta);
	}

	/**
	 * Adds to a numeric column; see {@link #incr(CharSequence, Column, long)}.
	 * @param key 1 to 63 bytes
	 * @param column a numeric column of this table
	 * @param delta the amount
	 * @return the new value
	 * @throws TableFullException if the key is new and the table has no room
	 */
	public long incr(byte[] key, Column column, long delta) {
		checkNumeric(column);
		return incr0(Scratch.get().key(key, this.hash), column, delta);
	}

	/**
	 * Subtracts from a numeric column; see {@link #incr(CharSequence, Column, long)}.
	 * @param key 1 to 63 bytes of UTF-8
	 * @param column a numeric column of this table
	 * @param delta the amount
	 * @return the new value
	 * @throws TableFullException if the key is new and the table has no room
	 */
	public long decr(CharSequence key, Column column, long delta) {
		return incr(key, column, -delta);
	}

	private long incr0(Scratch k, Column column, long delta) {
		long row = openRow(k);
		if (row < 0) {
			throw TableFullException.INSTANCE;
		}
		try {
			if (column.type() == ColumnType.FLOAT) {
				double value = readDouble(row, column) + delta;
				writeDouble(row, column, value);
				return (long) value;
			}
			writeLong(row, column, readLong(row, column) + delta);
			return readLong(row, column);
		}
		finally {
			closeRow(k);
		}
	}

	/**
	 * Adds to a float column (or an integer column, truncating the sum to long), creating
	 * a zeroed row for a new key.
	 * @param key 1 to 63 bytes of UTF-8
	 * @param column a numeric column of this table
	 * @param delta the amount
	 * @return the new value
	 * @throws TableFullException if the key is new and the table has no room
	 */
	public double incr(CharSequence key, Column column, double delta) {
		checkNumeric(column);
		Scratch k = Scratch.get().key(key, this.hash);
		long row = openRow(k);
		if (row < 0) {
			throw TableFullException.INSTANCE;
		}
		try {
			writeDouble(row, column, readDouble(row, column) + delta);
			return readDouble(row, column);
		}
		finally {
			closeRow(k);
		}
	}

	/**
	 * Subtracts from a numeric column; see {@link #incr(CharSequence, Column, double)}.
	 * @param key 1 to 63 bytes of UTF-8
	 * @param column a numeric column of this table
	 * @param delta the amount
	 * @return the new value
	 * @throws TableFullException if the key is new and the table has no room
	 */
	public double decr(CharSequence key, Column column, double delta) {
		return incr(key, column, -delta);
	}

	/**
	 * Deletes a row, freeing its slice for reuse.
	 * @param key 1 to 63 bytes of UTF-8
	 * @return true if it existed
	 */
	public boolean del(CharSequence key) {
		return del0(Scratch.get().key(key, this.hash));
	}

	/**
	 * Deletes a row, freeing its slice for reuse.
	 * @param key 1 to 63 bytes
	 * @return true if it existed
	 */
	public boolean del(byte[] key) {
		return del0(Scratch.get().key(key, this.hash));
	}

	private boolean del0(Scratch k) {
		long root = root(k.hash);
		int words = (k.keyLength + 7) >>> 3;
		lockBucket(root);
		try {
			long previous = -1;
			long row = root;
			while (!matches(row, k, words)) {
				int next = this.segment.get(ValueLayout.JAVA_INT, row + ROW_NEXT);
				if (next == 0) {
					return false;
				}
				previous = row;
				row = rowOffset(next - 1);
			}
			beginWrite(root);
			try {
				int next = this.segment.get(ValueLayout.JAVA_INT, row + ROW_NEXT);
				if (previous < 0 && next == 0) {
					this.segment.set(ValueLayout.JAVA_INT, root + ROW_KEY_LENGTH, 0);
				}
				else if (previous < 0) {
					// the chain's second row moves into the root, so an empty root still
					// means an empty chain
					MemorySegment.copy(this.segment, rowOffset(next - 1) + ROW_NEXT, this.segment, root + ROW_NEXT,
							this.stride - ROW_NEXT);
					freeSlice(next - 1);
				}
				else {
					this.segment.set(ValueLayout.JAVA_INT, previous + ROW_NEXT, next);
					freeSlice(rowIndex(row));
				}
			}
			finally {
				endWrite(root);
			}
			addCounter(ROW_NUM, -1L);
			addCounter(DELETES, 1L);
			return true;
		}
		finally {
			unlockBucket(root);
		}
	}

	// ---------------------------------------------------------------- counts

	/**
	 * Returns the number of live rows.
	 * @return the count, across every JVM
	 */
	public long count() {
		return (long) LONG.getVolatile(this.segment, ROW_NUM);
	}

	/**
	 * Returns Swoole's {@code stats()}.
	 * @return a snapshot of the counters
	 */
	public TableStats stats() {
		return new TableStats(count(), (long) LONG.getVolatile(this.segment, CONFLICTS),
				(long) LONG.getVolatile(this.segment, MAX_DEPTH), (long) LONG.getVolatile(this.segment, INSERTS),
				(long) LONG.getVolatile(this.segment, UPDATES), (long) LONG.getVolatile(this.segment, DELETES),
				freeSlices(), this.slices);
	}

	/**
	 * Returns this table as a metric view.
	 * @return this
	 */
	public TableMetric metric() {
		return this;
	}

	@Override
	public long rows() {
		return count();
	}

	@Override
	public int capacity() {
		return this.buckets;
	}

	@Override
	public long conflicts() {
		return (long) LONG.getVolatile(this.segment, CONFLICTS);
	}

	@Override
	public int freeSlices() {
		return this.slices - (int) INT.getVolatile(this.segment, POOL_USED);
	}

	@Override
	public long memoryBytes() {
		return this.memorySize;
	}

	// ---------------------------------------------------------------- iteration

	/**
	 * Iterates the live rows, bucket by bucket, each bucket's chain read as one
	 * consistent snapshot when the iterator reaches it. Every row live throughout the
	 * iteration is returned exactly once; a row deleted before the iterator reaches its
	 * bucket is not returned; rows inserted concurrently may or may not be.
	 * @return an iterator of row copies; not thread-safe, {@code remove} unsupported
	 */
	@Override
	public Iterator<Row> iterator() {
		return new Iterator<>() {

			private final ArrayDeque<Row> pending = new ArrayDeque<>();

			private final List<Row> scratch = new ArrayList<>(2);

			private int bucket;

			@Override
			public boolean hasNext() {
				while (this.pending.isEmpty() && this.bucket < Table.this.buckets) {
					readBucket(this.bucket++, this.pending, this.scratch);
				}
				return !this.pending.isEmpty();
			}

			@Override
			public Row next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				return this.pending.poll();
			}

		};
	}

	/**
	 * Visits the rows of at most {@code maxRows} of the table's {@link #size()} rows (its
	 * buckets, each with the rows chained to it), from {@code cursor} on, in the order
	 * {@link #iterator()} uses: bounded work however full the table is, where an iterator
	 * of a nearly empty table reads every bucket to find its few rows. As Redis's
	 * {@code SCAN}: start with cursor 0 and call again with the returned cursor until it
	 * is 0 again; every row live throughout such a pass is visited exactly once, rows
	 * inserted or deleted meanwhile may or may not be. Thread-safe (each bucket is read
	 * as one consistent snapshot); {@code action} runs on the caller's thread with no
	 * lock held, so it may update or delete the rows it is given.
	 * @param cursor where to start: 0, or a value the previous call returned
	 * @param maxRows how many buckets to read, at least 1
	 * @param action called with a copy of each live row
	 * @return the cursor to continue from, or 0 once the last bucket was read
	 * @throws IllegalArgumentException if {@code cursor} is not in [0, size) or
	 * {@code maxRows} is not positive
	 */
	public int scan(int cursor, int maxRows, Consumer<? super Row> action) {
		Checks.checkInRange(cursor, 0, this.buckets - 1, "cursor");
		Checks.checkPositive(maxRows, "maxRows");
		Checks.checkNotNull(action, "action");
		int end = (int) Math.min((long) cursor + maxRows, this.buckets);
		ArrayDeque<Row> rows = new ArrayDeque<>();
		List<Row> scratch = new ArrayList<>(2);
		for (int bucket = cursor; bucket < end; bucket++) {
			readBucket(bucket, rows, scratch);
			for (Row row = rows.poll(); row != null; row = rows.poll()) {
				action.accept(row);
			}
		}
		return (end == this.buckets) ? 0 : end;
	}

	private void readBucket(int bucket, ArrayDeque<Row> out, List<Row> rows) {
		long root = rowOffset(bucket);
		for (int attempt = 0; attempt < OPTIMISTIC_READS; attempt++) {
			int seq = readBegin(root);
			if ((seq & 1) == 0) {
				rows.clear();
				collectChain(root, rows);
				if (readValid(root, seq)) {
					out.addAll(rows);
					return;
				}
			}
			Thread.onSpinWait();
		}
		lockBucket(root);
		try {
			rows.clear();
			collectChain(root, rows);
			out.addAll(rows);
		}
		finally {
			unlockBucket(root);
		}
	}

	private void collectChain(long root, List<Row> rows) {
		long row = root;
		for (int steps = 0; steps <= this.slices; steps++) {
			int keyLength = this.segment.get(ValueLayout.JAVA_INT, row + ROW_KEY_LENGTH);
			if (keyLength <= 0) {
				// an empty root heads an empty chain
				return;
			}
			byte[] key = new byte[Math.min(keyLength, TableDescriptor.MAX_KEY_BYTES)];
			MemorySegment.copy(this.segment, ValueLayout.JAVA_BYTE, row + ROW_KEY, key, 0, key.length);
			byte[] data = new byte[this.dataSize];
			MemorySegment.copy(this.segment, ValueLayout.JAVA_BYTE, row + ROW_DATA, data, 0, this.dataSize);
			rows.add(new Row(this, new String(key, StandardCharsets.UTF_8), data));
			int next = this.segment.get(ValueLayout.JAVA_INT, row + ROW_NEXT);
			if (!isSlice(next - 1)) {
				return;
			}
			row = rowOffset(next - 1);
		}
	}

	// ---------------------------------------------------------------- lifecycle

	/**
	 * Unmaps the table in this JVM; the JVM that created a named table also removes its
	 * name, while others keep their mappings. Idempotent. Call it once no thread of this
	 * JVM uses the table.
	 */
	@Override
	public void close() {
		if (this.creator && this.memory.isOpen()) {
			this.memory.unlink();
		}
		this.memory.close();
	}

	@Override
	public String toString() {
		return "Table[" + ((sharedName() != null) ? sharedName() : "anonymous") + ", size=" + this.buckets
				+ ", columns=" + this.columns + "]";
	}

	/**
	 * Takes a key's bucket lock and leaves the bucket mid-write, never releasing it: lets
	 * a test process die while holding a row lock.
	 * @param key the key
	 */
	void lockBucketForTesting(CharSequence key) {
		long root = root(Scratch.get().key(key, this.hash).hash);
		lockBucket(root);
		beginWrite(root);
	}

	// ---------------------------------------------------------------- internals

	void checkColumn(Column column) {
		if (column.owner() != this) {
			throw Checks.fail("column", column.name(), "a column of " + this);
		}
	}

	void checkNumeric(Column column) {
		checkColumn(column);
		if (column.type() == ColumnType.STRING) {
			throw typeError(column, "a number");
		}
	}

	void checkString(Column column) {
		checkColumn(column);
		if (column.type() != ColumnType.STRING) {
			throw typeError(column, "a string");
		}
	}

	static IllegalArgumentException typeError(Column column, String expected) {
		return Checks.fail("column", column, "a column that holds " + expected);
	}

	static void checkLength(Column column, byte[] value) {
		Scratch.notNull(value, "value");
		if (value.length > column.size()) {
			throw Scratch.valueLengthError(column, value.length);
		}
	}

	private long root(int hash) {
		return ROWS_OFFSET + (long) (hash & this.mask) * this.stride;
	}

	private long rowOffset(int index) {
		return ROWS_OFFSET + (long) index * this.stride;
	}

	private int rowIndex(long row) {
		return (int) ((row - ROWS_OFFSET) / this.stride);
	}

	private boolean isSlice(int index) {
		return index >= this.buckets && index < this.buckets + this.slices;
	}

	/**
	 * Finds a key's row in a chain. Safe without the lock: a torn chain (seen while a
	 * writer changes it) ends the walk, and the caller's version check discards the
	 * answer.
	 * @return the row's offset, or -1
	 */
	private long find(long root, Scratch k) {
		int words = (k.keyLength + 7) >>> 3;
		long row = root;
		for (int steps = 0; steps <= this.slices; steps++) {
			if (matches(row, k, words)) {
				return row;
			}
			int next = this.segment.get(ValueLayout.JAVA_INT, row + ROW_NEXT);
			if (!isSlice(next - 1)) {
				return -1;
			}
			row = rowOffset(next - 1);
		}
		return -1;
	}

	private boolean matches(long row, Scratch k, int words) {
		MemorySegment s = this.segment;
		if (s.get(ValueLayout.JAVA_INT, row + ROW_KEY_LENGTH) != k.keyLength
				|| s.get(ValueLayout.JAVA_INT, row + ROW_HASH) != k.hash) {
			return false;
		}
		byte[] key = k.key;
		for (int i = 0; i < words; i++) {
			if (s.get(ValueLayout.JAVA_LONG, row + ROW_KEY + 8L * i) != (long) KEY_WORD.get(key, i * 8)) {
				return false;
			}
		}
		return true;
	}

	/** Under the bucket lock and inside begin/endWrite. */
	private long findOrInsert(long root, Scratch k) {
		long row = find(root, k);
		if (row >= 0) {
			addCounter(UPDATES, 1L);
			return row;
		}
		if (this.segment.get(ValueLayout.JAVA_INT, root + ROW_KEY_LENGTH) == 0) {
			row = root;
			clearRow(row);
			writeKey(row, k);
		}
		else {
			int index = allocateSlice();
			if (index < 0) {
				return -1;
			}
			row = rowOffset(index);
			clearRow(row);
			writeKey(row, k);
			long tail = root;
			long depth = 1;
			int next;
			while ((next = this.segment.get(ValueLayout.JAVA_INT, tail + ROW_NEXT)) != 0) {
				tail = rowOffset(next - 1);
				depth++;
			}
			// linked last, once the row is complete
			this.segment.set(ValueLayout.JAVA_INT, tail + ROW_NEXT, index + 1);
			addCounter(CONFLICTS, 1L);
			if (depth > this.segment.get(ValueLayout.JAVA_LONG, MAX_DEPTH)) {
				this.segment.set(ValueLayout.JAVA_LONG, MAX_DEPTH, depth);
			}
		}
		addCounter(ROW_NUM, 1L);
		addCounter(INSERTS, 1L);
		return row;
	}

	private long addCounter(long offset, long delta) {
		return (long) LONG.getAndAdd(this.segment, offset, delta);
	}

	private void clearRow(long row) {
		MemorySegment s = this.segment;
		s.set(ValueLayout.JAVA_INT, row + ROW_NEXT, 0);
		for (long offset = ROW_HASH; offset < this.stride; offset += 8) {
			s.set(ValueLayout.JAVA_LONG, row + offset, 0L);
		}
	}

	private void writeKey(long row, Scratch k) {
		MemorySegment s = this.segment;
		int words = (k.keyLength + 7) >>> 3;
		for (int i = 0; i < words; i++) {
			s.set(ValueLayout.JAVA_LONG, row + ROW_KEY + 8L * i, (long) KEY_WORD.get(k.key, i * 8));
		}
		s.set(ValueLayout.JAVA_INT, row + ROW_HASH, k.hash);
		s.set(ValueLayout.JAVA_INT, row + ROW_KEY_LENGTH, k.keyLength);
	}

	private int allocateSlice() {
		lockPool();
		try {
			MemorySegment s = this.segment;
			int head = s.get(ValueLayout.JAVA_INT, POOL_FREE_HEAD);
			int index;
			if (head != 0) {
				index = head - 1;
				s.set(ValueLayout.JAVA_INT, POOL_FREE_HEAD, s.get(ValueLayout.JAVA_INT, rowOffset(index) + ROW_NEXT));
			}
			else {
				int bump = s.get(ValueLayout.JAVA_INT, POOL_BUMP);
				if (bump >= this.slices) {
					return -1;
				}
				index = this.buckets + bump;
				s.set(ValueLayout.JAVA_INT, POOL_BUMP, bump + 1);
			}
			INT.setVolatile(s, POOL_USED, s.get(ValueLayout.JAVA_INT, POOL_USED) + 1);
			return index;
		}
		finally {
			RowLock.unlock(this.segment, POOL_LOCK);
		}
	}

	private void freeSlice(int index) {
		lockPool();
		try {
			MemorySegment s = this.segment;
			long row = rowOffset(index);
			s.set(ValueLayout.JAVA_INT, row + ROW_KEY_LENGTH, 0);
			s.set(ValueLayout.JAVA_INT, row + ROW_NEXT, s.get(ValueLayout.JAVA_INT, POOL_FREE_HEAD));
			s.set(ValueLayout.JAVA_INT, POOL_FREE_HEAD, index + 1);
			INT.setVolatile(s, POOL_USED, s.get(ValueLayout.JAVA_INT, POOL_USED) - 1);
		}
		finally {
			RowLock.unlock(this.segment, POOL_LOCK);
		}
	}

	private void lockPool() {
		if (RowLock.lock(this.segment, POOL_LOCK, RowLock.ownerTag())) {
			logger.warn("Took over the slice pool lock of {} from a dead process; the free list may have lost a slice",
					this);
		}
	}

	void lockBucket(long root) {
		if (RowLock.lock(this.segment, root + ROW_LOCK, RowLock.ownerTag())) {
			// the dead writer may have left the version odd; make it even so that readers
			// stop waiting, and the row as it is becomes visible
			int seq = this.segment.get(ValueLayout.JAVA_INT, root + ROW_SEQ);
			if ((seq & 1) != 0) {
				INT.setRelease(this.segment, root + ROW_SEQ, seq + 1);
			}
			logger.warn("Took over bucket {} of {} from a dead process; its row may be half written", rowIndex(root),
					this);
		}
	}

	void unlockBucket(long root) {
		RowLock.unlock(this.segment, root + ROW_LOCK);
	}

	private int readBegin(long root) {
		return (int) INT.getAcquire(this.segment, root + ROW_SEQ);
	}

	private boolean readValid(long root, int seq) {
		VarHandle.loadLoadFence();
		return (int) INT.getAcquire(this.segment, root + ROW_SEQ) == seq;
	}

	private void beginWrite(long root) {
		int seq = this.segment.get(ValueLayout.JAVA_INT, root + ROW_SEQ);
		INT.setOpaque(this.segment, root + ROW_SEQ, seq + 1);
		VarHandle.storeStoreFence();
	}

	void endWrite(long root) {
		int seq = this.segment.get(ValueLayout.JAVA_INT, root + ROW_SEQ);
		INT.setRelease(this.segment, root + ROW_SEQ, seq + 1);
	}

	private long readLong(long row, Column column) {
		long at = row + ROW_DATA + column.offset();
		MemorySegment s = this.segment;
		if (column.type() == ColumnType.FLOAT) {
			return (long) s.get(ValueLayout.JAVA_DOUBLE, at);
		}
		return switch (column.size()) {
			case 1 -> s.get(ValueLayout.JAVA_BYTE, at);
			case 2 -> s.get(ValueLayout.JAVA_SHORT, at);
			case 4 -> s.get(ValueLayout.JAVA_INT, at);
			default -> s.get(ValueLayout.JAVA_LONG, at);
		};
	}

	private double readDouble(long row, Column column) {
		if (column.type() == ColumnType.FLOAT) {
			return this.segment.get(ValueLayout.JAVA_DOUBLE, row + ROW_DATA + column.offset());
		}
		return readLong(row, column);
	}

	/** Copies the string bytes; a torn length read without the lock is clamped. */
	private int readString(long row, Column column, byte[] destination) {
		long at = row + ROW_DATA + column.offset();
		int length = Math.clamp(this.segment.get(ValueLayout.JAVA_INT, at), 0, column.size());
		MemorySegment.copy(this.segment, ValueLayout.JAVA_BYTE, at + TableDescriptor.STRING_LENGTH_PREFIX, destination,
				0, length);
		return length;
	}

	void writeLong(long row, Column column, long value) {
		long at = row + ROW_DATA + column.offset();
		MemorySegment s = this.segment;
		if (column.type() == ColumnType.FLOAT) {
			s.set(ValueLayout.JAVA_DOUBLE, at, value);
			return;
		}
		switch (column.size()) {
			case 1 -> s.set(ValueLayout.JAVA_BYTE, at, (byte) value);
			case 2 -> s.set(ValueLayout.JAVA_SHORT, at, (short) value);
			case 4 -> s.set(ValueLayout.JAVA_INT, at, (int) value);
			default -> s.set(ValueLayout.JAVA_LONG, at, value);
		}
	}

	void writeDouble(long row, Column column, double value) {
		if (column.type() == ColumnType.FLOAT) {
			this.segment.set(ValueLayout.JAVA_DOUBLE, row + ROW_DATA + column.offset(), value);
		}
		else {
			writeLong(row, column, (long) value);
		}
	}

	void writeString(long row, Column column, byte[] value, int length) {
		long at = row + ROW_DATA + column.offset();
		this.segment.set(ValueLayout.JAVA_INT, at, length);
		MemorySegment.copy(value, 0, this.segment, ValueLayout.JAVA_BYTE, at + TableDescriptor.STRING_LENGTH_PREFIX,
				length);
	}

	/**
	 * Describes a table: its size, conflict proportion and columns; then
	 * {@link #create()} or {@link #create(String)}.
	 * <p>
	 * Not thread-safe. Each setter checks its argument at once; a builder can create
	 * several tables.
	 */
	public static final class Builder {

		private int size;

		private double conflictProportion = 0.2;

		private final Map<String, ColumnSpec> columns = new LinkedHashMap<>();

		private KeyHash hash = KeyHash.DEFAULT;

		private Builder() {
		}

		/**
		 * Sets the number of rows; rounded up to a power of two, at least 64.
		 * @param size 1 to 2^30
		 * @return this
		 */
		public Builder size(int size) {
			this.size = Checks.checkInRange(size, 1, TableDescriptor.MAX_BUCKETS, "size");
			return this;
		}

		/**
		 * Sets the conflict slices as a share of the rounded size (Swoole's
		 * {@code conflict_proportion}).
		 * @param conflictProportion 0.2 (the default) to 1.0
		 * @return this
		 */
		public Builder conflictProportion(double conflictProportion) {
			this.conflictProportion = Checks.checkInRange(conflictProportion, 0.2, 1.0, "conflictProportion");
			return this;
		}

		/**
		 * Adds an 8-byte {@link ColumnType#INT} or a {@link ColumnType#FLOAT} column.
		 * @param name 1 to 48 bytes of UTF-8, unique
		 * @param type INT or FLOAT
		 * @return this
		 */
		public Builder column(String name, ColumnType type) {
			Checks.checkNotNull(type, "type");
			if (type == ColumnType.STRING) {
				throw Checks.fail("type", type, "INT or FLOAT; a STRING column needs a size");
			}
			return column(name, type, 8);
		}

		/**
		 * Adds a column.
		 * @param name 1 to 48 bytes of UTF-8, unique
		 * @param type the type
		 * @param size INT: 1, 2, 4 or 8; FLOAT: 8; STRING: the most bytes, 1 to 1 MiB
		 * @return this
		 */
		public Builder column(String name, ColumnType type, int size) {
			Checks.checkNotEmpty(name, "name");
			Checks.checkNotNull(type, "type");
			int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
			Checks.checkInRange(nameBytes, 1, TableDescriptor.MAX_COLUMN_NAME_BYTES, "column name bytes");
			if (this.columns.containsKey(name)) {
				throw Checks.fail("name", "\"" + name + "\"", "a name not used by another column");
			}
			if (this.columns.size() == TableDescriptor.MAX_COLUMNS) {
				throw Checks.fail("columns", this.columns.size() + 1, "at most " + TableDescriptor.MAX_COLUMNS);
			}
			switch (type) {
				case INT -> {
					if (size != 1 && size != 2 && size != 4 && size != 8) {
						throw Checks.fail("size", size, "1, 2, 4 or 8 for an INT column");
					}
				}
				case FLOAT -> {
					if (size != 8) {
						throw Checks.fail("size", size, "8 for a FLOAT column");
					}
				}
				case STRING -> Checks.checkInRange(size, 1, 1 << 20, "size");
			}
			this.columns.put(name, new ColumnSpec(name, type, size));
			return this;
		}

		Builder hash(KeyHash hash) {
			this.hash = Checks.checkNotNull(hash, "hash");
			return this;
		}

		/**
		 * Returns the bytes the table will take, before creating it.
		 * @return the region size
		 * @throws IllegalStateException if no size was set
		 */
		public long memorySize() {
			int buckets = buckets();
			return TableDescriptor.memorySize(buckets, TableDescriptor.slices(buckets, this.conflictProportion),
					dataSize(offsets()));
		}

		/**
		 * Creates a table shared by the threads of this JVM.
		 * @return the table
		 */
		public Table create() {
			return init(SharedMemory.anonymous(memorySize()), false);
		}

		/**
		 * Creates a table in a named region ({@code /dev/shm/<sharedName>}, mode 0600)
		 * that other JVMs {@link Table#attach attach}; a stale region of that name is
		 * replaced. Closing this table removes the name.
		 * @param sharedName letters, digits, '.', '_' and '-'
		 * @return the table
		 */
		public Table create(String sharedName) {
			return init(SharedMemory.create(sharedName, memorySize()), true);
		}

		private int buckets() {
			if (this.size == 0) {
				throw new IllegalStateException("size: unset (expected: size(int) before create)");
			}
			return TableDescriptor.buckets(this.size);
		}

		private int[] offsets() {
			int[] offsets = new int[this.columns.size() + 1];
			int at = 0;
			int i = 0;
			for (ColumnSpec column : this.columns.values()) {
				int align = (column.type == ColumnType.STRING) ? 4 : column.size;
				at = TableDescriptor.align(at, align);
				offsets[i++] = at;
				at += (column.type == ColumnType.STRING) ? TableDescriptor.STRING_LENGTH_PREFIX + column.size
						: column.size;
			}
			offsets[i] = at;
			return offsets;
		}

		private static int dataSize(int[] offsets) {
			return TableDescriptor.align(offsets[offsets.length - 1], 8);
		}

		private Table init(SharedMemory memory, boolean named) {
			try {
				MemorySegment s = memory.segment();
				int buckets = buckets();
				int[] offsets = offsets();
				int dataSize = dataSize(offsets);
				s.set(ValueLayout.JAVA_INT, TableDescriptor.VERSION_OFFSET, TableDescriptor.VERSION);
				s.set(ValueLayout.JAVA_INT, TableDescriptor.FLAGS_OFFSET,
						(this.hash != KeyHash.DEFAULT) ? TableDescriptor.FLAG_CUSTOM_HASH : 0);
				s.set(ValueLayout.JAVA_INT, TableDescriptor.BUCKETS_OFFSET, buckets);
				s.set(ValueLayout.JAVA_INT, TableDescriptor.SLICES_OFFSET,
						TableDescriptor.slices(buckets, this.conflictProportion));
				s.set(ValueLayout.JAVA_INT, TableDescriptor.ROW_STRIDE_OFFSET, TableDescriptor.rowStride(dataSize));
				s.set(ValueLayout.JAVA_INT, TableDescriptor.DATA_SIZE_OFFSET, dataSize);
				s.set(ValueLayout.JAVA_INT, TableDescriptor.COLUMN_COUNT_OFFSET, this.columns.size());
				s.set(ValueLayout.JAVA_LONG, TableDescriptor.MEMORY_SIZE_OFFSET, memory.size());
				s.set(ValueLayout.JAVA_DOUBLE, TableDescriptor.CONFLICT_PROPORTION_OFFSET, this.conflictProportion);
				int i = 0;
				for (ColumnSpec column : this.columns.values()) {
					long entry = TableDescriptor.COLUMNS_OFFSET + (long) i * TableDescriptor.COLUMN_ENTRY_LENGTH;
					byte[] name = column.name.getBytes(StandardCharsets.UTF_8);
					s.set(ValueLayout.JAVA_INT, entry + TableDescriptor.COLUMN_TYPE, column.type.ordinal());
					s.set(ValueLayout.JAVA_INT, entry + TableDescriptor.COLUMN_SIZE, column.size);
					s.set(ValueLayout.JAVA_INT, entry + TableDescriptor.COLUMN_DATA_OFFSET, offsets[i]);
					s.set(ValueLayout.JAVA_INT, entry + TableDescriptor.COLUMN_NAME_LENGTH, name.length);
					MemorySegment.copy(name, 0, s, ValueLayout.JAVA_BYTE, entry + TableDescriptor.COLUMN_NAME,
							name.length);
					i++;
				}
				// published last: an attacher that sees the magic sees the whole header
				LONG.setRelease(s, MAGIC, TableDescriptor.MAGIC);
				return new Table(memory, named, this.hash);
			}
			catch (RuntimeException ex) {
				memory.unlink();
				memory.close();
				throw ex;
			}
		}

		private record ColumnSpec(String name, ColumnType type, int size) {
		}

	}

}
