package io.swoole4j.memory;

import java.lang.foreign.MemorySegment;

import io.swoole4j.internal.Checks;

import static io.swoole4j.memory.PoolSupport.BLOCK_FREED;
import static io.swoole4j.memory.PoolSupport.BLOCK_HEADER;
import static io.swoole4j.memory.PoolSupport.BLOCK_LENGTH;
import static io.swoole4j.memory.PoolSupport.BLOCK_STATE;
import static io.swoole4j.memory.PoolSupport.BLOCK_USED;
import static io.swoole4j.memory.PoolSupport.INT;
import static io.swoole4j.memory.PoolSupport.LONG;
import static io.swoole4j.memory.RingBufferPoolDescriptor.ALLOCATED_BYTES_OFFSET;
import static io.swoole4j.memory.RingBufferPoolDescriptor.ALLOCATIONS_OFFSET;
import static io.swoole4j.memory.RingBufferPoolDescriptor.ALLOC_OFFSET;
import static io.swoole4j.memory.RingBufferPoolDescriptor.CAPACITY_OFFSET;
import static io.swoole4j.memory.RingBufferPoolDescriptor.COLLECT_OFFSET;
import static io.swoole4j.memory.RingBufferPoolDescriptor.DATA_OFFSET;
import static io.swoole4j.memory.RingBufferPoolDescriptor.FAILED_OFFSET;
import static io.swoole4j.memory.RingBufferPoolDescriptor.FREED_BYTES_OFFSET;
import static io.swoole4j.memory.RingBufferPoolDescriptor.FREES_OFFSET;
import static io.swoole4j.memory.RingBufferPoolDescriptor.HIGH_WATER_OFFSET;
import static io.swoole4j.memory.RingBufferPoolDescriptor.WRAPPED_OFFSET;

/**
 * Variable-size blocks laid out in a circle, freed in any order but reclaimed in
 * allocation order (Swoole's RingBuffer).
 * <p>
 * Algorithm: a block (8-byte header plus payload rounded up to 8) is cut at the alloc
 * position. When it does not fit before the end of the data area, the rest of the area
 * becomes a freed "skip" block and allocation wraps to the start, where it may grow only
 * up to the collect position; a block is never split across the end. A free only flips
 * the block's state from USED to FREED (one CAS, which also catches a double free).
 * Before each allocation the pool <em>collects</em>: it walks from the collect position
 * over FREED blocks and stops at the first USED one. So a block freed out of order is
 * reclaimed only once every block allocated before it is freed, and one long-lived block
 * holds back everything after it (head-of-line blocking). When the ring empties, both
 * positions return to the start.
 * <p>
 * Threading: <b>one allocating thread</b> at a time across all JVMs sharing the region
 * ({@link #allocate} and collection are single-producer, like Swoole's reactor thread);
 * {@link #free} may be called from any thread of any JVM mapping the region. This is the
 * server's packet path: the reactor thread allocates a packet slot, a worker frees it.
 * <p>
 * Metrics live in the region and cover every JVM. Used bytes are the bytes of live
 * blocks; bytes freed but not yet reclaimed are neither used nor free; the high-water
 * mark counts reserved bytes (live plus awaiting reclamation).
 */
public final class RingBufferPool extends AbstractRegionPool {

	private final long capacity;

	private final long dataEnd;

	private final Metric metric;

	private RingBufferPool(SharedMemory region, boolean ownsRegion) {
		super(region, ownsRegion);
		this.capacity = (long) LONG.get(this.segment, CAPACITY_OFFSET);
		this.dataEnd = DATA_OFFSET + this.capacity;
		this.metric = new Metric();
	}

	/**
	 * Builds a pool using all of a region, replacing whatever the region held.
	 * @param region the region, more than {@link RingBufferPoolDescriptor#DATA_OFFSET} +
	 * 8 bytes
	 * @return the pool; the caller still owns the region
	 * @throws IllegalArgumentException if the region is too small
	 */
	public static RingBufferPool create(SharedMemory region) {
		PoolSupport.checkRegionSize(region, RingBufferPoolDescriptor.requiredSize(2 * BLOCK_HEADER));
		format(region.segment(), (region.size() - DATA_OFFSET) & ~7L);
		return new RingBufferPool(region, false);
	}

