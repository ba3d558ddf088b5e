package io.swoole4j.spring.boot.metrics;

import java.util.List;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;

import io.swoole4j.server.ServerMetric;
import io.swoole4j.server.WorkerMetric;
import io.swoole4j.server.WorkerStatus;

/**
 * Binds {@code swoole.worker.*} meters ({@link SwooleMeters}): the workers of one server,
 * summed (no per-worker tag, so a large {@code worker-num} costs no extra series).
 */
public class SwooleWorkerMetrics extends AbstractSwooleMetrics {

	private final ServerMetric server;

	private final Iterable<Tag> tags;

	/**
	 * Creates a binder.
	 * @param server the server's metric view
	 * @param tags tags added to every meter
	 */
	public SwooleWorkerMetrics(ServerMetric server, Iterable<Tag> tags) {
		this.server = server;
		this.tags = tags;
	}

	@Override
	protected void bind(MeterRegistry registry, List<Meter> meters) {
		ServerMetric s = this.server;
		meters.add(SwooleMeters.WORKER_BUSY.gauge(s, (m) -> count(m, WorkerStatus.BUSY))
			.tags(this.tags)
			.register(registry));
		meters.add(SwooleMeters.WORKER_IDLE.gauge(s, (m) -> count(m, WorkerStatus.IDLE))
			.tags(this.tags)
			.register(registry));
		meters.add(SwooleMeters.WORKER_EXITED.gauge(s, (m) -> count(m, WorkerStatus.EXIT))
			.tags(this.tags)
			.register(registry));
		meters.add(
				SwooleMeters.WORKER_REQUESTS.counter(s, ServerMetric::requestCount).tags(this.tags).register(registry));
		meters.add(SwooleMeters.WORKER_DISPATCHES.counter(s, ServerMetric::dispatchCount)
			.tags(this.tags)
			.register(registry));
		meters.add(SwooleMeters.WORKER_ERRORS.counter(s, (m) -> sum(m, WorkerMetric::callbackErrors))
			.tags(this.tags)
			.register(registry));
		meters.add(SwooleMeters.WORKER_RESTARTS.counter(s, (m) -> sum(m, WorkerMetric::restarts))
			.tags(this.tags)
			.register(registry));
		meters.add(SwooleMeters.WORKER_QUEUED.gauge(s, (m) -> sum(m, WorkerMetric::queuedEvents))
			.tags(this.tags)
			.register(registry));
	}

	private static double count(ServerMetric server, WorkerStatus status) {
		int count = 0;
		for (WorkerMetric worker : server.workers()) {
			if (worker.status() == status) {
				count++;
			}
		}
		return count;
	}

	private static double sum(ServerMetric server, ToLongFunction<WorkerMetric> value) {
		long sum = 0;
		for (WorkerMetric worker : server.workers()) {
			sum += value.applyAsLong(worker);
		}
		return sum;
	}

}
