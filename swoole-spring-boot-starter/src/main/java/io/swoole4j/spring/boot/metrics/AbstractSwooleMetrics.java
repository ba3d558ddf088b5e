package io.swoole4j.spring.boot.metrics;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * A {@link MeterBinder} that remembers what it registered, so that its meters can be
 * removed before the objects they read are closed (a closed table's views throw).
 */
public abstract class AbstractSwooleMetrics implements MeterBinder, AutoCloseable {

	private final List<Registered> registered = new ArrayList<>();

	/**
	 * Registers the meters with {@code registry}.
	 * @param registry the registry
	 */
	@Override
	public final void bindTo(MeterRegistry registry) {
		List<Meter> meters = new ArrayList<>();
		bind(registry, meters);
		synchronized (this.registered) {
			meters.forEach((meter) -> this.registered.add(new Registered(registry, meter)));
		}
	}

	/**
	 * Registers the meters with {@code registry}, adding each to {@code meters}.
	 * @param registry the registry
	 * @param meters receives every meter registered
	 */
	protected abstract void bind(MeterRegistry registry, List<Meter> meters);

	/**
	 * Removes every meter this binder registered from the registries it was bound to.
	 * Idempotent.
	 */
	@Override
	public void close() {
		synchronized (this.registered) {
			this.registered.forEach((r) -> r.registry().remove(r.meter()));
			this.registered.clear();
		}
	}

	private record Registered(MeterRegistry registry, Meter meter) {
	}

}
