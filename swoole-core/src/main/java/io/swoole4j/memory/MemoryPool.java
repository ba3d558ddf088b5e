package io.swoole4j.memory;

import java.lang.foreign.MemorySegment;

/**
 * A pool of memory blocks inside a {@link SharedMemory} region.
 * <p>
 * A block is identified by a <em>handle</em>: the {@code long} offset of its first
 * payload byte from the start of {@link #segment()}. Handles are plain numbers, so the
 * hot path allocates nothing on the heap, and they stay valid in every JVM that maps the
 * same named region (each maps it at a different address, but offsets do not change).
 * Read and write a block with {@code segment().get/set(layout, handle + i)}, or take a
 * {@link #slice(long) view} when convenience beats a few bytes of garbage.
 * <p>
 * Back-pressure is a return value: {@link #allocate(long)} answers {@link #NO_ROOM} when
 * the pool is full. Exceptions mean a broken contract: a size the pool can never serve, a
 * double free, or a handle the pool never gave. Each implementation states its threading
 * rule.
 *
 * @see FixedPool
 * @see RingBufferPool
 * @see GlobalMemory
 */
public interface MemoryPool extends AutoCloseable {

	/** What {@link #allocate(long)} returns when the pool has no room for the request. */
	long NO_ROOM = -1L;

	/**
	 * Allocates a block of at least {@code size} bytes, 8-byte aligned.
	 * @param size the payload size in bytes, from 1 to {@link #maxAllocationSize()}
	 * @return the block's handle, or {@link #NO_ROOM} if the pool is full right now
	 * @throws IllegalArgumentException if {@code size} can never be served
	 */
	long allocate(long size);

	/**
	 * Gives a block back.
	 * @param handle a handle this pool returned and that was not freed since
	 * @throws IllegalStateException if the block was already freed (the pool stays
	 * usable)
	 * @throws IllegalArgumentException if the handle is not a block of this pool (the
	 * pool stays usable)
	 */
	void free(long handle);

	/**
	 * Returns the whole region the pool lives in; handles are offsets into it.
	 * @return the region's segment
	 */
	MemorySegment segment();

	/**
	 * Returns a view of a live block's payload: exactly the usable bytes of the block.
	 * @param handle a live handle
	 * @return a new view (one small heap object)
	 */
	MemorySegment slice(long handle);

	/**
	 * Returns the largest size {@link #allocate(long)} accepts.
	 * @return the size in bytes
	 */
	long maxAllocationSize();

	/**
	 * Returns the read-only metrics view of this pool.
	 * @return the metric, the same object on every call
	 */
	MemoryPoolMetric metric();

	/**
	 * Releases what this pool holds in this JVM: the region itself if the pool created it
	 * (the {@code anonymous} factories), nothing else otherwise, since the caller owns a
	 * region it passed in. Handles must not be used afterwards.
	 */
	@Override
	void close();

}
