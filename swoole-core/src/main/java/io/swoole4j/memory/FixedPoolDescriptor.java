package io.swoole4j.memory;

/**
 * Layout of a {@link FixedPool} in its region. All offsets are from the region start;
 * every link is a slice index, never an address.
 *
 * <pre>
 *   0                   4                   8
 *   +-------------------+-------------------+
 *   | magic 'SWFP'      | layout version    |  0
 *   +-------------------+-------------------+
 *   | slice size (payload bytes, 8-aligned) |  8
 *   +-------------------+-------------------+
 *   | slice count       | (unused)          | 16
 *   +-------------------+-------------------+
 *   | stride = SLICE_HEADER + slice size    | 24
 *   +---------------------------------------+
 *   | ... padding to the next cache line    |
 *   +-------------------+-------------------+
 *   | head: tag (32)    | top index + 1 (32)| 64  own cache line; CAS target
 *   +-------------------+-------------------+
 *   | high-water mark: slices ever in use   | 128 own cache line
 *   | at once                               |
 *   +---------------------------------------+
 *   | slice 0 | slice 1 | ... | slice n-1   | 192 = SLICES_OFFSET
 *   +---------------------------------------+
 *
 *   slice i at SLICES_OFFSET + i * stride:
 *   +-------------------+-------------------+------------------------+
 *   | link              | own index i       | payload (slice size)   |
 *   +-------------------+-------------------+------------------------+
 *   link: USED (-1) while allocated; when free, the next free slice's index + 1
 *   (0 ends the list). The handle is the payload's offset.
 * </pre>
 *
 * The free slices form a lock-free stack (Treiber stack). The head word packs a 32-bit
 * tag with the top slice: every successful CAS bumps the tag, so a thread that read the
 * head, slept while the top slice was taken and given back, and then retries its CAS,
 * fails instead of installing a stale next link (the ABA problem). The tag wraps after
 * 2^32 operations, far beyond any preemption window.
 */
public final class FixedPoolDescriptor {

	/** 'SWFP'. */
	public static final int MAGIC = 0x53574650;

	/** Offset of the slice size. */
	public static final long SLICE_SIZE_OFFSET = 8;

	/** Offset of the slice count. */
	public static final long SLICE_COUNT_OFFSET = 16;

	/** Offset of the stride between slices. */
	public static final long STRIDE_OFFSET = 24;

	/** Offset of the tagged head of the free stack. */
	public static final long HEAD_OFFSET = 64;

	/** Offset of the high-water mark. */
	public static final long HIGH_WATER_OFFSET = 128;

	/** Offset of the first slice. */
	public static final long SLICES_OFFSET = 192;

	/** Bytes before each payload. */
	public static final long SLICE_HEADER = 8;

	/** Offset of a slice's link within its header. */
	public static final long LINK_OFFSET = 0;

	/** Offset of a slice's own index within its header. */
	public static final long INDEX_OFFSET = 4;

	/** Link value of an allocated slice. */
	public static final int USED = -1;

	/** Largest slice count: the head keeps index + 1 in 32 bits and USED is -1. */
	public static final int MAX_SLICE_COUNT = Integer.MAX_VALUE - 1;

	private FixedPoolDescriptor() {
	}

	/**
	 * Returns the region size a pool needs.
	 * @param sliceSize payload bytes per slice, rounded up to 8
	 * @param sliceCount the number of slices
	 * @return the size in bytes
	 */
	public static long requiredSize(long sliceSize, long sliceCount) {
		return SLICES_OFFSET + sliceCount * stride(sliceSize);
	}

	/**
	 * Returns the distance between two slices.
	 * @param sliceSize payload bytes per slice
	 * @return header plus payload rounded up to 8
	 */
	public static long stride(long sliceSize) {
		return SLICE_HEADER + PoolSupport.align8(sliceSize);
	}

}
