package io.swoole4j.protocol;

import java.nio.ByteBuffer;

/**
 * Finds packet boundaries in buffered stream bytes. A pure, deterministic function of the
 * bytes it is shown: no state is kept between calls, so one decoder serves every
 * connection of a port and can be tested byte by byte without sockets.
 * <p>
 * All indices are absolute; the buffer's position, limit and order are neither read nor
 * changed. Thread-safe.
 */
public interface FrameDecoder {

	/** {@link #decode} result: no complete packet yet, read more. */
	int NEED_MORE = 0;

	/**
	 * {@link #decode} result: the packet is (or will be) longer than
	 * {@code packageMaxLength}: a declared length over the limit, or that many bytes
	 * without an EOF. The connection must be closed.
	 */
	int TOO_LONG = -2;

	/**
	 * {@link #decode} result: a malformed header (a negative signed length, or a total
	 * shorter than the header itself). The connection must be closed.
	 */
	int MALFORMED = -3;

	/**
	 * Examines the bytes {@code [start, end)} of {@code buf}, which begin a packet, and
	 * returns the length of the complete packet at {@code start} (header and EOF
	 * included), {@link #NEED_MORE}, {@link #TOO_LONG} or {@link #MALFORMED}.
	 */
	int decode(ByteBuffer buf, int start, int end);

	/**
	 * Returns the total length of the packet starting at {@code start} when it is already
	 * known from the bytes present (a complete length header), or {@code -1} when it is
	 * not, or an error code ({@link #TOO_LONG}, {@link #MALFORMED}; both below -1). Lets
	 * the reader size its buffer exactly, and only after the size was checked.
	 */
	default int expectedLength(ByteBuffer buf, int start, int end) {
		return -1;
	}

	/** The largest packet this decoder accepts ({@code packageMaxLength}). */
	int maxLength();

	/**
	 * Whether packets follow read boundaries instead of content (raw streams: each read
	 * is one packet).
	 */
	default boolean isRaw() {
		return false;
	}

	/** A short name for log lines, for example {@code length(N, 0, 4)}. */
	String describe();

	/** Text for an error code returned by {@link #decode}, for the log line on close. */
	static String describeError(int code) {
		return switch (code) {
			case TOO_LONG -> "packet longer than packageMaxLength";
			case MALFORMED -> "malformed length header";
			default -> "decode result " + code;
		};
	}

}
