package io.swoole4j.process;

/**
 * The parent-side events of a {@link ProcessPool} (Swoole's {@code Process\Pool} events
 * and the manager's {@code onWorkerError}). Every method has an empty default. All run on
 * the pool's manager thread, one at a time, so they should return quickly; an exception
 * they throw is logged and counted and never stops the pool.
 */
public interface ProcessPoolHandler {

	/**
	 * A worker is up: its JVM started and, if the pool has pipes, connected its pipe.
	 * @param pool the pool
	 * @param workerId the worker's id, 0 to workerNum - 1
	 * @param pid the worker's process id
	 */
	default void onWorkerStart(ProcessPool pool, int workerId, long pid) {
	}

	/**
	 * A worker's process ended, for whatever reason (including the pool's shutdown).
	 * @param pool the pool
	 * @param workerId the worker's id
	 * @param status how it ended
	 */
	default void onWorkerStop(ProcessPool pool, int workerId, ExitStatus status) {
	}

	/**
	 * A worker ended abnormally (a code other than 0, or a signal) while the pool was
	 * running; it is restarted with the same id. Called after {@link #onWorkerStop}, once
	 * per exit, never during shutdown.
	 * @param pool the pool
	 * @param workerId the worker's id
	 * @param status the pid, exit code and signal
	 */
	default void onWorkerError(ProcessPool pool, int workerId, ExitStatus status) {
	}

	/**
	 * A worker sent a message over its pipe ({@link ProcessContext#write(byte[])}).
	 * @param pool the pool
	 * @param workerId the sender's id
	 * @param message the message, owned by the callee
	 */
	default void onMessage(ProcessPool pool, int workerId, byte[] message) {
	}

}
