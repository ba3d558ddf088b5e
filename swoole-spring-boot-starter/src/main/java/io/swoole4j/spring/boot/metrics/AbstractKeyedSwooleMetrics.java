package io.swoole4j.spring.boot.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

/**
 * A binder for a fixed set of like objects (reactors, pools, tables), binding the same
 * meters for each, tagged with its key.
 *
 * @param <T> the metric view of one object
 */
public abstract class AbstractKeyedSwooleMetrics<T> extends AbstractSwooleMetrics {

	private final String tagKey;

	private final Map<String, T> items;

	private final Iterable<Tag> tags;

	/**
	 * Creates a binder.
	 * @param tagKey the tag carrying each object's key
	 * @param items the objects by tag value (a configured name or id, never anything
	 * unbounded)
	 * @param tags tags added to every meter
	 */
	protected AbstractKeyedSwooleMetrics(String tagKey, Map<String, ? extends T> items, Iterable<Tag> tags) {
		this.tagKey = tagKey;
		this.items = new LinkedHashMap<>(items);
		this.tags = tags;
	}

	@Override
	protected final void bind(MeterRegistry registry, List<Meter> meters) {
		this.items.forEach((key, item) -> bind(registry, meters, item, Tags.concat(this.tags, this.tagKey, key)));
	}

	/**
	 * Registers the meters of one object.
	 * @param registry the registry
	 * @param meters receives every meter registered
	 * @param item the object
	 * @param tags the tags of its meters, its key included
	 */
	protected abstract void bind(MeterRegistry registry, List<Meter> meters, T item, Tags tags);

}
