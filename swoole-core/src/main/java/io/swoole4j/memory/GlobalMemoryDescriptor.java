package io.swoole4j.memory;

/**
 * Layout of a {@link GlobalMemory} in its region. Offsets are from the region start; the
 * position is relative to {@link #DATA_OFFSET}.
 *
 * <pre>
 *   0                   4                   8
 *   +-------------------+-------------------+
 *   | magic 'SWGM'      | layout version    |   0
 *   +-------------------+-------------------+
 *   | page size (power of 2)                |   8
 *   | page count                            |  16
 *   +---------------------------------------+
 *   | ... padding                           |
 *   +---------------------------------------+
 *   | position: next free byte (CAS target) |  64
 *   | allocations                           |  72
 *   | frees                                 |  80
 *   | failed allocations                    |  88
 *   | high-water mark (bytes)               |  96
 *   +---------------------------------------+
 *   | ... padding                           |
 *   +---------------------------------------+
 *   | page 0 | page 1 | ... | page n-1      | 128 = DATA_OFFSET
 *   +---------------------------------------+
 *
 *   block: +-----------+------------+------------------------------+
 *          | state     | length     | payload (8-aligned, zeroed)  |
 *          +-----------+------------+------------------------------+
 *   state USED or FREED; length covers header and payload. A block never crosses a
 *   page boundary: when it does not fit, the rest of the page stays unused and the
 *   block starts the next page.
 * </pre>
 */
public final class GlobalMemoryDescriptor {

	/** 'SWGM'. */
	public static final int MAGIC = 0x5357474D;

	/** Offset of the page size. */
	public static final long PAGE_SIZE_OFFSET = 8;

	/** Offset of the page count. */
	public static final long PAGE_COUNT_OFFSET = 16;

	/** Offset of the bump position. */
	public static final long POSITION_OFFSET = 64;

	/** Offset of the allocation count. */
	public static final long ALLOCATIONS_OFFSET = 72;

	/** Offset of the free count. */
	public static final long FREES_OFFSET = 80;

	/** Offset of the failed allocation count. */
	public static final long FAILED_OFFSET = 88;

	/** Offset of the high-water mark. */
	public static final long HIGH_WATER_OFFSET = 96;

	/** Offset of the first page. */
	public static final long DATA_OFFSET = 128;

	/** Smallest page size. */
	public static final int MIN_PAGE_SIZE = 4096;

	/**
	 * Swoole's global pool page: 2 MiB, large enough for a connection table slice or a
	 * worker array in one piece.
	 */
	public static final int DEFAULT_PAGE_SIZE = 2 * 1024 * 1024;

	private GlobalMemoryDescriptor() {
	}

	/**
	 * Returns the region size for a number of pages.
	 * @param pageSize the page size
	 * @param pageCount the number of pages
	 * @return the size in bytes
	 */
	public static long requiredSize(int pageSize, int pageCount) {
		return DATA_OFFSET + (long) pageSize * pageCount;
	}

}
