package io.swoole4j.timer;

/**
 * A snapshot of a {@link Timer}, as Swoole's {@code Timer::stats} reports it.
 *
 * @param initialized whether a timer has ever been added
 * @param num how many timers are active (added and neither cleared nor, for an after,
 * fired)
 * @param round how many {@link Timer#processExpired() passes} have run
 * @param callbackErrors how many callbacks threw
 */
public record TimerStats(boolean initialized, int num, long round, long callbackErrors) {

}
