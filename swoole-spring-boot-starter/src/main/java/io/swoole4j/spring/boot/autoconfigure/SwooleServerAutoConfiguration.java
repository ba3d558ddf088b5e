package io.swoole4j.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.swoole4j.server.Server;
import io.swoole4j.server.ServerConfig;
import io.swoole4j.server.ServerHandler;
import io.swoole4j.server.task.Codec;
import io.swoole4j.spring.boot.actuate.SwooleEndpoint;
import io.swoole4j.spring.boot.actuate.SwooleHealthIndicator;
import io.swoole4j.table.Table;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the swoole4j {@link Server}: its {@link ServerConfig} from
 * {@code swoole.server.*} and the {@link SwooleServerCustomizer} beans, the server
 * calling the application's {@link ServerHandler} (or {@link ServerHandler.OnReceive})
 * bean, the {@link SwooleServerLifecycle} that runs it, a read-only
 * {@link SwooleWorkerPool}, a {@link SwooleTaskTemplate} when
 * {@code swoole.server.task-worker-num} is above 0, and, with Actuator, the
 * {@code swoole} endpoint and health indicator.
 * <p>
 * Applies unless {@code swoole.server.enabled=false}, and only when the application
 * defines a handler (or its own {@link Server}, which is then run as is).
 */
@AutoConfiguration(after = SwooleTableAutoConfiguration.class)
@ConditionalOnClass(Server.class)
@ConditionalOnSwooleServerEnabled
@Conditional(OnServerHandlerCondition.class)
@EnableConfigurationProperties(SwooleServerProperties.class)
public final class SwooleServerAutoConfiguration {

	private static final Duration DEFAULT_SHUTDOWN_PHASE_TIMEOUT = Duration.ofSeconds(30);

	@Bean
	@ConfigurationPropertiesBinding
	static DispatchModeConverter swooleDispatchModeConverter() {
		return new DispatchModeConverter();
	}

	@Bean
	@ConditionalOnMissingBean({ ServerConfig.class, Server.class })
	ServerConfig swooleServerConfig(SwooleServerProperties properties,
			ObjectProvider<SwooleServerCustomizer> customizers, ObjectProvider<Codec> taskCodec,
			Environment environment) {
		Duration phaseTimeout = Binder.get(environment)
			.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(DEFAULT_SHUTDOWN_PHASE_TIMEOUT);
		return ServerConfigFactory.create(properties, customizers.orderedStream(), phaseTimeout,
				taskCodec.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	Server swooleServer(ServerConfig config, ObjectProvider<ServerHandler> handler,
			ObjectProvider<ServerHandler.OnReceive> onReceive, SwooleServerProperties properties,
			ListableBeanFactory beanFactory) {
		ServerHandler effective = serverHandler(handler, onReceive, properties, beanFactory);
		Server server = new Server(config, effective);
		SwooleListeners.add(server, properties, beanFactory);
		return server;
	}

	private static ServerHandler serverHandler(ObjectProvider<ServerHandler> handler,
			ObjectProvider<ServerHandler.OnReceive> onReceive, SwooleServerProperties properties,
			ListableBeanFactory beanFactory) {
		ServerHandler effective = handler.getIfUnique();
		if (effective != null) {
			return effective;
		}
		// the handlers named by listeners are not candidates for the primary port
		Set<String> listenerHandlers = SwooleListeners.handlerNames(properties);
		List<String> handlers = Arrays.stream(beanFactory.getBeanNamesForType(ServerHandler.class))
			.filter((name) -> !listenerHandlers.contains(name))
			.toList();
		if (handlers.size() == 1) {
			return beanFactory.getBean(handlers.get(0), ServerHandler.class);
		}
		List<String> receivers = Arrays.stream(beanFactory.getBeanNamesForType(ServerHandler.OnReceive.class))
			.filter((name) -> !listenerHandlers.contains(name))
			.toList();
		if (handlers.isEmpty() && receivers.size() == 1) {
			return ServerHandler.onReceive(beanFactory.getBean(receivers.get(0), ServerHandler.OnReceive.class));
		}
		throw new IllegalStateException("swoole4j needs exactly one ServerHandler or ServerHandler.OnReceive"
				+ " bean besides those of swoole.server.listeners; found " + handlers + " and " + receivers);
	}

	@Bean
	@ConditionalOnMissingBean
	SwooleServerLifecycle swooleServerLifecycle(Server server, ApplicationContext context) {
		return new SwooleServerLifecycle(server, context);
	}

	@Bean
	@ConditionalOnMissingBean
	SwooleWorkerPool swooleWorkerPool(Server server) {
		return new SwooleWorkerPool(server);
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnTaskWorkersCondition.class)
	SwooleTaskTemplate swooleTaskTemplate(Server server) {
		return new SwooleTaskTemplate(server);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
			"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
	@ConditionalOnAvailableEndpoint(SwooleEndpoint.class)
	static class SwooleEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SwooleEndpoint swooleEndpoint(Server server, ListableBeanFactory beanFactory) {
			Map<String, Table> tables = beanFactory.getBeansOfType(Table.class, false, false);
			return new SwooleEndpoint(server, tables);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.health.contributor.HealthIndicator",
			"org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator" })
	@ConditionalOnEnabledHealthIndicator("swoole")
	static class SwooleHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "swooleHealthIndicator")
		SwooleHealthIndicator swooleHealthIndicator(Server server, ObjectProvider<SwooleServerLifecycle> lifecycle) {
			return new SwooleHealthIndicator(server, () -> {
				SwooleServerLifecycle current = lifecycle.getIfAvailable();
				return current != null && current.isDraining();
			}, () -> {
				SwooleServerLifecycle current = lifecycle.getIfAvailable();
				return (current != null) ? current.deadThreadNames() : List.of();
			});
		}

	}

}
