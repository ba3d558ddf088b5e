package io.swoole4j.process;

import java.util.List;

/**
 * A snapshot of a {@link ProcessPool}.
 *
 * @param workerNum the number of worker slots
 * @param runningWorkers workers whose JVM runs (starting or running)
 * @param workerStarts JVMs launched, first starts and restarts
 * @param workerRestarts JVMs launched to replace one that ended
 * @param workerErrors abnormal exits while the pool ran ({@code onWorkerError} calls)
 * @param messagesReceived messages the workers sent to the pool
 * @param callbackFailures handler calls that threw
 * @param workers each slot, by id
 */
public record ProcessPoolStats(int workerNum, int runningWorkers, long workerStarts, long workerRestarts,
		long workerErrors, long messagesReceived, long callbackFailures, List<Worker> workers) {

	/**
	 * One worker slot.
	 *
	 * @param id the worker id
	 * @param pid the current process's pid, -1 if none runs
	 * @param state the slot's state
	 * @param starts how many JVMs this slot launched
	 */
	public record Worker(int id, long pid, WorkerState state, long starts) {
	}

}
