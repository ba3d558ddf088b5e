package io.swoole4j.server.task;

/**
 * How a {@link TaskPool} reaches the event workers of its server. Implemented by
 * {@code Server}; not for applications.
 */
public interface EventWorkers {

	/** The event worker id of the calling thread, or -1 if it is not an event worker. */
	int currentWorkerId();

	/**
	 * Runs {@code callback} on event worker {@code workerId}'s thread, marking the worker
	 * BUSY around it; an exception it throws is logged and counted on that worker. Any
	 * thread.
	 * @param name the callback's name, for the log
	 * @param bounded whether the post may be refused when the worker has many pending
	 * posts (pipe messages), rather than always queued (task results, which the worker
	 * asked for)
	 * @return false if the worker is stopped, or if {@code bounded} and its backlog is
	 * full; the callback then never runs
	 */
	boolean post(int workerId, String name, Runnable callback, boolean bounded);

}
