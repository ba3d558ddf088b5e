package io.swoole4j.server.buffer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

import io.swoole4j.internal.Checks;
import io.swoole4j.memory.FixedPool;
import io.swoole4j.memory.MemoryPool;
import io.swoole4j.memory.MemoryPoolMetric;

/**
 * Fixed-size byte chunks carved from a {@link FixedPool}, for one thread's connection
 * input and output. When every slice is in use, or a larger run is asked for, the chunk
 * comes from the heap instead and is counted ({@link #heapAllocations()}); it is dropped
 * on release, so the pool's memory is bounded and the heap's is used only past it.
 * <p>
 * Threading: confined to the owning thread (a reactor thread), except the metric getters.
 * {@link #close()} frees the pool's memory; no chunk may be used afterwards.
 */
public final class ChunkPool implements AutoCloseable {

	private final FixedPool pool;

	private final ByteBuffer buffer;

	private final ByteBuffer cursor;

	private final int chunkSize;

	private final ArrayDeque<Chunk> spare = new ArrayDeque<>();

	private volatile long heapAllocations;

	private volatile int heapLive;

	/**
	 * A pool of {@code chunkCount} chunks of {@code chunkSize} bytes.
	 * @param chunkSize bytes per chunk, a positive multiple of 8
	 * @param chunkCount number of pooled chunks, at least 2
	 */
	public ChunkPool(int chunkSize, int chunkCount) {
		Checks.checkPositive(chunkSize, "chunkSize");
		if ((chunkSize & 7) != 0) {
			throw Checks.fail("chunkSize", chunkSize, "a multiple of 8");
		}
		Checks.checkInRange(chunkCount, 2, Integer.MAX_VALUE, "chunkCount");
		this.pool = FixedPool.anonymous(chunkSize, chunkCount);
		this.buffer = this.pool.segment().asByteBuffer();
		this.cursor = this.buffer.duplicate();
		this.chunkSize = chunkSize;
	}

	/** The buffer all pooled chunks share (absolute accesses only). */
	public ByteBuffer buffer() {
		return this.buffer;
	}

	/** Size of a pooled chunk. */
	public int chunkSize() {
		return this.chunkSize;
	}

	/** A pooled chunk, or a heap chunk of the same size when the pool is exhausted. */
	public Chunk acquire() {
		return acquire(this.chunkSize);
	}

	/**
	 * A chunk of at least {@code capacity} bytes: pooled when it fits in a slice and one
	 * is free, otherwise a heap chunk of exactly {@code capacity} bytes.
	 */
	public Chunk acquire(int capacity) {
		Chunk chunk = this.spare.pollFirst();
		if (chunk == null) {
			chunk = new Chunk();
		}
		if (capacity <= this.chunkSize) {
			long handle = this.pool.allocate();
			if (handle != MemoryPool.NO_ROOM) {
				chunk.reset(this.buffer, this.cursor, (int) handle, this.chunkSize, handle);
				return chunk;
			}
			capacity = this.chunkSize;
		}
		this.heapAllocations++;
		this.heapLive++;
		ByteBuffer heap = ByteBuffer.allocate(capacity);
		chunk.reset(heap, heap.duplicate(), 0, capacity, -1);
		return chunk;
	}

	/** Returns a chunk; it must not be used afterwards. */
	public void release(Chunk chunk) {
		if (chunk.handle >= 0) {
			this.pool.free(chunk.handle);
		}
		else {
			this.heapLive--;
		}
		chunk.reset(null, null, 0, 0, -1);
		this.spare.addFirst(chunk);
	}

	/** The pool's metric (pooled chunks only). */
	public MemoryPoolMetric metric() {
		return this.pool.metric();
	}

	/** Heap chunks handed out so far (pool exhausted, or larger than a chunk). */
	public long heapAllocations() {
		return this.heapAllocations;
	}

	/** Heap chunks currently in use. */
	public int heapChunksInUse() {
		return this.heapLive;
	}

	/** Frees the pool's memory. */
	@Override
	public void close() {
		this.pool.close();
	}

}
