package io.swoole4j.spring.boot.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanNameAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;

import io.swoole4j.memory.MemoryPool;
import io.swoole4j.memory.MemoryPoolMetric;
import io.swoole4j.reactor.ReactorMetric;
import io.swoole4j.server.ReactorThreadMetric;
import io.swoole4j.server.Server;
import io.swoole4j.table.Table;

/**
 * Binds every swoole4j subsystem to the {@link MeterRegistry} once the application has
 * started, as Boot's {@code TomcatMetricsBinder} does: the server's reactor threads and
 * pools exist only once it runs. Binds, when present, the {@link Server} (reactors,
 * memory pools, workers, connections, task workers when configured), every {@link Table}
 * bean (tagged with its bean name) and every {@link MemoryPool} bean (tagged with its
 * bean name). Removes the meters when the context closes, before the tables are closed.
 */
public class SwooleMetricsBinder
		implements ApplicationListener<ApplicationStartedEvent>, BeanNameAware, DisposableBean {

	private final MeterRegistry registry;

	private final ListableBeanFactory beanFactory;

	private final Iterable<Tag> tags;

	private final List<AbstractSwooleMetrics> bound = new ArrayList<>();

	private @Nullable String beanName;

	/**
	 * Creates a binder.
	 * @param registry the registry to bind to
	 * @param beanFactory where to find the server, tables and pools
	 * @param tags tags added to every meter
	 */
	public SwooleMetricsBinder(MeterRegistry registry, ListableBeanFactory beanFactory, Iterable<Tag> tags) {
		this.registry = registry;
		this.beanFactory = beanFactory;
		this.tags = tags;
	}

	@Override
	public void setBeanName(String name) {
		this.beanName = name;
	}

	@Override
	public void onApplicationEvent(ApplicationStartedEvent event) {
		synchronized (this.bound) {
			if (!this.bound.isEmpty()) {
				return;
			}
			Map<String, MemoryPoolMetric> pools = new LinkedHashMap<>();
			this.beanFactory.getBeansOfType(MemoryPool.class, false, false)
				.forEach((name, pool) -> pools.put(name, pool.metric()));
			Map<String, Server> servers = this.beanFactory.getBeansOfType(Server.class, false, false);
			if (servers.size() == 1) {
				Server server = servers.values().iterator().next();
				Map<String, ReactorMetric> reactors = new LinkedHashMap<>();
				for (ReactorThreadMetric reactor : server.metric().reactors()) {
					reactors.put(Integer.toString(reactor.reactorId()), reactor.loop());
				}
				pools.putAll(SwooleMemoryPoolMetrics.poolsOf(server));
				bind(new SwooleReactorMetrics(reactors, this.tags));
				bind(new SwooleWorkerMetrics(server.metric(), this.tags));
				bind(new SwooleConnectionMetrics(server.metric(), this.tags));
				if (server.config().taskWorkerNum() > 0) {
					bind(new SwooleTaskMetrics(server.taskMetric(), this.tags));
				}
			}
			bind(new SwooleMemoryPoolMetrics(pools, this.tags));
			Map<String, Table> tables = this.beanFactory.getBeansOfType(Table.class, false, false);
			// be destroyed before the tables: a closed table's views throw
			if (this.beanName != null && this.beanFactory instanceof ConfigurableListableBeanFactory configurable) {
				tables.keySet().forEach((table) -> configurable.registerDependentBean(table, this.beanName));
			}
			bind(new SwooleTableMetrics(tables, this.tags));
		}
	}

	private void bind(AbstractSwooleMetrics metrics) {
		metrics.bindTo(this.registry);
		this.bound.add(metrics);
	}

	@Override
	public void destroy() {
		synchronized (this.bound) {
			this.bound.forEach(AbstractSwooleMetrics::close);
			this.bound.clear();
		}
	}

}
