package io.swoole4j.protocol;

import java.nio.ByteBuffer;

/**
 * Raw stream: whatever one read returned is one packet, so TCP segmentation is visible to
 * the application (Swoole without framing). Thread-safe.
 */
public final class RawDecoder implements FrameDecoder {

	private final int maxLength;

	/** A raw decoder that cuts packets at {@code maxLength} bytes. */
	public RawDecoder(int maxLength) {
		this.maxLength = maxLength;
	}

	@Override
	public int decode(ByteBuffer buf, int start, int end) {
		int available = end - start;
		return (available <= 0) ? NEED_MORE : Math.min(available, this.maxLength);
	}

	@Override
	public int maxLength() {
		return this.maxLength;
	}

	@Override
	public boolean isRaw() {
		return true;
	}

	@Override
	public String describe() {
		return "raw";
	}

}
