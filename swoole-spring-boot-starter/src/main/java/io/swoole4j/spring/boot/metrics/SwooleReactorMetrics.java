package io.swoole4j.spring.boot.metrics;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

import io.swoole4j.reactor.ReactorMetric;
import io.swoole4j.timer.TimerMetric;

/**
 * Binds {@code swoole.reactor.*} meters, and {@code swoole.timer.*} meters for each
 * reactor's built-in timer ({@link SwooleMeters}), for a fixed set of reactors, each
 * tagged {@code reactor}.
 */
public class SwooleReactorMetrics extends AbstractKeyedSwooleMetrics<ReactorMetric> {

	/**
	 * Creates a binder.
	 * @param reactors the reactors by tag value (a reactor id or a configured name, never
	 * anything unbounded)
	 * @param tags tags added to every meter
	 */
	public SwooleReactorMetrics(Map<String, ? extends ReactorMetric> reactors, Iterable<Tag> tags) {
		super(SwooleMeters.Tags.REACTOR, reactors, tags);
	}

	@Override
	protected void bind(MeterRegistry registry, List<Meter> meters, ReactorMetric reactor, Tags tags) {
		meters.add(SwooleMeters.REACTOR_LOOPS.counter(reactor, ReactorMetric::loops).tags(tags).register(registry));
		meters.add(SwooleMeters.REACTOR_EVENTS.counter(reactor, ReactorMetric::eventsHandled)
			.tags(tags)
			.register(registry));
		meters.add(SwooleMeters.REACTOR_WAKEUPS.counter(reactor, ReactorMetric::wakeups).tags(tags).register(registry));
		meters.add(SwooleMeters.REACTOR_TASKS_PENDING.gauge(reactor, SwooleReactorMetrics::pendingTasks)
			.tags(tags)
			.register(registry));
		meters.add(SwooleMeters.REACTOR_TASKS_COMPLETED.counter(reactor, ReactorMetric::tasksRun)
			.tags(tags)
			.register(registry));
		meters.add(SwooleMeters.REACTOR_CHANNELS.gauge(reactor, ReactorMetric::channelsRegistered)
			.tags(tags)
			.register(registry));
		meters.add(SwooleMeters.REACTOR_HANDLER_TIME.counter(reactor, (r) -> r.handlerNanos() / 1e9)
			.tags(tags)
			.register(registry));
		meters.add(SwooleMeters.REACTOR_HANDLER_ERRORS.counter(reactor, ReactorMetric::handlerErrors)
			.tags(tags)
			.register(registry));
		meters.add(SwooleMeters.REACTOR_POLLER_ERRORS.counter(reactor, ReactorMetric::pollerErrors)
			.tags(tags)
			.register(registry));
		TimerMetric timers = reactor.timers();
		meters.add(SwooleMeters.TIMER_ACTIVE.gauge(timers, TimerMetric::active).tags(tags).register(registry));
		meters.add(SwooleMeters.TIMER_FIRED.counter(timers, TimerMetric::fired).tags(tags).register(registry));
		meters
			.add(SwooleMeters.TIMER_ERRORS.counter(timers, TimerMetric::callbackErrors).tags(tags).register(registry));
	}

	private static double pendingTasks(ReactorMetric reactor) {
		// two unsynchronised reads: tasksRun can overtake the tasksQueued read
		// just before it, so never report less than zero
		return Math.max(0, reactor.tasksQueued() - reactor.tasksRun());
	}

}
