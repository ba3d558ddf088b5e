package io.swoole4j.spring.boot.metrics;

import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;

import io.swoole4j.server.ServerMetric;

/**
 * Binds {@code swoole.connections.*} meters ({@link SwooleMeters}) for one server: live,
 * accepted, closed and aborted connections, bytes received and sent.
 */
public class SwooleConnectionMetrics extends AbstractSwooleMetrics {

	private final ServerMetric server;

	private final Iterable<Tag> tags;

	/**
	 * Creates a binder.
	 * @param server the server's metric view
	 * @param tags tags added to every meter
	 */
	public SwooleConnectionMetrics(ServerMetric server, Iterable<Tag> tags) {
		this.server = server;
		this.tags = tags;
	}

	@Override
	protected void bind(MeterRegistry registry, List<Meter> meters) {
		ServerMetric s = this.server;
		meters.add(SwooleMeters.CONNECTIONS_ACTIVE.gauge(s, ServerMetric::connectionNum)
			.tags(this.tags)
			.register(registry));
		meters.add(SwooleMeters.CONNECTIONS_ACCEPTED.counter(s, ServerMetric::acceptCount)
			.tags(this.tags)
			.register(registry));
		meters.add(SwooleMeters.CONNECTIONS_CLOSED.counter(s, ServerMetric::closeCount)
			.tags(this.tags)
			.register(registry));
		meters.add(SwooleMeters.CONNECTIONS_ABORTED.counter(s, ServerMetric::abortCount)
			.tags(this.tags)
			.register(registry));
		meters.add(SwooleMeters.CONNECTIONS_RECEIVED.counter(s, ServerMetric::totalRecvBytes)
			.tags(this.tags)
			.register(registry));
		meters.add(SwooleMeters.CONNECTIONS_SENT.counter(s, ServerMetric::totalSendBytes)
			.tags(this.tags)
			.register(registry));
	}

}
