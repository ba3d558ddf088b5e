package io.swoole4j.server;

import io.swoole4j.server.task.TaskPool;

/**
 * The {@link WorkerSlot} of a task worker: each generation is a thread of the
 * {@link TaskPool} serving the same task worker id and queue, so tasks queued while one
 * generation hands over to the next are run by the next.
 * <p>
 * Reloads and restarts go through the {@link WorkerManager}; the shutdown does not: the
 * task workers must keep running while the event workers drain (those may still send
 * tasks), so {@link #stop()}, {@link #join}, {@link #abandon()} and
 * {@link #refuseQueued()} do nothing here and {@link TaskPool#stop} ends them after the
 * event workers.
 */
final class TaskWorkerSlot implements WorkerSlot, TaskPool.Supervisor {

	private final TaskPool pool;

	private final int index;

	private final int id;

	private final WorkerManager manager;

	TaskWorkerSlot(TaskPool pool, int index, int id, WorkerManager manager) {
		this.pool = pool;
		this.index = index;
		this.id = id;
		this.manager = manager;
	}

	@Override
	public int id() {
		return this.id;
	}

	@Override
	public boolean isTaskWorker() {
		return true;
	}

	@Override
	public void spawn() {
		this.pool.spawnWorker(this.index, this);
	}

	@Override
	public long generation() {
		return this.pool.workerGeneration(this.index);
	}

	@Override
	public boolean isAlive() {
		return this.pool.isWorkerAlive(this.index);
	}

	@Override
	public long threadId() {
		return this.pool.workerThreadId(this.index);
	}

	@Override
	public void retire() {
		this.pool.retireWorker(this.index);
	}

	@Override
	public void stop() {
		// TaskPool.stop, after the event workers drained
	}

	@Override
	public boolean join(long millis) {
		return true;
	}

	@Override
	public void abandon() {
		// reload past maxWaitTime calls this; the shutdown path never does (join is true)
		this.pool.abandonWorker(this.index);
	}

	@Override
	public int refuseQueued() {
		// TaskPool.stop counts what is left in task queues as dropped
		return 0;
	}

	@Override
	public long restarts() {
		return Math.max(0, generation() - 1);
	}

	@Override
	public void started(int workerId, long generation) {
		this.manager.started(this, generation);
	}

	@Override
	public void exited(int workerId, long generation, long threadId, Throwable crash) {
		this.manager.exited(this, generation, threadId, crash);
	}

	@Override
	public String toString() {
		return "task worker " + this.id;
	}

}
