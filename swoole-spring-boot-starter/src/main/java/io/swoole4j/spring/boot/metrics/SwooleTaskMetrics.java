package io.swoole4j.spring.boot.metrics;

import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;

import io.swoole4j.server.task.TaskMetric;

/**
 * Binds {@code swoole.task.*} meters ({@link SwooleMeters}): the task workers of one
 * server, summed (no per-worker tag).
 */
public class SwooleTaskMetrics extends AbstractSwooleMetrics {

	private final TaskMetric tasks;

	private final Iterable<Tag> tags;

	/**
	 * Creates a binder.
	 * @param tasks the server's task counters
	 * @param tags tags added to every meter
	 */
	public SwooleTaskMetrics(TaskMetric tasks, Iterable<Tag> tags) {
		this.tasks = tasks;
		this.tags = tags;
	}

	@Override
	protected void bind(MeterRegistry registry, List<Meter> meters) {
		TaskMetric t = this.tasks;
		meters.add(SwooleMeters.TASK_QUEUED.gauge(t, TaskMetric::queuedCount).tags(this.tags).register(registry));
		meters.add(SwooleMeters.TASK_RUNNING.gauge(t, TaskMetric::runningCount).tags(this.tags).register(registry));
		meters.add(SwooleMeters.TASK_DONE.counter(t, TaskMetric::doneCount).tags(this.tags).register(registry));
		meters.add(SwooleMeters.TASK_FAILED.counter(t, TaskMetric::failedCount).tags(this.tags).register(registry));
		meters.add(SwooleMeters.TASK_REFUSED.counter(t, TaskMetric::refusedCount).tags(this.tags).register(registry));
	}

}
