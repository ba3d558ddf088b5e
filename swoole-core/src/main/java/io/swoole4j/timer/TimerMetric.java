package io.swoole4j.timer;

/**
 * A read-only view of a {@link Timer}'s counts, safe to read from any thread (the timer
 * itself belongs to its loop thread). Values are published by the loop after each change,
 * so a reader may see them a moment late, never torn.
 */
public interface TimerMetric {

	/**
	 * Timers scheduled now (ticks and afters not yet fired or cleared).
	 * @return the count
	 */
	long active();

	/**
	 * Callbacks run since the timer was created.
	 * @return the count
	 */
	long fired();

	/**
	 * Callbacks that threw (logged; a tick stays scheduled).
	 * @return the count
	 */
	long callbackErrors();

}
