package io.swoole4j.server.task;

import io.swoole4j.server.WorkerStatus;

/**
 * Read-only view of one task worker. Thread-safe; values may be slightly stale.
 */
public interface TaskWorkerMetric {

	/** The worker id, {@code workerNum … workerNum + taskWorkerNum - 1}. */
	int workerId();

	/** BUSY while {@code onTask} or {@code onPipeMessage} runs, EXIT once stopped. */
	WorkerStatus status();

	/** Tasks this worker ran to the end (Swoole's per-worker {@code request_count}). */
	long taskCount();

	/** Exceptions thrown by {@code onTask}/{@code onPipeMessage} on this worker. */
	long callbackErrors();

	/** Messages waiting in this worker's own queue (targeted tasks, pipe messages). */
	int queuedMessages();

}
