package io.swoole4j.server;

/**
 * Read-only view of one worker (a worker thread in THREAD mode, an event loop in BASE
 * mode). Thread-safe; values are read without locking and may be slightly stale.
 */
public interface WorkerMetric {

	/** The worker id, {@code 0 … workerNum-1}. */
	int workerId();

	/** Current state. */
	WorkerStatus status();

	/** Packets handled by {@code onReceive} (Swoole's {@code request_count}). */
	long requestCount();

	/** Events dispatched to this worker (packets and connection events). */
	long dispatchCount();

	/** Connections pinned to this worker (BASE mode and dispatch mode 8), else 0. */
	int connectionCount();

	/** Exceptions thrown by callbacks on this worker (logged, then ignored). */
	long callbackErrors();

	/** Events waiting in this worker's queue (0 in BASE mode). */
	int queuedEvents();

	/**
	 * Times this worker id was started again after its first start: recycled after
	 * {@code maxRequest}, restarted after an {@link Error}, or reloaded.
	 */
	default long restarts() {
		return 0;
	}

}
