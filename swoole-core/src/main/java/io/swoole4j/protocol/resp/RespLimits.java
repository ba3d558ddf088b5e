package io.swoole4j.protocol.resp;

import io.swoole4j.internal.Checks;

/**
 * Size limits a {@link RespRequestParser} enforces on what a client sends. Every limit is
 * checked against the length a client <em>declares</em> before any memory is reserved for
 * it; a request over a limit is a protocol error.
 *
 * @param maxMultibulkLength the largest argument count a {@code *<count>} header may
 * declare; more is {@code Protocol error: invalid multibulk length}
 * @param maxBulkLength the largest length a {@code $<length>} header may declare; more is
 * {@code Protocol error: invalid bulk length}
 * @param maxInlineLength the longest inline command line (and the longest
 * {@code *}/{@code $} header line) accepted; more is
 * {@code Protocol error: too big inline request} (or {@code too big mbulk count string} /
 * {@code too big bulk count string} for header lines)
 * @param packageMaxLength the most argument bytes one command may carry in total; a bulk
 * that would take the command past it is {@code Protocol error: invalid bulk length}
 */
public record RespLimits(int maxMultibulkLength, int maxBulkLength, int maxInlineLength, int packageMaxLength) {

	/**
	 * Default argument count limit: Redis's own limit before 4.0 (1024 * 1024). The
	 * parser's per-argument tables (8 bytes per argument) grow only as arguments arrive,
	 * never to the declared count.
	 */
	public static final int DEFAULT_MAX_MULTIBULK_LENGTH = 1024 * 1024;

	/**
	 * Default bulk length limit: 2 MiB, Swoole's {@code package_max_length} default,
	 * instead of Redis's 512 MB {@code proto-max-bulk-len}: a demo server holding one
	 * buffer per connection should not let one client make it hold half a gigabyte.
	 */
	public static final int DEFAULT_MAX_BULK_LENGTH = 2 * 1024 * 1024;

	/** Default inline line limit: Redis's {@code PROTO_INLINE_MAX_SIZE} (64 KiB). */
	public static final int DEFAULT_MAX_INLINE_LENGTH = 64 * 1024;

	/**
	 * Default per-command total: the same 2 MiB as Swoole's {@code package_max_length}.
	 */
	public static final int DEFAULT_PACKAGE_MAX_LENGTH = 2 * 1024 * 1024;

	private static final RespLimits DEFAULTS = new RespLimits(DEFAULT_MAX_MULTIBULK_LENGTH, DEFAULT_MAX_BULK_LENGTH,
			DEFAULT_MAX_INLINE_LENGTH, DEFAULT_PACKAGE_MAX_LENGTH);

	/**
	 * Validates the limits.
	 * @throws IllegalArgumentException if a limit is not positive or
	 * {@code maxBulkLength > packageMaxLength}
	 */
	public RespLimits {
		Checks.checkPositive(maxMultibulkLength, "maxMultibulkLength");
		Checks.checkPositive(maxBulkLength, "maxBulkLength");
		Checks.checkPositive(maxInlineLength, "maxInlineLength");
		Checks.checkPositive(packageMaxLength, "packageMaxLength");
		if (maxBulkLength > packageMaxLength) {
			throw Checks.fail("maxBulkLength", maxBulkLength, "<= packageMaxLength (" + packageMaxLength + ")");
		}
	}

	/**
	 * Returns the default limits: 1,048,576 arguments, 2 MiB per bulk, 64 KiB per inline
	 * line, 2 MiB per command.
	 * @return the default limits
	 */
	public static RespLimits defaults() {
		return DEFAULTS;
	}

	/**
	 * Returns a copy with another argument count limit.
	 * @param value the new limit
	 * @return the new limits
	 */
	public RespLimits withMaxMultibulkLength(int value) {
		return new RespLimits(value, this.maxBulkLength, this.maxInlineLength, this.packageMaxLength);
	}

	/**
	 * Returns a copy with another bulk length limit.
	 * @param value the new limit, at most {@link #packageMaxLength()}
	 * @return the new limits
	 */
	public RespLimits withMaxBulkLength(int value) {
		return new RespLimits(this.maxMultibulkLength, value, this.maxInlineLength, this.packageMaxLength);
	}

	/**
	 * Returns a copy with another inline line limit.
	 * @param value the new limit
	 * @return the new limits
	 */
	public RespLimits withMaxInlineLength(int value) {
		return new RespLimits(this.maxMultibulkLength, this.maxBulkLength, value, this.packageMaxLength);
	}

	/**
	 * Returns a copy with another per-command total; the bulk limit is lowered to it if
	 * it was larger.
	 * @param value the new limit
	 * @return the new limits
	 */
	public RespLimits withPackageMaxLength(int value) {
		return new RespLimits(this.maxMultibulkLength, Math.min(this.maxBulkLength, value), this.maxInlineLength,
				value);
	}

}
