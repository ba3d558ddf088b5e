package io.swoole4j.timer;

/**
 * What a timer runs when it is due.
 * <p>
 * Runs on the thread that drives the {@link Timer} (the reactor's loop thread, or the
 * caller of {@link Timer#processExpired()}). An exception thrown here is logged and
 * counted; it neither stops the timer nor the loop.
 */
@FunctionalInterface
public interface TimerCallback {

	/**
	 * Called when the timer is due.
	 * @param timerId the id that {@link Timer#tick} or {@link Timer#after} returned, so a
	 * tick can {@link Timer#clear clear} itself
	 */
	void onTimer(long timerId);

}
