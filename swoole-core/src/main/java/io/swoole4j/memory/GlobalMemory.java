package io.swoole4j.memory;

import java.lang.foreign.MemorySegment;

import io.swoole4j.internal.Checks;

import static io.swoole4j.memory.GlobalMemoryDescriptor.ALLOCATIONS_OFFSET;
import static io.swoole4j.memory.GlobalMemoryDescriptor.DATA_OFFSET;
import static io.swoole4j.memory.GlobalMemoryDescriptor.FAILED_OFFSET;
import static io.swoole4j.memory.GlobalMemoryDescriptor.FREES_OFFSET;
import static io.swoole4j.memory.GlobalMemoryDescriptor.HIGH_WATER_OFFSET;
import static io.swoole4j.memory.GlobalMemoryDescriptor.PAGE_COUNT_OFFSET;
import static io.swoole4j.memory.GlobalMemoryDescriptor.PAGE_SIZE_OFFSET;
import static io.swoole4j.memory.GlobalMemoryDescriptor.POSITION_OFFSET;
import static io.swoole4j.memory.PoolSupport.BLOCK_HEADER;
import static io.swoole4j.memory.PoolSupport.BLOCK_USED;
import static io.swoole4j.memory.PoolSupport.LONG;

/**
 * A bump allocator for memory that lives as long as the server (Swoole's MemoryGlobal):
 * connection tables, worker records, pools made at start-up.
 * <p>
 * Algorithm: the region is cut into pages of equal size. One position word in the region
 * is bumped by compare-and-set; a block that does not fit in the rest of the current page
 * starts the next page, and the region full means {@link #NO_ROOM}. A request larger than
 * a page can never be served and fails with an exception. Returned memory is zeroed.
 * <p>
 * Freeing: memory is never reused block by block. {@link #free} only marks the block
 * freed (so a double free or a foreign handle is still caught, and counted in the
 * metrics); the memory comes back all at once with {@link #reset()}, or with
 * {@link #close()} for a pool that owns its region.
 * <p>
 * Threading: {@link #allocate} and {@link #free} are safe from any thread of any JVM
 * mapping the region. Build shared objects before starting the workers that use them, and
 * pass them the region name. Metrics live in the region and cover every JVM.
 */
public final class GlobalMemory extends AbstractRegionPool {

	private final long pageSize;

	private final long capacity;

	private final Metric metric;

	private GlobalMemory(SharedMemory region, boolean ownsRegion) {
		super(region, ownsRegion);
		this.pageSize = (long) LONG.get(this.segment, PAGE_SIZE_OFFSET);
		this.capacity = this.pageSize * (long) LONG.get(this.segment, PAGE_COUNT_OFFSET);
		this.metric = new Metric();
	}

	/**
	 * Builds a global memory with as many pages as fit in a region, replacing whatever
	 * the region held.
	 * @param region the region
	 * @param pageSize a power of 2, at least {@link GlobalMemoryDescriptor#MIN_PAGE_SIZE}
	 * @return the global memory; the caller still owns the region
	 * @throws IllegalArgumentException if the page size is invalid or no page fits
	 */
	public static GlobalMemory create(SharedMemory region, int pageSize) {
		checkPageSize(pageSize);
		PoolSupport.checkRegionSize(region, GlobalMemoryDescriptor.requiredSize(pageSize, 1));
		format(region.segment(), pageSize, (region.size() - DATA_OFFSET) / pageSize);
		return new GlobalMemory(region, false);
	}

	/**
	 * Uses a global memory that {@link #create} built, typically in a named region mapped
	 * by another JVM.
	 * @param region the region
	 * @return the global memory; the caller still owns the region
	 * @throws IllegalArgumentException if the region holds no GlobalMemory
	 */
	public static GlobalMemory attach(SharedMemory region) {
		PoolSupport.checkMagic(region, GlobalMemoryDescriptor.MAGIC, "GlobalMemory", DATA_OFFSET);
		return new GlobalMemory(region, false);
	}

	/**
	 * Builds a global memory in a new anonymous region that it owns and releases on
	 * {@link #close()}.
	 * @param pageSize a power of 2, at least {@link GlobalMemoryDescriptor#MIN_PAGE_SIZE}
	 * @param pageCount the number of pages, &gt; 0
	 * @return the global memory
	 */
	public static GlobalMemory anonymous(int pageSize, int pageCount) {
		checkPageSize(pageSize);
		Checks.checkPositive(pageCount, "pageCount");
		SharedMemory region = SharedMemory.anonymous(GlobalMemoryDescriptor.requiredSize(pageSize, pageCount));
		format(region.segment(), pageSize, pageCount);
		return new GlobalMemory(region, true);
	}

	private static void checkPageSize(int pageSize) {
		Checks.checkPowerOfTwo(pageSize, "pageSize");
		Checks.checkInRange(pageSize, GlobalMemoryDescriptor.MIN_PAGE_SIZE, 1 << 30, "pageSize");
	}

