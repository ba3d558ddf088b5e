package io.swoole4j.spring.boot.metrics;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

import io.swoole4j.table.TableMetric;

/**
 * Binds {@code swoole.table.*} meters ({@link SwooleMeters}) for a fixed set of tables,
 * each tagged {@code table}. Values are read from shared memory at scrape time, so they
 * include every JVM that maps a table. A closed table must be unbound first: its views
 * throw once it is closed, so the meters report NaN.
 */
public class SwooleTableMetrics extends AbstractKeyedSwooleMetrics<TableMetric> {

	/**
	 * Creates a binder.
	 * @param tables the tables by tag value (their bean names)
	 * @param tags tags added to every meter
	 */
	public SwooleTableMetrics(Map<String, ? extends TableMetric> tables, Iterable<Tag> tags) {
		super(SwooleMeters.Tags.TABLE, tables, tags);
	}

	@Override
	protected void bind(MeterRegistry registry, List<Meter> meters, TableMetric table, Tags tags) {
		meters.add(SwooleMeters.TABLE_ROWS.gauge(table, TableMetric::rows).tags(tags).register(registry));
		meters.add(SwooleMeters.TABLE_CAPACITY.gauge(table, TableMetric::capacity).tags(tags).register(registry));
		meters.add(SwooleMeters.TABLE_CONFLICTS.counter(table, TableMetric::conflicts).tags(tags).register(registry));
		meters.add(SwooleMeters.TABLE_SLICES_FREE.gauge(table, TableMetric::freeSlices).tags(tags).register(registry));
		meters.add(SwooleMeters.TABLE_MEMORY.gauge(table, TableMetric::memoryBytes).tags(tags).register(registry));
	}

}
