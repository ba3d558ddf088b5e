package io.swoole4j.timer;

/**
 * A snapshot of one timer, as Swoole's {@code Timer::info} reports it.
 *
 * @param id the timer id
 * @param interval the period in milliseconds of a tick, {@code 0} for a one-shot timer
 * @param remaining milliseconds until the timer is next due (rounded up, {@code 0} when
 * due now)
 * @param execCount how many times the callback has run
 * @param round the timer's round: the {@link TimerStats#round() pass} in which it was
 * added
 * @param removed whether the timer was cleared while its own callback was running
 */
public record TimerInfo(long id, long interval, long remaining, long execCount, long round, boolean removed) {

	/**
	 * Whether this timer repeats.
	 * @return {@code true} for a tick, {@code false} for an after
	 */
	public boolean isTick() {
		return this.interval > 0;
	}

}
