package io.swoole4j.reactor;

import io.swoole4j.timer.TimerMetric;

/**
 * A read-only view of one reactor's counters, for monitoring.
 * <p>
 * Thread-safe: any thread may read. Counters only grow (except
 * {@link #channelsRegistered()}); values read from another thread may lag the loop by a
 * pass.
 */
public interface ReactorMetric {

	/**
	 * The reactor's name, also its thread's name.
	 * @return the name
	 */
	String name();

	/**
	 * Passes of the loop (poll, dispatch, timers, tasks, deferred tasks).
	 * @return the count
	 */
	long loops();

	/**
	 * Ready channels dispatched to handlers (one per channel per pass, however many of
	 * its operations were ready).
	 * @return the count
	 */
	long eventsHandled();

	/**
	 * Times another thread woke the poller up to run a task.
	 * @return the count
	 */
	long wakeups();

	/**
	 * Tasks accepted by {@code execute} (from any thread).
	 * @return the count
	 */
	long tasksQueued();

	/**
	 * Tasks run, including those that threw.
	 * @return the count
	 */
	long tasksRun();

	/**
	 * Channels registered now.
	 * @return the count
	 */
	int channelsRegistered();

	/**
	 * Nanoseconds the loop spent dispatching events to handlers.
	 * @return the total
	 */
	long handlerNanos();

	/**
	 * Handlers, tasks and deferred tasks that threw.
	 * @return the count
	 */
	long handlerErrors();

	/**
	 * Polls that failed with an {@link java.io.IOException}; each one costs a back-off.
	 * @return the count
	 */
	long pollerErrors();

	/**
	 * The counts of the reactor's built-in timer.
	 * @return a view any thread may read
	 */
	TimerMetric timers();

}
