package io.swoole4j.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import io.swoole4j.internal.Checks;

/**
 * Shared plumbing of the pools: atomic access to words of a region, the layout header
 * every pool starts with, and the 8-byte block header that {@link RingBufferPool} and
 * {@link GlobalMemory} put before each block.
 */
final class PoolSupport {

	/** (MemorySegment, long offset) -> long, atomic when the offset is 8-aligned. */
	static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle().withInvokeExactBehavior();

	/** (MemorySegment, long offset) -> int, atomic when the offset is 4-aligned. */
	static final VarHandle INT = ValueLayout.JAVA_INT.varHandle().withInvokeExactBehavior();

	static final int LAYOUT_VERSION = 1;

	/** Offset of the magic word that names a pool kind; written last at creation. */
	static final long MAGIC_OFFSET = 0;

	static final long VERSION_OFFSET = 4;

	/** Block header: state word, then the block's total length (header included). */
	static final long BLOCK_HEADER = 8;

	static final long BLOCK_STATE = 0;

	static final long BLOCK_LENGTH = 4;

	/**
	 * State of a live block; the odd bit pattern makes a stray pointer unlikely to match.
	 */
	static final int BLOCK_USED = 0x55534544;

	/** State of a freed block (or of a skip block at a ring's end). */
	static final int BLOCK_FREED = 0x46524545;

	private PoolSupport() {
	}

	static long align8(long size) {
		return (size + 7) & ~7L;
	}

	/**
	 * Adds atomically to a long word. A method rather than a bare {@code LONG.getAndAdd}
	 * statement, whose void result the exact handle would reject.
	 * @return the value before
	 */
	static long addLong(MemorySegment segment, long offset, long delta) {
		return (long) LONG.getAndAdd(segment, offset, delta);
	}

	static void publishMagic(MemorySegment segment, int magic) {
		INT.set(segment, VERSION_OFFSET, LAYOUT_VERSION);
		// release: an attaching JVM that sees the magic also sees the whole layout
		INT.setRelease(segment, MAGIC_OFFSET, magic);
	}

	static void checkMagic(SharedMemory region, int magic, String kind, long headerSize) {
		Checks.checkNotNull(region, "region");
		if (region.size() < headerSize || (int) INT.getAcquire(region.segment(), MAGIC_OFFSET) != magic) {
			throw new IllegalArgumentException(region + " holds no " + kind);
		}
		int version = (int) INT.get(region.segment(), VERSION_OFFSET);
		if (version != LAYOUT_VERSION) {
			throw Checks.fail(kind + " layout version", version, String.valueOf(LAYOUT_VERSION));
		}
	}

	static void checkRegionSize(SharedMemory region, long required) {
		Checks.checkNotNull(region, "region");
		if (region.size() < required) {
			throw Checks.fail("region size", region.size(), ">= " + required);
		}
	}

	static String name(String kind, SharedMemory region) {
		return kind + ":" + (region.isNamed() ? region.name() : "anonymous");
	}

	/**
	 * Marks a block freed if it is live. {@code [first, end)} is where payloads may
	 * start; the header's length must keep the block inside {@code [first - 8, end)}.
	 * @return the block's total length
	 */
	static int freeBlock(MemorySegment segment, long handle, long first, long end) {
		if (handle < first || handle >= end || (handle & 7) != 0) {
			throw notABlock(handle);
		}
		long header = handle - BLOCK_HEADER;
		int length = (int) INT.getVolatile(segment, header + BLOCK_LENGTH);
		if (length < BLOCK_HEADER || header + length > end) {
			throw notABlock(handle);
		}
		int state = (int) INT.compareAndExchange(segment, header + BLOCK_STATE, BLOCK_USED, BLOCK_FREED);
		if (state == BLOCK_FREED) {
			throw new IllegalStateException("Double free of block " + handle);
		}
		if (state != BLOCK_USED) {
			throw notABlock(handle);
		}
		return length;
	}

	static void writeBlockHeader(MemorySegment segment, long header, int state, long length) {
		INT.set(segment, header + BLOCK_LENGTH, (int) length);
		INT.setRelease(segment, header + BLOCK_STATE, state);
	}

	static int blockLength(MemorySegment segment, long handle) {
		return (int) INT.get(segment, handle - BLOCK_HEADER + BLOCK_LENGTH);
	}

	static IllegalArgumentException notABlock(long handle) {
		return new IllegalArgumentException("Not a block of this pool: " + handle);
	}

	static long checkSize(long size, long max) {
		return Checks.checkInRange(size, 1, max, "size");
	}

}
