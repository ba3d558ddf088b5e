package io.swoole4j.demo.redis;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import io.swoole4j.reactor.Reactor;

/**
 * Runs {@link RedisCommandExecutor#sweepExpired(int)} on a swoole4j timer: a
 * {@link Reactor} loop of its own with a {@code tick} every {@code interval}, examining
 * at most {@code rowsPerTick} rows per tick (Redis's active expiry, bounded the same
 * way). The server has no per-worker timers yet, so the sweep gets this one loop thread.
 */
public final class RedisExpirySweeper implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RedisExpirySweeper.class);

	private final RedisCommandExecutor executor;

	private final Duration interval;

	private final int rowsPerTick;

	private Reactor reactor;

	/**
	 * Creates the sweeper; nothing runs before {@link #start()}.
	 * @param executor the executor whose keys to sweep
	 * @param interval the time between ticks, at least 1 ms
	 * @param rowsPerTick rows examined per tick, at least 1
	 */
	public RedisExpirySweeper(RedisCommandExecutor executor, Duration interval, int rowsPerTick) {
		if (interval.toMillis() < 1) {
			throw new IllegalArgumentException("interval: " + interval + " (expected: >= 1ms)");
		}
		if (rowsPerTick < 1) {
			throw new IllegalArgumentException("rowsPerTick: " + rowsPerTick + " (expected: > 0)");
		}
		this.executor = executor;
		this.interval = interval;
		this.rowsPerTick = rowsPerTick;
	}

	@Override
	public synchronized void start() {
		if (this.reactor != null) {
			return;
		}
		Reactor loop = new Reactor("redis-expiry");
		loop.start();
		loop.tickAsync(this.interval.toMillis(), (timerId) -> {
			int deleted = this.executor.sweepExpired(this.rowsPerTick);
			if (deleted > 0) {
				logger.trace("Expiry sweep deleted {} keys", deleted);
			}
		});
		this.reactor = loop;
	}

	@Override
	public synchronized void stop() {
		Reactor loop = this.reactor;
		if (loop == null) {
			return;
		}
		this.reactor = null;
		loop.stop();
		try {
			if (!loop.awaitTermination(Duration.ofSeconds(5))) {
				logger.warn("Expiry sweep loop did not stop within 5 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.reactor != null;
	}

	/**
	 * Returns the tick interval.
	 * @return the interval
	 */
	public Duration interval() {
		return this.interval;
	}

}
