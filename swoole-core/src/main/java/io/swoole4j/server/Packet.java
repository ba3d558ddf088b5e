package io.swoole4j.server;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;

/**
 * A read-only view of one received packet (header and EOF included), handed to
 * {@link ServerHandler#onReceive}. The view and the memory behind it are reused as soon
 * as the callback returns: it is valid only during the callback, so keep a copy
 * ({@link #toByteArray()}) to use the bytes later. Pass it to
 * {@link Server#send(long, Packet)} to echo without copying to the heap.
 * <p>
 * Confined to the thread running the callback.
 */
public final class Packet {

	private ByteBuffer base;

	private ByteBuffer cursor;

	private int offset;

	private int length;

	Packet() {
	}

	/**
	 * Points this view at {@code length} bytes of {@code base} from {@code offset};
	 * {@code cursor} is a duplicate of {@code base} used for channel writes.
	 */
	void bind(ByteBuffer base, ByteBuffer cursor, int offset, int length) {
		this.base = base;
		this.cursor = cursor;
		this.offset = offset;
		this.length = length;
	}

	void unbind() {
		this.base = null;
		this.cursor = null;
		this.length = 0;
	}

	ByteBuffer base() {
		return this.base;
	}

	ByteBuffer cursor() {
		return this.cursor;
	}

	int offset() {
		return this.offset;
	}

	/** Number of bytes in the packet. */
	public int length() {
		return this.length;
	}

	/**
	 * The byte at {@code index}.
	 * @throws IndexOutOfBoundsException outside {@code [0, length())}
	 */
	public byte get(int index) {
		checkIndex(index, 1);
		return this.base.get(this.offset + index);
	}

	/**
	 * The big-endian 32-bit value at {@code index}.
	 * @throws IndexOutOfBoundsException when fewer than 4 bytes follow {@code index}
	 */
	public int getIntBigEndian(int index) {
		checkIndex(index, 4);
		int at = this.offset + index;
		return ((this.base.get(at) & 0xFF) << 24) | ((this.base.get(at + 1) & 0xFF) << 16)
				| ((this.base.get(at + 2) & 0xFF) << 8) | (this.base.get(at + 3) & 0xFF);
	}

	/**
	 * Copies {@code len} bytes from {@code index} into {@code dst} at {@code dstOffset}.
	 * @throws IndexOutOfBoundsException when a range is out of bounds
	 */
	public void copyTo(int index, byte[] dst, int dstOffset, int len) {
		checkIndex(index, len);
		this.base.get(this.offset + index, dst, dstOffset, len);
	}

	/** A new array holding a copy of the packet. */
	public byte[] toByteArray() {
		byte[] copy = new byte[this.length];
		this.base.get(this.offset, copy, 0, this.length);
		return copy;
	}

	/** The packet decoded with {@code charset}. */
	public String toString(Charset charset) {
		return new String(toByteArray(), charset);
	}

	/**
	 * A new read-only buffer over the packet's bytes (position 0, limit
	 * {@link #length()}), valid only during the callback like this view.
	 */
	public ByteBuffer asByteBuffer() {
		return this.base.slice(this.offset, this.length).asReadOnlyBuffer();
	}

	private void checkIndex(int index, int len) {
		if (this.base == null) {
			throw new IllegalStateException("packet used outside its callback");
		}
		if (index < 0 || len < 0 || index > this.length - len) {
			throw new IndexOutOfBoundsException("index " + index + ", length " + len + " in packet of " + this.length);
		}
	}

	@Override
	public String toString() {
		return "Packet[length=" + this.length + "]";
	}

}
