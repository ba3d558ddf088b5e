package io.swoole4j.sync;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.swoole4j.internal.Checks;
import io.swoole4j.memory.SharedMemory;

/**
 * Where a lock or atomic lives: a slice of a region, checked once.
 */
final class Placement {

	private Placement() {
	}

	/**
	 * Returns fresh zeroed memory for a lock used by the threads of this JVM only; the
	 * garbage collector frees it with the lock.
	 */
	static MemorySegment anonymous(long size) {
		return Arena.ofAuto().allocate(size, 64);
	}

	static MemorySegment slice(SharedMemory region, long offset, long size, long alignment) {
		Checks.checkNotNull(region, "region");
		return slice(region.segment(), offset, size, alignment);
	}

	static MemorySegment slice(MemorySegment segment, long offset, long size, long alignment) {
		Checks.checkNotNull(segment, "segment");
		Checks.checkInRange(offset, 0, segment.byteSize() - size, "offset");
		if ((segment.address() + offset) % alignment != 0) {
			throw Checks.fail("offset", offset, "a multiple of " + alignment);
		}
		return segment.asSlice(offset, size);
	}

	static String describe(MemorySegment segment) {
		return "0x" + Long.toHexString(segment.address());
	}

}
