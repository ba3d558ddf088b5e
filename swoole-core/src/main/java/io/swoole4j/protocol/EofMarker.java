package io.swoole4j.protocol;

import java.nio.ByteBuffer;

/** Comparison of an EOF marker with buffered bytes, shared by the EOF decoders. */
final class EofMarker {

	private EofMarker() {
	}

	/** Whether {@code eof} occurs at absolute {@code index} of {@code buf}. */
	static boolean matchesAt(ByteBuffer buf, int index, byte[] eof) {
		for (int i = 0; i < eof.length; i++) {
			if (buf.get(index + i) != eof[i]) {
				return false;
			}
		}
		return true;
	}

}