	private static void format(MemorySegment segment, long pageSize, long pageCount) {
		PoolSupport.INT.setVolatile(segment, PoolSupport.MAGIC_OFFSET, 0);
		segment.asSlice(0, DATA_OFFSET).fill((byte) 0);
		LONG.set(segment, PAGE_SIZE_OFFSET, pageSize);
		LONG.set(segment, PAGE_COUNT_OFFSET, pageCount);
		PoolSupport.publishMagic(segment, GlobalMemoryDescriptor.MAGIC);
	}

	/**
	 * Allocates a zeroed block.
	 * @param size payload bytes, 1 to {@link #maxAllocationSize()} (a page less the block
	 * header)
	 * @return the handle, or {@link #NO_ROOM} if the region's pages are used up
	 * @throws IllegalArgumentException if size exceeds a page
	 */
	@Override
	public long allocate(long size) {
		PoolSupport.checkSize(size, maxAllocationSize());
		MemorySegment segment = this.segment;
		long need = BLOCK_HEADER + PoolSupport.align8(size);
		long mask = this.pageSize - 1;
		while (true) {
			long position = (long) LONG.getVolatile(segment, POSITION_OFFSET);
			long start = position;
			if ((position & mask) + need > this.pageSize) {
				start = (position | mask) + 1;
			}
			long end = start + need;
			if (end > this.capacity) {
				PoolSupport.addLong(segment, FAILED_OFFSET, 1L);
				return NO_ROOM;
			}
			if (LONG.compareAndSet(segment, POSITION_OFFSET, position, end)) {
				long header = DATA_OFFSET + start;
				// memory handed back by reset() still holds old data
				segment.asSlice(header + BLOCK_HEADER, need - BLOCK_HEADER).fill((byte) 0);
				PoolSupport.writeBlockHeader(segment, header, BLOCK_USED, need);
				PoolSupport.addLong(segment, ALLOCATIONS_OFFSET, 1L);
				raiseHighWater(segment, end);
				return header + BLOCK_HEADER;
			}
		}
	}

	private static void raiseHighWater(MemorySegment segment, long used) {
		long mark = (long) LONG.getVolatile(segment, HIGH_WATER_OFFSET);
		while (used > mark) {
			long witness = (long) LONG.compareAndExchange(segment, HIGH_WATER_OFFSET, mark, used);
			if (witness == mark) {
				return;
			}
			mark = witness;
		}
	}

	/**
	 * Marks a block freed. Its memory is <b>not</b> reused until {@link #reset()}.
	 * @param handle a live handle of this global memory
	 * @throws IllegalStateException on a double free
	 * @throws IllegalArgumentException if the handle is not a block of this memory
	 */
	@Override
	public void free(long handle) {
		long position = (long) LONG.getVolatile(this.segment, POSITION_OFFSET);
		PoolSupport.freeBlock(this.segment, handle, DATA_OFFSET + BLOCK_HEADER, DATA_OFFSET + position);
		PoolSupport.addLong(this.segment, FREES_OFFSET, 1L);
	}

	/**
	 * Makes all memory available again. Every handle given out before becomes invalid;
	 * call it only when no thread of any JVM uses a block (for example between two runs
	 * of a server). Counters are kept.
	 */
	public void reset() {
		LONG.setVolatile(this.segment, POSITION_OFFSET, 0L);
	}

	@Override
	public MemorySegment slice(long handle) {
		if (handle < DATA_OFFSET + BLOCK_HEADER || handle >= DATA_OFFSET + this.capacity) {
			throw PoolSupport.notABlock(handle);
		}
		return this.segment.asSlice(handle, PoolSupport.blockLength(this.segment, handle) - BLOCK_HEADER);
	}

	@Override
	public long maxAllocationSize() {
		return this.pageSize - BLOCK_HEADER;
	}

	/**
	 * Returns the page size.
	 * @return the size in bytes
	 */
	public long pageSize() {
		return this.pageSize;
	}

	@Override
	public MemoryPoolMetric metric() {
		return this.metric;
	}

	@Override
	public String toString() {
		return "GlobalMemory[" + this.metric.name() + ", " + this.capacity / this.pageSize + " x " + this.pageSize
				+ " bytes]";
	}

	private final class Metric extends RegionMetric {

		Metric() {
			super("global", GlobalMemory.this.region, ALLOCATIONS_OFFSET, FREES_OFFSET, FAILED_OFFSET,
					HIGH_WATER_OFFSET);
		}

		@Override
		public long capacityBytes() {
			return GlobalMemory.this.capacity;
		}

		/** Bytes bumped past since the last reset, page ends skipped included. */
		@Override
		public long usedBytes() {
			return read(POSITION_OFFSET);
		}

		@Override
		public long freeBytes() {
			return GlobalMemory.this.capacity - usedBytes();
		}

	}

}
