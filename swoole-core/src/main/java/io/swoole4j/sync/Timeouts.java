package io.swoole4j.sync;

import java.time.Duration;

import io.swoole4j.internal.Checks;

/**
 * Turns user timeouts into nanoseconds without overflow.
 */
final class Timeouts {

	private Timeouts() {
	}

	/**
	 * Returns the {@link System#nanoTime()} at which a wait of {@code timeout} ends; a
	 * zero or negative timeout gives now, so the caller tries once.
	 */
	static long deadline(Duration timeout) {
		return System.nanoTime() + Math.max(nanos(timeout), 0L);
	}

	/** Returns the timeout in nanoseconds, saturated at {@link Long#MAX_VALUE} / 2. */
	static long nanos(Duration timeout) {
		Checks.checkNotNull(timeout, "timeout");
		if (timeout.isNegative()) {
			return -1;
		}
		// half of the range keeps "now + timeout" clear of overflow
		return timeout.compareTo(Duration.ofNanos(Long.MAX_VALUE / 2)) >= 0 ? Long.MAX_VALUE / 2 : timeout.toNanos();
	}

}
