package io.swoole4j.server.task;

import java.util.List;

/**
 * Read-only counters of a server's task workers, for {@code stats()} and the Spring
 * starter's meters ({@code swoole.task.*}). Thread-safe; values are read without locking
 * and may be slightly stale.
 */
public interface TaskMetric {

	/** Configured task workers ({@code task_worker_num}). */
	int taskWorkerNum();

	/** Tasks queued and not yet started ({@code tasking_num}); 0 when all started. */
	int queuedCount();

	/** Bytes of the queued tasks' encoded messages ({@code task_queue_bytes}). */
	long queuedBytes();

	/** Tasks whose {@code onTask} is running now. */
	int runningCount();

	/** Tasks accepted by {@code task}/{@code taskwait}/{@code taskWaitMulti}. */
	long acceptedCount();

	/** Tasks whose {@code onTask} returned normally. */
	long doneCount();

	/** Tasks whose {@code onTask} threw. */
	long failedCount();

	/**
	 * Calls that could not queue a task: a full queue, no task worker, a call from a task
	 * worker, a {@code dstWorkerId} out of range, or a stopped server.
	 */
	long refusedCount();

	/**
	 * Tasks still queued when the server stopped (after {@code maxWaitTime}), which never
	 * ran.
	 */
	long droppedCount();

	/** {@code taskwait} results that arrived after their caller gave up. */
	long lateResultCount();

	/** Task workers that are idle ({@code task_idle_worker_num}). */
	int idleWorkerCount();

	/** One view per task worker, by id. */
	List<TaskWorkerMetric> workers();

}
