package io.swoole4j.memory;

import java.lang.foreign.MemorySegment;

/**
 * What every pool shares: the region it lives in, and whether it owns that region.
 */
abstract sealed class AbstractRegionPool implements MemoryPool permits FixedPool, RingBufferPool, GlobalMemory {

	/** The region; the pool's layout starts at offset 0. */
	final SharedMemory region;

	/** The region's segment, kept in a final field for the hot paths. */
	final MemorySegment segment;

	private final boolean ownsRegion;

	AbstractRegionPool(SharedMemory region, boolean ownsRegion) {
		this.region = region;
		this.segment = region.segment();
		this.ownsRegion = ownsRegion;
	}

	@Override
	public final MemorySegment segment() {
		return this.segment;
	}

	/**
	 * Returns the region the pool lives in.
	 * @return the region
	 */
	public final SharedMemory region() {
		return this.region;
	}

	@Override
	public final void close() {
		if (this.ownsRegion) {
			this.region.close();
		}
	}

	/** Metrics read from words of the region, the four counters at the given offsets. */
	abstract static class RegionMetric implements MemoryPoolMetric {

		private final String name;

		private final MemorySegment segment;

		private final long allocationsOffset;

		private final long freesOffset;

		private final long failedOffset;

		private final long highWaterOffset;

		RegionMetric(String kind, SharedMemory region, long allocationsOffset, long freesOffset, long failedOffset,
				long highWaterOffset) {
			this.name = PoolSupport.name(kind, region);
			this.segment = region.segment();
			this.allocationsOffset = allocationsOffset;
			this.freesOffset = freesOffset;
			this.failedOffset = failedOffset;
			this.highWaterOffset = highWaterOffset;
		}

		@Override
		public final long allocations() {
			return read(this.allocationsOffset);
		}

		@Override
		public final long frees() {
			return read(this.freesOffset);
		}

		@Override
		public final long failedAllocations() {
			return read(this.failedOffset);
		}

		@Override
		public final long highWaterMarkBytes() {
			return read(this.highWaterOffset);
		}

		final long read(long offset) {
			return (long) PoolSupport.LONG.getVolatile(this.segment, offset);
		}

		@Override
		public final String name() {
			return this.name;
		}

	}

}
