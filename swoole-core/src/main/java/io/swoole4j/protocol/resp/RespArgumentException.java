package io.swoole4j.protocol.resp;

import java.io.Serial;

/**
 * A command argument that cannot be read as asked, carrying the message Redis replies
 * with (without the {@code ERR } prefix, which {@link RespReplyWriter#error} adds).
 * <p>
 * The instances are preallocated and stackless, so throwing one on a hot path costs no
 * allocation; catch it and reply {@code writer.error(e.getMessage())}.
 */
public final class RespArgumentException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	/** Redis's reply to an argument that is not a 64-bit integer in canonical form. */
	public static final RespArgumentException NOT_AN_INTEGER = new RespArgumentException(
			"value is not an integer or out of range");

	private RespArgumentException(String message) {
		super(message, null, false, false);
	}

}
