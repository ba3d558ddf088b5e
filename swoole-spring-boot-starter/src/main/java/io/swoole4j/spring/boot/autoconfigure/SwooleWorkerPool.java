package io.swoole4j.spring.boot.autoconfigure;

import java.util.List;

import io.swoole4j.server.Server;
import io.swoole4j.server.WorkerMetric;
import io.swoole4j.server.WorkerStatus;

/**
 * A read-only view of the server's workers (worker threads in thread mode, event loops in
 * base mode): their number, states and counters. Thread-safe; values are live and may be
 * slightly stale.
 */
public final class SwooleWorkerPool {

	private final Server server;

	SwooleWorkerPool(Server server) {
		this.server = server;
	}

	/**
	 * Returns the configured number of workers.
	 * @return {@code worker-num}
	 */
	public int size() {
		return this.server.config().workerNum();
	}

	/**
	 * Returns a view of each worker, in id order.
	 * @return the workers; empty before the server starts
	 */
	public List<WorkerMetric> workers() {
		return this.server.metric().workers();
	}

	/**
	 * Returns a worker's state (Swoole's {@code getWorkerStatus}).
	 * @param workerId from 0 to {@link #size()} - 1
	 * @return the state; {@link WorkerStatus#EXIT} before the server starts
	 * @throws IllegalArgumentException if the id is out of range
	 */
	public WorkerStatus status(int workerId) {
		return this.server.getWorkerStatus(workerId);
	}

	/**
	 * Counts the workers in a state.
	 * @param status the state
	 * @return the number of workers in it now
	 */
	public int count(WorkerStatus status) {
		int count = 0;
		for (WorkerMetric worker : workers()) {
			if (worker.status() == status) {
				count++;
			}
		}
		return count;
	}

}
