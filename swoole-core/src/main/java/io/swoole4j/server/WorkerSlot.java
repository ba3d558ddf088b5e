package io.swoole4j.server;

/**
 * One supervised worker id whose thread the {@link WorkerManager} can replace: an event
 * worker ({@link EventWorkerSlot}), and task workers once they exist (they implement this
 * interface, return {@code true} from {@link #isTaskWorker()}, register with
 * {@link WorkerManager#add} before start, report each generation's start (after
 * {@code onWorkerStart}) with {@link WorkerManager#started} and its end with
 * {@link WorkerManager#exited}; {@code reload(true)} then replaces only them).
 * <p>
 * A <em>generation</em> is one thread serving the id; {@link #spawn()} starts the next
 * one. Every method but {@link #generation()}, {@link #isAlive()} and {@link #threadId()}
 * is called by the manager thread or by the shutdown thread once the manager no longer
 * spawns.
 */
interface WorkerSlot {

	/** The worker id, stable across generations. */
	int id();

	/** Whether this is a task worker ({@code reload(true)} replaces only those). */
	boolean isTaskWorker();

	/** Starts a new generation (the first at start, then replacements). */
	void spawn();

	/** The number of the current generation (1 for the first). */
	long generation();

	/** Whether the current generation's thread is alive. */
	boolean isAlive();

	/** {@link Thread#threadId()} of the current generation, or -1. */
	long threadId();

	/**
	 * Asks the current generation to stop after the event it is handling (reload,
	 * {@code maxRequest}); what is queued is left for the next generation.
	 */
	void retire();

	/** Asks the current generation to stop once its queue is empty (shutdown). */
	void stop();

	/** Waits up to {@code millis} for the current generation's thread to end. */
	boolean join(long millis) throws InterruptedException;

	/**
	 * Gives up on a generation stuck in a callback past {@code maxWaitTime}: a Java
	 * thread cannot be killed, so it is interrupted and marked abandoned; once this
	 * returns it takes no further event, runs no {@code onWorkerStop}, and whatever it
	 * still does when its callback returns is its own affair. Its queue then belongs to
	 * the next generation (or to the shutdown, which refuses what is left).
	 */
	void abandon();

	/**
	 * Shutdown, after the generation ended or was abandoned: drops what is still queued,
	 * closing nothing itself (the server closes every connection next).
	 * @return how many data requests were refused
	 */
	int refuseQueued();

	/** Generations started after the first (restarts, reloads, recycling). */
	long restarts();

}
