package io.swoole4j.server.buffer;

import java.nio.ByteBuffer;

/**
 * A run of bytes in a {@link ChunkPool}: {@code capacity} bytes of {@link #buffer()}
 * starting at {@link #base()}, holding readable bytes {@code [read, write)} (relative to
 * the base). Pool chunks share their pool's buffer, so only absolute accesses and
 * short-lived position/limit settings by the owning thread are allowed.
 * <p>
 * Confined to the thread that owns the pool.
 */
public final class Chunk {

	ByteBuffer buffer;

	ByteBuffer cursor;

	int base;

	int capacity;

	long handle;

	int read;

	int write;

	Chunk() {
	}

	void reset(ByteBuffer buffer, ByteBuffer cursor, int base, int capacity, long handle) {
		this.buffer = buffer;
		this.cursor = cursor;
		this.base = base;
		this.capacity = capacity;
		this.handle = handle;
		this.read = 0;
		this.write = 0;
	}

	/** The buffer holding this chunk (shared with other chunks of a pool). */
	public ByteBuffer buffer() {
		return this.buffer;
	}

	/**
	 * A view of the same memory whose position and limit the owning thread may set for
	 * channel I/O ({@link #buffer()} keeps its full limit for absolute accesses).
	 */
	public ByteBuffer cursor() {
		return this.cursor;
	}

	/** Absolute index of the chunk's first byte in {@link #buffer()}. */
	public int base() {
		return this.base;
	}

	/** Size of the chunk in bytes. */
	public int capacity() {
		return this.capacity;
	}

	/** Relative index of the first unread byte. */
	public int readIndex() {
		return this.read;
	}

	/** Relative index after the last written byte. */
	public int writeIndex() {
		return this.write;
	}

	/** Bytes written and not yet read. */
	public int readable() {
		return this.write - this.read;
	}

	/** Bytes that can still be written. */
	public int writable() {
		return this.capacity - this.write;
	}

	/** Whether the chunk came from the pool's slices (else from the heap). */
	public boolean pooled() {
		return this.handle >= 0;
	}

	/** Marks {@code n} more bytes as read; when all are read, both indices reset to 0. */
	public void advanceRead(int n) {
		this.read += n;
		if (this.read == this.write) {
			this.read = 0;
			this.write = 0;
		}
	}

	/** Marks {@code n} more bytes as written. */
	public void advanceWrite(int n) {
		this.write += n;
	}

	/** Moves the readable bytes to the start of the chunk. */
	public void compact() {
		if (this.read > 0) {
			int n = readable();
			if (n > 0) {
				this.buffer.put(this.base, this.buffer, this.base + this.read, n);
			}
			this.read = 0;
			this.write = n;
		}
	}

	/**
	 * Sets the cursor's position and limit to the writable area and returns the cursor,
	 * for a channel read; follow with {@link #advanceWrite}.
	 */
	public ByteBuffer prepareWrite() {
		this.cursor.limit(this.base + this.capacity).position(this.base + this.write);
		return this.cursor;
	}

	/**
	 * Sets the cursor's position and limit to the readable area and returns the cursor,
	 * for a channel write; follow with {@link #advanceRead}.
	 */
	public ByteBuffer prepareRead() {
		this.cursor.limit(this.base + this.write).position(this.base + this.read);
		return this.cursor;
	}

}
