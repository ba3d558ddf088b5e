package io.swoole4j.spring.boot.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

import io.swoole4j.memory.MemoryPoolMetric;
import io.swoole4j.server.ReactorThreadMetric;
import io.swoole4j.server.Server;

/**
 * Binds {@code swoole.memory.pool.*} meters ({@link SwooleMeters}) for a fixed set of
 * memory pools, each tagged {@code pool}.
 */
public class SwooleMemoryPoolMetrics extends AbstractKeyedSwooleMetrics<MemoryPoolMetric> {

	/**
	 * Creates a binder.
	 * @param pools the pools by tag value (for example {@code reactor-0-chunks} or a bean
	 * name)
	 * @param tags tags added to every meter
	 */
	public SwooleMemoryPoolMetrics(Map<String, ? extends MemoryPoolMetric> pools, Iterable<Tag> tags) {
		super(SwooleMeters.Tags.POOL, pools, tags);
	}

	/**
	 * Returns the memory pools of a started server: each reactor thread's chunk pool
	 * ({@code reactor-<id>-chunks}) and, in thread mode, its packet ring
	 * ({@code reactor-<id>-packets}).
	 * @param server the server
	 * @return the pools by name, empty before the server starts
	 */
	public static Map<String, MemoryPoolMetric> poolsOf(Server server) {
		Map<String, MemoryPoolMetric> pools = new LinkedHashMap<>();
		for (ReactorThreadMetric reactor : server.metric().reactors()) {
			pools.put("reactor-" + reactor.reactorId() + "-chunks", reactor.chunkPool());
			MemoryPoolMetric ring = reactor.packetRing();
			if (ring != null) {
				pools.put("reactor-" + reactor.reactorId() + "-packets", ring);
			}
		}
		return pools;
	}

	@Override
	protected void bind(MeterRegistry registry, List<Meter> meters, MemoryPoolMetric pool, Tags tags) {
		meters.add(SwooleMeters.MEMORY_POOL_CAPACITY.gauge(pool, MemoryPoolMetric::capacityBytes)
			.tags(tags)
			.register(registry));
		meters
			.add(SwooleMeters.MEMORY_POOL_USED.gauge(pool, MemoryPoolMetric::usedBytes).tags(tags).register(registry));
		meters
			.add(SwooleMeters.MEMORY_POOL_FREE.gauge(pool, MemoryPoolMetric::freeBytes).tags(tags).register(registry));
		meters.add(SwooleMeters.MEMORY_POOL_USED_MAX.gauge(pool, MemoryPoolMetric::highWaterMarkBytes)
			.tags(tags)
			.register(registry));
		meters.add(SwooleMeters.MEMORY_POOL_ALLOCATIONS.counter(pool, MemoryPoolMetric::allocations)
			.tags(tags)
			.register(registry));
		meters.add(SwooleMeters.MEMORY_POOL_ALLOCATIONS_FAILED.counter(pool, MemoryPoolMetric::failedAllocations)
			.tags(tags)
			.register(registry));
	}

}
