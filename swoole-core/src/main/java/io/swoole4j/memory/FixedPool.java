package io.swoole4j.memory;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.LongAdder;

import io.swoole4j.internal.Checks;

import static io.swoole4j.memory.FixedPoolDescriptor.HEAD_OFFSET;
import static io.swoole4j.memory.FixedPoolDescriptor.HIGH_WATER_OFFSET;
import static io.swoole4j.memory.FixedPoolDescriptor.INDEX_OFFSET;
import static io.swoole4j.memory.FixedPoolDescriptor.LINK_OFFSET;
import static io.swoole4j.memory.FixedPoolDescriptor.SLICES_OFFSET;
import static io.swoole4j.memory.FixedPoolDescriptor.SLICE_HEADER;
import static io.swoole4j.memory.FixedPoolDescriptor.USED;
import static io.swoole4j.memory.PoolSupport.INT;
import static io.swoole4j.memory.PoolSupport.LONG;

/**
 * Equally sized slices, allocated and freed in any order in O(1) (Swoole's FixedPool).
 * <p>
 * Algorithm: the free slices form a lock-free stack whose head is one 64-bit word in the
 * region, changed only by compare-and-set; the head carries a tag that every change
 * bumps, so a stale CAS fails (see {@link FixedPoolDescriptor}). Freed slices are reused
 * last-in first-out, which keeps the hot slices in cache. Each slice's header holds its
 * state: a free is a CAS from {@code USED}, so a double free is caught for the price of
 * that one CAS, and a handle is checked against the slice index stored in its header, so
 * a foreign handle is refused.
 * <p>
 * Threading: every method may be called from any thread of any JVM that maps the region;
 * a slice allocated in one JVM may be freed in another. There is no per-thread cache, so
 * a slice is never stranded.
 * <p>
 * Metrics: {@link MemoryPoolMetric#slicesUsed() used slices} and the high-water mark come
 * from the region and so cover every JVM; used slices are counted by scanning the slice
 * states (O(slice count) per read, nothing on the hot path). Allocation, free and failure
 * counts are this JVM's only, kept in striped counters.
 */
public final class FixedPool extends AbstractRegionPool {

	private final long sliceSize;

	private final long stride;

	private final int sliceCount;

	private final long end;

	private final LongAdder allocations = new LongAdder();

	private final LongAdder frees = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final Metric metric;

	private FixedPool(SharedMemory region, boolean ownsRegion) {
		super(region, ownsRegion);
		this.sliceSize = (long) LONG.get(this.segment, FixedPoolDescriptor.SLICE_SIZE_OFFSET);
		this.sliceCount = (int) INT.get(this.segment, FixedPoolDescriptor.SLICE_COUNT_OFFSET);
		this.stride = (long) LONG.get(this.segment, FixedPoolDescriptor.STRIDE_OFFSET);
		this.end = SLICES_OFFSET + this.sliceCount * this.stride;
		this.metric = new Metric();
	}

	/**
	 * Builds a pool of exactly {@code sliceCount} slices at the start of a region,
	 * replacing whatever the region held.
	 * @param region the region, at least {@link FixedPoolDescriptor#requiredSize} bytes
	 * @param sliceSize payload bytes per slice, rounded up to 8
	 * @param sliceCount the number of slices, 1 to
	 * {@link FixedPoolDescriptor#MAX_SLICE_COUNT}
	 * @return the pool; the caller still owns the region
	 * @throws IllegalArgumentException if a setting is out of range or the region too
	 * small
	 */
	public static FixedPool create(SharedMemory region, long sliceSize, int sliceCount) {
		Checks.checkInRange(sliceSize, 1, Integer.MAX_VALUE, "sliceSize");
		Checks.checkInRange(sliceCount, 1, FixedPoolDescriptor.MAX_SLICE_COUNT, "sliceCount");
		PoolSupport.checkRegionSize(region, FixedPoolDescriptor.requiredSize(sliceSize, sliceCount));
		format(region.segment(), PoolSupport.align8(sliceSize), sliceCount);
		return new FixedPool(region, false);
	}

