package io.swoole4j.protocol;

import java.nio.ByteBuffer;

/**
 * EOF check without splitting ({@code open_eof_check}): when the buffered bytes
 * <em>end</em> with the EOF marker, all of them are one packet. So two messages that
 * arrive in one read are delivered together, exactly as Swoole does; use
 * {@link EofSplitDecoder} to cut at every marker. Reaching {@code packageMaxLength}
 * without a trailing EOF is {@link #TOO_LONG}. Thread-safe.
 */
public final class EofDecoder implements FrameDecoder {

	private final byte[] eof;

	private final int maxLength;

	/** A decoder for the given marker (copied) and limit. */
	public EofDecoder(byte[] eof, int maxLength) {
		this.eof = eof.clone();
		this.maxLength = maxLength;
	}

	@Override
	public int decode(ByteBuffer buf, int start, int end) {
		int available = end - start;
		if (available >= this.eof.length && EofMarker.matchesAt(buf, end - this.eof.length, this.eof)) {
			return (available > this.maxLength) ? TOO_LONG : available;
		}
		return (available >= this.maxLength) ? TOO_LONG : NEED_MORE;
	}

	@Override
	public int maxLength() {
		return this.maxLength;
	}

	@Override
	public String describe() {
		return "eof";
	}

}