	/**
	 * Uses a pool that {@link #create} built, typically in a named region mapped by
	 * another JVM (to free blocks there, or to read metrics).
	 * @param region the region
	 * @return the pool; the caller still owns the region
	 * @throws IllegalArgumentException if the region holds no RingBufferPool
	 */
	public static RingBufferPool attach(SharedMemory region) {
		PoolSupport.checkMagic(region, RingBufferPoolDescriptor.MAGIC, "RingBufferPool", DATA_OFFSET);
		return new RingBufferPool(region, false);
	}

	/**
	 * Builds a pool in a new anonymous region that the pool owns and releases on
	 * {@link #close()}.
	 * @param capacity data bytes (headers included), rounded up to 8, at least 16
	 * @return the pool
	 */
	public static RingBufferPool anonymous(long capacity) {
		Checks.checkInRange(capacity, 2 * BLOCK_HEADER, Long.MAX_VALUE - DATA_OFFSET - 8, "capacity");
		SharedMemory region = SharedMemory.anonymous(RingBufferPoolDescriptor.requiredSize(capacity));
		format(region.segment(), PoolSupport.align8(capacity));
		return new RingBufferPool(region, true);
	}

	private static void format(MemorySegment segment, long capacity) {
		INT.setVolatile(segment, PoolSupport.MAGIC_OFFSET, 0);
		segment.asSlice(0, DATA_OFFSET).fill((byte) 0);
		LONG.set(segment, CAPACITY_OFFSET, capacity);
		PoolSupport.publishMagic(segment, RingBufferPoolDescriptor.MAGIC);
	}

	/**
	 * Allocates a block. Only one thread (across all JVMs) may allocate at a time.
	 * @param size payload bytes, 1 to {@link #maxAllocationSize()}
	 * @return the handle, or {@link #NO_ROOM} if the ring has no room until older blocks
	 * are freed
	 * @throws IllegalArgumentException if size exceeds the ring
	 */
	@Override
	public long allocate(long size) {
		PoolSupport.checkSize(size, this.capacity - BLOCK_HEADER);
		MemorySegment segment = this.segment;
		long need = BLOCK_HEADER + PoolSupport.align8(size);
		collect(segment);
		long alloc = (long) LONG.get(segment, ALLOC_OFFSET);
		long collect = (long) LONG.get(segment, COLLECT_OFFSET);
		boolean wrapped = (long) LONG.get(segment, WRAPPED_OFFSET) != 0;
		long start;
		if (wrapped) {
			if (alloc + need > collect) {
				return fail(segment);
			}
			start = alloc;
		}
		else if (alloc + need <= this.capacity) {
			start = alloc;
		}
		else {
			if (need > collect) {
				return fail(segment);
			}
			if (alloc < this.capacity) {
				PoolSupport.writeBlockHeader(segment, DATA_OFFSET + alloc, BLOCK_FREED, this.capacity - alloc);
			}
			LONG.setRelease(segment, WRAPPED_OFFSET, 1L);
			start = 0;
		}
		long header = DATA_OFFSET + start;
		PoolSupport.writeBlockHeader(segment, header, BLOCK_USED, need);
		LONG.setRelease(segment, ALLOC_OFFSET, start + need);
		LONG.setRelease(segment, ALLOCATIONS_OFFSET, (long) LONG.get(segment, ALLOCATIONS_OFFSET) + 1);
		LONG.setRelease(segment, ALLOCATED_BYTES_OFFSET, (long) LONG.get(segment, ALLOCATED_BYTES_OFFSET) + need);
		long reserved = reserved(start + need, collect, start < alloc || wrapped);
		if (reserved > (long) LONG.get(segment, HIGH_WATER_OFFSET)) {
			LONG.setRelease(segment, HIGH_WATER_OFFSET, reserved);
		}
		return header + BLOCK_HEADER;
	}

