package io.swoole4j.server;

import java.util.HashSet;
import java.util.Set;

import io.swoole4j.timer.Timer;
import io.swoole4j.timer.TimerCallback;

/**
 * The application's timers of one worker generation ({@link Server#tick},
 * {@link Server#after}, {@link Server#clearTimer}) on the timer of the loop that runs the
 * worker: the worker thread's own timer (THREAD) or the event loop's (BASE). Only the ids
 * added here are tracked and cleared when the worker stops, so timers of the server
 * itself on a shared loop are never touched. Confined to the worker's thread.
 */
final class WorkerTimers {

	private final Timer timer;

	private final Set<Long> ids = new HashSet<>();

	WorkerTimers(Timer timer) {
		this.timer = timer;
	}

	long tick(long ms, TimerCallback callback) {
		long id = this.timer.tick(ms, callback);
		this.ids.add(id);
		return id;
	}

	long after(long ms, TimerCallback callback) {
		long[] self = new long[1];
		long id = this.timer.after(ms, (timerId) -> {
			this.ids.remove(self[0]);
			callback.onTimer(timerId);
		});
		self[0] = id;
		this.ids.add(id);
		return id;
	}

	boolean clear(long id) {
		return this.ids.remove(id) && this.timer.clear(id);
	}

	/** Clears every timer of this generation; returns how many were active. */
	int clearAll() {
		int n = 0;
		for (long id : this.ids) {
			if (this.timer.clear(id)) {
				n++;
			}
		}
		this.ids.clear();
		return n;
	}

}
