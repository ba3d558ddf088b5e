package io.swoole4j.spring.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.swoole4j.spring.boot.autoconfigure.SwooleServerAutoConfiguration;
import io.swoole4j.spring.boot.autoconfigure.SwooleTableAutoConfiguration;
import io.swoole4j.spring.boot.metrics.SwooleMetricsBinder;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of swoole4j's Micrometer meters ({@code swoole.reactor.*},
 * {@code swoole.memory.pool.*}, {@code swoole.worker.*}, {@code swoole.connections.*},
 * {@code swoole.task.*}, {@code swoole.table.*}), bound once the application has started.
 */
@AutoConfiguration(after = { SwooleServerAutoConfiguration.class, SwooleTableAutoConfiguration.class },
		afterName = {
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class SwooleMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SwooleMetricsBinder swooleMetricsBinder(MeterRegistry registry, ListableBeanFactory beanFactory) {
		return new SwooleMetricsBinder(registry, beanFactory, Tags.empty());
	}

}