	private long fail(MemorySegment segment) {
		LONG.setRelease(segment, FAILED_OFFSET, (long) LONG.get(segment, FAILED_OFFSET) + 1);
		return NO_ROOM;
	}

	private long reserved(long alloc, long collect, boolean wrapped) {
		return wrapped ? this.capacity - collect + alloc : alloc - collect;
	}

	private void collect(MemorySegment segment) {
		long alloc = (long) LONG.get(segment, ALLOC_OFFSET);
		long collect = (long) LONG.get(segment, COLLECT_OFFSET);
		boolean wrapped = (long) LONG.get(segment, WRAPPED_OFFSET) != 0;
		long start = collect;
		while (wrapped || collect < alloc) {
			if (wrapped && collect == this.capacity) {
				collect = 0;
				wrapped = false;
				continue;
			}
			long header = DATA_OFFSET + collect;
			// acquire: the freeing thread finished with the payload before its CAS
			if ((int) INT.getVolatile(segment, header + BLOCK_STATE) != BLOCK_FREED) {
				break;
			}
			collect += (int) INT.get(segment, header + BLOCK_LENGTH);
		}
		if (!wrapped && collect == alloc) {
			// empty: start over at the beginning, so the next blocks need no wrap
			collect = 0;
			if (alloc != 0) {
				LONG.setRelease(segment, ALLOC_OFFSET, 0L);
			}
		}
		if (collect != start) {
			LONG.setRelease(segment, COLLECT_OFFSET, collect);
		}
		if (!wrapped && (long) LONG.get(segment, WRAPPED_OFFSET) != 0) {
			LONG.setRelease(segment, WRAPPED_OFFSET, 0L);
		}
	}

	/**
	 * Frees a block; its memory is reused once every older block is freed too. Any thread
	 * of any JVM mapping the region may free.
	 * @param handle a live handle of this pool
	 * @throws IllegalStateException on a double free noticed before the block's memory
	 * was reused
	 * @throws IllegalArgumentException if the handle is not a block of this pool
	 */
	@Override
	public void free(long handle) {
		int length = PoolSupport.freeBlock(this.segment, handle, DATA_OFFSET + BLOCK_HEADER, this.dataEnd);
		PoolSupport.addLong(this.segment, FREES_OFFSET, 1L);
		PoolSupport.addLong(this.segment, FREED_BYTES_OFFSET, length);
	}

	@Override
	public MemorySegment slice(long handle) {
		if (handle < DATA_OFFSET + BLOCK_HEADER || handle >= this.dataEnd) {
			throw PoolSupport.notABlock(handle);
		}
		return this.segment.asSlice(handle, PoolSupport.blockLength(this.segment, handle) - BLOCK_HEADER);
	}

	@Override
	public long maxAllocationSize() {
		return this.capacity - BLOCK_HEADER;
	}

	/**
	 * Returns the payload bytes of a live block: the requested size rounded up to 8.
	 * @param handle a live handle
	 * @return the size in bytes
	 */
	public long blockSize(long handle) {
		return PoolSupport.blockLength(this.segment, handle) - BLOCK_HEADER;
	}

	@Override
	public MemoryPoolMetric metric() {
		return this.metric;
	}

	@Override
	public String toString() {
		return "RingBufferPool[" + this.metric.name() + ", " + this.capacity + " bytes]";
	}

	private final class Metric extends RegionMetric {

		Metric() {
			super("ring", RingBufferPool.this.region, ALLOCATIONS_OFFSET, FREES_OFFSET, FAILED_OFFSET,
					HIGH_WATER_OFFSET);
		}

		@Override
		public long capacityBytes() {
			return RingBufferPool.this.capacity;
		}

		@Override
		public long usedBytes() {
			return Math.max(0, read(ALLOCATED_BYTES_OFFSET) - read(FREED_BYTES_OFFSET));
		}

		@Override
		public long freeBytes() {
			long reserved = reserved(read(ALLOC_OFFSET), read(COLLECT_OFFSET), read(WRAPPED_OFFSET) != 0);
			return Math.clamp(RingBufferPool.this.capacity - reserved, 0, RingBufferPool.this.capacity);
		}

	}

}