	/**
	 * Builds a pool with as many slices as fit in the region.
	 * @param region the region
	 * @param sliceSize payload bytes per slice, rounded up to 8
	 * @return the pool; {@code metric().slicesTotal()} says how many slices fit
	 * @throws IllegalArgumentException if not even one slice fits
	 */
	public static FixedPool createFitting(SharedMemory region, long sliceSize) {
		Checks.checkNotNull(region, "region");
		Checks.checkInRange(sliceSize, 1, Integer.MAX_VALUE, "sliceSize");
		long fit = (region.size() - SLICES_OFFSET) / FixedPoolDescriptor.stride(sliceSize);
		return create(region, sliceSize, Math.clamp(fit, 0, FixedPoolDescriptor.MAX_SLICE_COUNT));
	}

	/**
	 * Uses a pool that {@link #create} built in a region, typically a named region mapped
	 * by another JVM.
	 * @param region the region
	 * @return the pool; the caller still owns the region
	 * @throws IllegalArgumentException if the region holds no FixedPool
	 */
	public static FixedPool attach(SharedMemory region) {
		PoolSupport.checkMagic(region, FixedPoolDescriptor.MAGIC, "FixedPool", SLICES_OFFSET);
		return new FixedPool(region, false);
	}

	/**
	 * Builds a pool in a new anonymous region that the pool owns and releases on
	 * {@link #close()}.
	 * @param sliceSize payload bytes per slice, rounded up to 8
	 * @param sliceCount the number of slices
	 * @return the pool
	 */
	public static FixedPool anonymous(long sliceSize, int sliceCount) {
		Checks.checkInRange(sliceSize, 1, Integer.MAX_VALUE, "sliceSize");
		Checks.checkInRange(sliceCount, 1, FixedPoolDescriptor.MAX_SLICE_COUNT, "sliceCount");
		SharedMemory region = SharedMemory.anonymous(FixedPoolDescriptor.requiredSize(sliceSize, sliceCount));
		format(region.segment(), PoolSupport.align8(sliceSize), sliceCount);
		return new FixedPool(region, true);
	}

	private static void format(MemorySegment segment, long sliceSize, int sliceCount) {
		INT.setVolatile(segment, PoolSupport.MAGIC_OFFSET, 0);
		long stride = FixedPoolDescriptor.stride(sliceSize);
		LONG.set(segment, FixedPoolDescriptor.SLICE_SIZE_OFFSET, sliceSize);
		INT.set(segment, FixedPoolDescriptor.SLICE_COUNT_OFFSET, sliceCount);
		LONG.set(segment, FixedPoolDescriptor.STRIDE_OFFSET, stride);
		for (int i = 0; i < sliceCount; i++) {
			long header = SLICES_OFFSET + i * stride;
			// slice i links to slice i + 1, stored as index + 1; the last to 0 (end)
			INT.set(segment, header + LINK_OFFSET, (i + 1 < sliceCount) ? i + 2 : 0);
			INT.set(segment, header + INDEX_OFFSET, i);
		}
		LONG.set(segment, HIGH_WATER_OFFSET, 0L);
		LONG.set(segment, HEAD_OFFSET, 1L);
		PoolSupport.publishMagic(segment, FixedPoolDescriptor.MAGIC);
	}

	/**
	 * Allocates one slice.
	 * @return the slice's handle, or {@link #NO_ROOM} if all slices are in use
	 */
	public long allocate() {
		MemorySegment segment = this.segment;
		while (true) {
			long head = (long) LONG.getVolatile(segment, HEAD_OFFSET);
			int top = (int) head;
			if (top == 0) {
				this.failed.increment();
				return NO_ROOM;
			}
			long header = SLICES_OFFSET + (top - 1) * this.stride;
			// may read a link another thread is changing; then the head changed too and
			// the CAS below fails
			int next = (int) INT.getVolatile(segment, header + LINK_OFFSET);
			if (LONG.compareAndSet(segment, HEAD_OFFSET, head, retag(head, next))) {
				INT.setRelease(segment, header + LINK_OFFSET, USED);
				raiseHighWater(segment, top);
				this.allocations.increment();
				return header + SLICE_HEADER;
			}
		}
	}

	/**
	 * Allocates one slice if {@code size} fits in it.
	 * @param size 1 to the slice size
	 * @return the slice's handle, or {@link #NO_ROOM} if all slices are in use
	 * @throws IllegalArgumentException if size exceeds the slice size
	 */
	@Override
	public long allocate(long size) {
		PoolSupport.checkSize(size, this.sliceSize);
		return allocate();
	}

