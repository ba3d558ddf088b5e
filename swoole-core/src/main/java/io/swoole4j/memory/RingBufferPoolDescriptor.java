package io.swoole4j.memory;

/**
 * Layout of a {@link RingBufferPool} in its region. Offsets are from the region start;
 * positions inside the data area are relative to {@link #DATA_OFFSET}.
 *
 * <pre>
 *   0                   4                   8
 *   +-------------------+-------------------+
 *   | magic 'SWRB'      | layout version    |   0
 *   +-------------------+-------------------+
 *   | data capacity (bytes, multiple of 8)  |   8
 *   +---------------------------------------+
 *   | ... padding                           |
 *   +---------------------------------------+  written by the allocating thread only:
 *   | alloc position                        |  64
 *   | collect position (oldest block)       |  72
 *   | wrapped (1 while alloc is behind      |  80
 *   |          collect after a wrap)        |
 *   | allocations                           |  88
 *   | allocated bytes (total, headers incl.)|  96
 *   | failed allocations                    | 104
 *   | high-water mark (reserved bytes)      | 112
 *   +---------------------------------------+  atomically added to by freeing threads:
 *   | frees                                 | 128
 *   | freed bytes                           | 136
 *   +---------------------------------------+
 *   | ... padding                           |
 *   +---------------------------------------+
 *   | data area: blocks, back to back       | 192 = DATA_OFFSET
 *   +---------------------------------------+
 *
 *   block: +-----------+------------+------------------------------+
 *          | state     | length     | payload (8-aligned)          |
 *          +-----------+------------+------------------------------+
 *   state: USED, or FREED (also marks the skip block that fills the end of the data
 *   area when a block does not fit there); length covers header and payload.
 * </pre>
 *
 * Live blocks lie from the collect position up to the alloc position, wrapping at the end
 * of the data area. Allocation writes at the alloc position; collection walks from the
 * collect position over FREED blocks and stops at the first USED one.
 */
public final class RingBufferPoolDescriptor {

	/** 'SWRB'. */
	public static final int MAGIC = 0x53575242;

	/** Offset of the data capacity. */
	public static final long CAPACITY_OFFSET = 8;

	/** Offset of the alloc position. */
	public static final long ALLOC_OFFSET = 64;

	/** Offset of the collect position. */
	public static final long COLLECT_OFFSET = 72;

	/** Offset of the wrapped flag. */
	public static final long WRAPPED_OFFSET = 80;

	/** Offset of the allocation count. */
	public static final long ALLOCATIONS_OFFSET = 88;

	/** Offset of the allocated byte total. */
	public static final long ALLOCATED_BYTES_OFFSET = 96;

	/** Offset of the failed allocation count. */
	public static final long FAILED_OFFSET = 104;

	/** Offset of the high-water mark. */
	public static final long HIGH_WATER_OFFSET = 112;

	/** Offset of the free count. */
	public static final long FREES_OFFSET = 128;

	/** Offset of the freed byte total. */
	public static final long FREED_BYTES_OFFSET = 136;

	/** Offset of the data area. */
	public static final long DATA_OFFSET = 192;

	/** Bytes before each payload. */
	public static final long BLOCK_HEADER = PoolSupport.BLOCK_HEADER;

	private RingBufferPoolDescriptor() {
	}

	/**
	 * Returns the region size a pool with this data capacity needs.
	 * @param capacity data bytes, rounded up to 8
	 * @return the size in bytes
	 */
	public static long requiredSize(long capacity) {
		return DATA_OFFSET + PoolSupport.align8(capacity);
	}

}
