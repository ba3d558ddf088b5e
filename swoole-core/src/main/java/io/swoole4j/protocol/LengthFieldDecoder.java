package io.swoole4j.protocol;

import java.nio.ByteBuffer;

/**
 * Length-prefixed packets ({@code open_length_check}). The packet's total length is
 * {@code bodyOffset + value of the length field} read at {@code lengthOffset}; the
 * delivered packet includes the header. The total is checked against
 * {@code packageMaxLength} before anything is reserved for it. Thread-safe.
 */
public final class LengthFieldDecoder implements FrameDecoder {

	private final LengthType type;

	private final int lengthOffset;

	private final int bodyOffset;

	private final int maxLength;

	private final int headerEnd;

	/** A decoder for the given field type, offsets and limit. */
	public LengthFieldDecoder(LengthType type, int lengthOffset, int bodyOffset, int maxLength) {
		this.type = type;
		this.lengthOffset = lengthOffset;
		this.bodyOffset = bodyOffset;
		this.maxLength = maxLength;
		this.headerEnd = lengthOffset + type.size();
	}

	@Override
	public int decode(ByteBuffer buf, int start, int end) {
		int total = expectedLength(buf, start, end);
		if (total < 0) {
			return (total == -1) ? NEED_MORE : total;
		}
		return (end - start >= total) ? total : NEED_MORE;
	}

	/**
	 * Returns the total, {@code -1} when the header is incomplete, or {@link #TOO_LONG} /
	 * {@link #MALFORMED}.
	 */
	@Override
	public int expectedLength(ByteBuffer buf, int start, int end) {
		if (end - start < this.headerEnd) {
			return -1;
		}
		long value = this.type.read(buf, start + this.lengthOffset);
		if (value < 0) {
			return MALFORMED;
		}
		if (value > this.maxLength) {
			return TOO_LONG;
		}
		long total = this.bodyOffset + value;
		if (total > this.maxLength) {
			return TOO_LONG;
		}
		// a total that ends inside the header would make an empty or self-overlapping
		// packet and loop forever on the same bytes
		if (total < this.headerEnd || total == 0) {
			return MALFORMED;
		}
		return (int) total;
	}

	@Override
	public int maxLength() {
		return this.maxLength;
	}

	@Override
	public String describe() {
		return "length(" + this.type.code() + ", " + this.lengthOffset + ", " + this.bodyOffset + ")";
	}

}