	@Override
	public void free(long handle) {
		MemorySegment segment = this.segment;
		long header = handle - SLICE_HEADER;
		int index = sliceIndex(segment, handle);
		long head = (long) LONG.getVolatile(segment, HEAD_OFFSET);
		// the one CAS that both detects a double free and links the slice to the top
		int state = (int) INT.compareAndExchange(segment, header + LINK_OFFSET, USED, (int) head);
		if (state != USED) {
			throw new IllegalStateException("Double free of slice " + index + " (handle " + handle + ")");
		}
		while (!LONG.compareAndSet(segment, HEAD_OFFSET, head, retag(head, index + 1))) {
			head = (long) LONG.getVolatile(segment, HEAD_OFFSET);
			INT.setRelease(segment, header + LINK_OFFSET, (int) head);
		}
		this.frees.increment();
	}

	private int sliceIndex(MemorySegment segment, long handle) {
		if (handle < SLICES_OFFSET + SLICE_HEADER || handle >= this.end || (handle & 7) != 0) {
			throw PoolSupport.notABlock(handle);
		}
		// a handle that is not a payload start reads payload bytes here; the index then
		// cannot map back to that handle, since only payload starts do
		int index = (int) INT.get(segment, handle - SLICE_HEADER + INDEX_OFFSET);
		if (index < 0 || index >= this.sliceCount || SLICES_OFFSET + index * this.stride + SLICE_HEADER != handle) {
			throw PoolSupport.notABlock(handle);
		}
		return index;
	}

	private static long retag(long head, int top) {
		return (((head >>> 32) + 1) << 32) | (top & 0xFFFF_FFFFL);
	}

	private static void raiseHighWater(MemorySegment segment, int top) {
		// LIFO from an ordered stack: slice k is first handed out only when slices 0..k-1
		// are all in use, so the highest index ever handed out + 1 is the peak in use
		long mark = (long) LONG.getOpaque(segment, HIGH_WATER_OFFSET);
		while (top > mark) {
			long witness = (long) LONG.compareAndExchange(segment, HIGH_WATER_OFFSET, mark, (long) top);
			if (witness == mark) {
				return;
			}
			mark = witness;
		}
	}

	@Override
	public MemorySegment slice(long handle) {
		sliceIndex(this.segment, handle);
		return this.segment.asSlice(handle, this.sliceSize);
	}

	@Override
	public long maxAllocationSize() {
		return this.sliceSize;
	}

	/**
	 * Returns the payload bytes of every slice.
	 * @return the slice size, a multiple of 8
	 */
	public long sliceSize() {
		return this.sliceSize;
	}

	/**
	 * Returns the number of slices.
	 * @return the count
	 */
	public int sliceCount() {
		return this.sliceCount;
	}

	@Override
	public MemoryPoolMetric metric() {
		return this.metric;
	}

	@Override
	public String toString() {
		return "FixedPool[" + this.metric.name() + ", " + this.sliceCount + " x " + this.sliceSize + " bytes]";
	}

	private final class Metric implements MemoryPoolMetric {

		private final String name = PoolSupport.name("fixed", FixedPool.this.region);

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public long capacityBytes() {
			return FixedPool.this.sliceCount * FixedPool.this.sliceSize;
		}

		@Override
		public long usedBytes() {
			return slicesUsed() * FixedPool.this.sliceSize;
		}

		@Override
		public long freeBytes() {
			return capacityBytes() - usedBytes();
		}

		@Override
		public long slicesUsed() {
			MemorySegment segment = FixedPool.this.segment;
			long used = 0;
			for (long header = SLICES_OFFSET; header < FixedPool.this.end; header += FixedPool.this.stride) {
				if ((int) INT.getOpaque(segment, header + LINK_OFFSET) == USED) {
					used++;
				}
			}
			return used;
		}

		@Override
		public long slicesTotal() {
			return FixedPool.this.sliceCount;
		}

		@Override
		public long allocations() {
			return FixedPool.this.allocations.sum();
		}

		@Override
		public long frees() {
			return FixedPool.this.frees.sum();
		}

		@Override
		public long failedAllocations() {
			return FixedPool.this.failed.sum();
		}

		@Override
		public long highWaterMarkBytes() {
			return (long) LONG.getOpaque(FixedPool.this.segment, HIGH_WATER_OFFSET) * FixedPool.this.sliceSize;
		}

	}

}
