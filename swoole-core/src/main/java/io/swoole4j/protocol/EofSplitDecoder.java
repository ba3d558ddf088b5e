package io.swoole4j.protocol;

import java.nio.ByteBuffer;

/**
 * EOF framing with splitting ({@code open_eof_split}): every occurrence of the marker
 * ends one packet (marker included), whatever the read boundaries. No marker within
 * {@code packageMaxLength} bytes is {@link #TOO_LONG}. Thread-safe.
 */
public final class EofSplitDecoder implements FrameDecoder {

	private final byte[] eof;

	private final int maxLength;

	/** A decoder for the given marker (copied) and limit. */
	public EofSplitDecoder(byte[] eof, int maxLength) {
		this.eof = eof.clone();
		this.maxLength = maxLength;
	}

	@Override
	public int decode(ByteBuffer buf, int start, int end) {
		int limit = Math.min(end, start + this.maxLength);
		byte first = this.eof[0];
		int last = limit - this.eof.length;
		for (int i = start; i <= last; i++) {
			if (buf.get(i) == first && EofMarker.matchesAt(buf, i, this.eof)) {
				return i + this.eof.length - start;
			}
		}
		return (end - start >= this.maxLength) ? TOO_LONG : NEED_MORE;
	}

	@Override
	public int maxLength() {
		return this.maxLength;
	}

	@Override
	public String describe() {
		return "eof-split";
	}

}
