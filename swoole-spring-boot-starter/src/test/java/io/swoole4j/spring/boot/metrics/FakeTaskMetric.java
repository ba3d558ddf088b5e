package io.swoole4j.spring.boot.metrics;

import java.util.List;

import io.swoole4j.server.task.TaskMetric;
import io.swoole4j.server.task.TaskWorkerMetric;

/**
 * A {@link TaskMetric} whose counters a test sets.
 */
class FakeTaskMetric implements TaskMetric {

	volatile int queued;

	volatile int running;

	volatile long done;

	volatile long failed;

	volatile long refused;

	@Override
	public int taskWorkerNum() {
		return 2;
	}

	@Override
	public int queuedCount() {
		return this.queued;
	}

	@Override
	public long queuedBytes() {
		return 0;
	}

	@Override
	public int runningCount() {
		return this.running;
	}

	@Override
	public long acceptedCount() {
		return this.queued + this.running + this.done + this.failed;
	}

	@Override
	public long doneCount() {
		return this.done;
	}

	@Override
	public long failedCount() {
		return this.failed;
	}

	@Override
	public long refusedCount() {
		return this.refused;
	}

	@Override
	public long droppedCount() {
		return 0;
	}

	@Override
	public long lateResultCount() {
		return 0;
	}

	@Override
	public int idleWorkerCount() {
		return 2 - this.running;
	}

	@Override
	public List<TaskWorkerMetric> workers() {
		return List.of();
	}

}
