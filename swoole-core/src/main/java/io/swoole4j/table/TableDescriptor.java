package io.swoole4j.table;

import io.swoole4j.internal.Checks;

/**
 * The layout of a {@link Table} region: a header with the schema and the counters, then
 * the root rows (one per bucket), then the conflict slices. Everything inside refers to
 * other rows by index, never by address, so every JVM can map the region anywhere.
 *
 * <pre>
 * region
 * +--------------------------------------------------------------------+ 0
 * | header (HEADER_LENGTH = 4608 bytes)                                 |
 * |   0 magic "SWJTABLE" (long, written last)  8 version  12 flags     |
 * |  16 buckets  20 slices  24 rowStride  28 dataSize  32 columnCount   |
 * |  40 memorySize (long)  48 conflictProportion (double)              |
 * |  64 rowNum   128 inserts   192 updates   256 deletes  (one line     |
 * |     each: atomics written by different threads)                   |
 * | 320 conflicts  328 maxConflictDepth  (plain, approximate)          |
 * | 384 poolLock (long, owner pid:thread)  392 poolFreeHead (index+1)  |
 * | 396 poolBump (slices ever handed out)  400 poolUsed                |
 * | 512 columns[64] x 64 bytes:                                        |
 * |       +0 type  +4 size  +8 offset in data  +12 nameLength          |
 * |       +16 name (UTF-8, at most 48 bytes)                            |
 * +--------------------------------------------------------------------+ ROWS_OFFSET
 * | row 0 ... row buckets-1          root rows, row i = bucket i       |
 * | row buckets ... +slices-1        conflict slices (the pool)        |
 * +--------------------------------------------------------------------+ memorySize
 *
 * row (rowStride = align8(DATA + dataSize))
 * +0  lock     long  owner (pid &lt;&lt; 32 | thread tag), 0 = free; root rows only
 * +8  seq      int   bucket version, odd while a writer changes the chain
 * +12 next     int   index + 1 of the next row of the chain, 0 = end
 * +16 hash     int   the key's full hash
 * +20 keyLen   int   1..63, 0 = empty row
 * +24 key      64 bytes, zero padded
 * +88 data     the columns, each at its natural alignment
 * </pre> The root row's lock and seq guard its whole chain: a writer takes the lock,
 * makes seq odd, changes rows and makes seq even again; a reader reads seq, the rows, and
 * seq again and retries if it changed (a seqlock).
 */
public final class TableDescriptor {

	/** "SWJTABLE" in ASCII, little-endian. */
	public static final long MAGIC = 0x454C4241544A5753L;

	/** The layout version; a region of another version is refused. */
	public static final int VERSION = 1;

	/** Flag: the table was created with a hash function other than the default. */
	public static final int FLAG_CUSTOM_HASH = 1;

	public static final int MAGIC_OFFSET = 0;

	public static final int VERSION_OFFSET = 8;

	public static final int FLAGS_OFFSET = 12;

	public static final int BUCKETS_OFFSET = 16;

	public static final int SLICES_OFFSET = 20;

	public static final int ROW_STRIDE_OFFSET = 24;

	public static final int DATA_SIZE_OFFSET = 28;

	public static final int COLUMN_COUNT_OFFSET = 32;

	public static final int MEMORY_SIZE_OFFSET = 40;

	public static final int CONFLICT_PROPORTION_OFFSET = 48;

	public static final int ROW_NUM_OFFSET = 64;

	public static final int INSERTS_OFFSET = 128;

	public static final int UPDATES_OFFSET = 192;

	public static final int DELETES_OFFSET = 256;

	public static final int CONFLICTS_OFFSET = 320;

	public static final int MAX_DEPTH_OFFSET = 328;

	public static final int POOL_LOCK_OFFSET = 384;

	public static final int POOL_FREE_HEAD_OFFSET = 392;

	public static final int POOL_BUMP_OFFSET = 396;

	public static final int POOL_USED_OFFSET = 400;

	public static final int COLUMNS_OFFSET = 512;

	public static final int COLUMN_ENTRY_LENGTH = 64;

	public static final int COLUMN_TYPE = 0;

	public static final int COLUMN_SIZE = 4;

	public static final int COLUMN_DATA_OFFSET = 8;

	public static final int COLUMN_NAME_LENGTH = 12;

	public static final int COLUMN_NAME = 16;

	/** The longest column name in UTF-8 bytes. */
	public static final int MAX_COLUMN_NAME_BYTES = 48;

	/** The most columns a table can have. */
	public static final int MAX_COLUMNS = 64;

	public static final int HEADER_LENGTH = COLUMNS_OFFSET + MAX_COLUMNS * COLUMN_ENTRY_LENGTH;

	public static final int ROWS_OFFSET = HEADER_LENGTH;

	public static final int ROW_LOCK = 0;

	public static final int ROW_SEQ = 8;

	public static final int ROW_NEXT = 12;

	public static final int ROW_HASH = 16;

	public static final int ROW_KEY_LENGTH = 20;

	public static final int ROW_KEY = 24;

	/** Bytes reserved for the key: 63 plus padding to a multiple of 8. */
	public static final int KEY_CAPACITY = 64;

	/** The longest key in bytes (Swoole's {@code SW_TABLE_KEY_SIZE - 1}). */
	public static final int MAX_KEY_BYTES = 63;

	public static final int ROW_DATA = ROW_KEY + KEY_CAPACITY;

	/** The smallest bucket count (Swoole's 2^6). */
	public static final int MIN_BUCKETS = 64;

	/** The largest bucket count. */
	public static final int MAX_BUCKETS = 1 << 30;

	/** Bytes before a string column's bytes: its length as an int. */
	public static final int STRING_LENGTH_PREFIX = 4;

	private TableDescriptor() {
	}

	/**
	 * Rounds a requested size up to the bucket count: a power of two, at least
	 * {@link #MIN_BUCKETS} (1 becomes 64, 100 becomes 128).
	 * @param size the requested number of rows, 1 to 2^30
	 * @return the bucket count
	 */
	public static int buckets(int size) {
		Checks.checkInRange(size, 1, MAX_BUCKETS, "size");
		int rounded = (size <= 1) ? 1 : Integer.highestOneBit(size - 1) << 1;
		return Math.max(MIN_BUCKETS, rounded);
	}

	/**
	 * Returns the number of conflict slices: {@code buckets * proportion}, at least 1.
	 * @param buckets the bucket count
	 * @param conflictProportion 0.2 to 1.0
	 * @return the slice count
	 */
	public static int slices(int buckets, double conflictProportion) {
		return Math.max(1, (int) (buckets * conflictProportion));
	}

	/**
	 * Returns a row's stride.
	 * @param dataSize the bytes of all columns
	 * @return {@code align8(ROW_DATA + dataSize)}
	 */
	public static int rowStride(int dataSize) {
		return align(ROW_DATA + dataSize, 8);
	}

	/**
	 * Returns the bytes of a region.
	 * @param buckets the bucket count
	 * @param slices the conflict slices
	 * @param dataSize the bytes of all columns
	 * @return header plus all rows
	 */
	public static long memorySize(int buckets, int slices, int dataSize) {
		return ROWS_OFFSET + ((long) buckets + slices) * rowStride(dataSize);
	}

	/**
	 * Returns the offset of a row.
	 * @param index the row index
	 * @param rowStride the stride
	 * @return its offset in the region
	 */
	public static long rowOffset(int index, int rowStride) {
		return ROWS_OFFSET + (long) index * rowStride;
	}

	static int align(int value, int alignment) {
		return (value + alignment - 1) & -alignment;
	}

}
