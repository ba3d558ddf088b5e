package io.swoole4j.spring.boot.autoconfigure;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.util.StringUtils;

import io.swoole4j.memory.FixedPool;
import io.swoole4j.memory.MemoryPool;
import io.swoole4j.server.DispatchMode;
import io.swoole4j.server.Mode;
import io.swoole4j.server.Server;
import io.swoole4j.server.ServerConfig;
import io.swoole4j.server.ServerHandler;
import io.swoole4j.spring.boot.actuate.SwooleEndpoint;
import io.swoole4j.spring.boot.actuate.SwooleHealthIndicator;
import io.swoole4j.spring.boot.autoconfigure.metrics.SwooleMetricsAutoConfiguration;
import io.swoole4j.spring.boot.metrics.SwooleMetricsBinder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SwooleServerAutoConfiguration} and
 * {@link SwooleMetricsAutoConfiguration}.
 */
@Timeout(60)
class SwooleServerAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SwooleTableAutoConfiguration.class,
				SwooleServerAutoConfiguration.class, SwooleMetricsAutoConfiguration.class))
		.withPropertyValues("swoole.server.host=127.0.0.1", "swoole.server.worker-num=2", "swoole.server.reactor-num=1",
				"swoole.server.packet-ring-size=256KB");

	@Test
	void autoConfiguresServerWithDefaults() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SwooleServerAutoConfiguration.class))
			.withUserConfiguration(HandlerConfiguration.class)
			.withPropertyValues("swoole.server.host=127.0.0.1")
			.run((context) -> {
				assertThat(context).hasSingleBean(Server.class)
					.hasSingleBean(ServerConfig.class)
					.hasSingleBean(SwooleServerLifecycle.class)
					.hasSingleBean(SwooleWorkerPool.class);
				ServerConfig config = context.getBean(ServerConfig.class);
				assertThat(config.workerNum()).isEqualTo(ServerConfig.DEFAULT_WORKER_NUM);
				assertThat(config.mode()).isEqualTo(ServerConfig.DEFAULT_MODE);
				assertThat(config.dispatchMode()).isEqualTo(ServerConfig.DEFAULT_DISPATCH_MODE);
				assertThat(config.maxWaitTime()).isEqualTo(ServerConfig.DEFAULT_MAX_WAIT_TIME);
				Server server = context.getBean(Server.class);
				assertThat(server.isRunning()).isTrue();
				assertThat(server.port()).isPositive();
				assertThat(context.getEnvironment().getProperty("local.swoole.port", Integer.class))
					.isEqualTo(server.port());
				assertThat(context.getBean(SwooleWorkerPool.class).workers()).hasSize(config.workerNum());
			});
	}

	@Test
	void stopsTheServerWhenTheContextCloses() {
		Server[] holder = new Server[1];
		this.runner.withUserConfiguration(HandlerConfiguration.class)
			.run((context) -> holder[0] = context.getBean(Server.class));
		assertThat(holder[0].isRunning()).isFalse();
	}

	@Test
	void publishesRefusingTrafficBeforeStopping() {
		List<Object> events = new CopyOnWriteArrayList<>();
		Server[] holder = new Server[1];
		this.runner.withUserConfiguration(HandlerConfiguration.class)
			.withBean(ApplicationListener.class, () -> (ApplicationListener<AvailabilityChangeEvent<?>>) (event) -> {
				events.add(event.getState());
				events.add(holder[0].isRunning());
			})
			.run((context) -> holder[0] = context.getBean(Server.class));
		assertThat(events).containsExactly(ReadinessState.REFUSING_TRAFFIC, true);
		assertThat(holder[0].isRunning()).isFalse();
	}

	@Test
	void registersTheFailureAnalyzers() throws IOException {
		List<String> analyzers = new ArrayList<>();
		for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring.factories"))) {
			String names = PropertiesLoaderUtils.loadProperties(new UrlResource(url))
				.getProperty(FailureAnalyzer.class.getName(), "");
			analyzers.addAll(StringUtils.commaDelimitedListToSet(names));
		}
		assertThat(analyzers).contains(InvalidSwoolePropertyFailureAnalyzer.class.getName(),
				SwoolePortInUseFailureAnalyzer.class.getName());
	}

	@Test
	void autoConfigurationsArePublicFinalAndListedInImports() throws Exception {
		List<String> imports = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("io.swoole4j."))
			.toList();
		assertThat(imports).contains(SwooleServerAutoConfiguration.class.getName(),
				SwooleTableAutoConfiguration.class.getName(), SwooleMetricsAutoConfiguration.class.getName());
		for (String name : imports) {
			Class<?> type = Class.forName(name);
			assertThat(Modifier.isPublic(type.getModifiers()) && Modifier.isFinal(type.getModifiers())).as(name)
				.isTrue();
			assertThat(type).hasAnnotation(AutoConfiguration.class);
			for (Method method : type.getDeclaredMethods()) {
				if (method.isAnnotationPresent(Bean.class)) {
					assertThat(Modifier.isPublic(method.getModifiers())).as(method.toString()).isFalse();
				}
			}
		}
	}

	@Test
	void adaptsAnOnReceiveBeanWhenNoServerHandlerIsDefined() {
		this.runner.withBean(ServerHandler.OnReceive.class, () -> (server, session, reactor, packet) -> {
		}).run((context) -> assertThat(context).hasSingleBean(Server.class));
	}

	@Test
	void backsOffWhenUserDefinesServer() {
		this.runner.withUserConfiguration(UserServerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(Server.class).doesNotHaveBean(ServerConfig.class);
			assertThat(context).getBean(Server.class).isSameAs(context.getBean("userServer"));
			assertThat(context.getBean(Server.class).isRunning()).isTrue();
		});
	}

	@Test
	void doesNotApplyWhenDisabled() {
		this.runner.withUserConfiguration(HandlerConfiguration.class)
			.withPropertyValues("swoole.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(Server.class)
				.doesNotHaveBean(ServerConfig.class)
				.doesNotHaveBean(SwooleServerLifecycle.class)
				.doesNotHaveBean(SwooleWorkerPool.class));
	}

	@Test
	void doesNotApplyWithoutAHandler() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(Server.class));
	}

	@Test
	void customizerBeansAreAppliedInOrder() {
		this.runner.withUserConfiguration(HandlerConfiguration.class, CustomizerConfiguration.class).run((context) -> {
			assertThat(context.getBean(CustomizerConfiguration.class).calls).containsExactly("first", "second");
			assertThat(context.getBean(ServerConfig.class).workerNum()).isEqualTo(3);
		});
	}

	@Test
	void metricsBindersBackOffWithoutMeterRegistry() {
		this.runner.withUserConfiguration(HandlerConfiguration.class)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasSingleBean(Server.class)
				.doesNotHaveBean(SwooleMetricsBinder.class));
	}

	@Test
	void metricsBindersApplyWithMeterRegistry() {
		this.runner.withUserConfiguration(HandlerConfiguration.class)
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).hasSingleBean(SwooleMetricsBinder.class));
	}

	@Test
	void metricsBinderBindsServerTablesAndPoolBeansOnceStartedAndUnbindsOnClose() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (MemoryPool slices = FixedPool.anonymous(64, 4)) {
			this.runner.withUserConfiguration(HandlerConfiguration.class)
				.withBean(SimpleMeterRegistry.class, () -> registry)
				.withBean("slices", MemoryPool.class, () -> slices)
				.withPropertyValues("swoole.tables.sessions.size=64", "swoole.tables.sessions.columns.v.type=int")
				.run((context) -> {
					assertThat(registry.find("swoole.connections.active").meters()).isEmpty();
					context.publishEvent(new ApplicationStartedEvent(new SpringApplication(), new String[0],
							context.getSourceApplicationContext(), Duration.ZERO));
					assertThat(registry.get("swoole.table.rows").tag("table", "sessions").gauge().value()).isZero();
					assertThat(registry.get("swoole.memory.pool.capacity").tag("pool", "slices").gauge().value())
						.isPositive();
					assertThat(
							registry.get("swoole.memory.pool.capacity").tag("pool", "reactor-0-chunks").gauge().value())
						.isPositive();
					assertThat(registry.get("swoole.reactor.loops").tag("reactor", "0").functionCounter().count())
						.isNotNegative();
					assertThat(registry.get("swoole.worker.idle").gauge().value()).isEqualTo(2);
					assertThat(registry.get("swoole.connections.active").gauge().value()).isZero();
				});
		}
		assertThat(registry.getMeters()).noneMatch((meter) -> meter.getId().getName().startsWith("swoole."));
	}

	@Test
	void invalidWorkerNumFailsWithAnalyzedFailure() {
		this.runner.withUserConfiguration(HandlerConfiguration.class)
			.withPropertyValues("swoole.server.worker-num=0")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidSwoolePropertyFailureAnalyzer(null)
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("'swoole.server.worker-num'")
					.contains("'0'")
					.contains("workerNum: 0");
				assertThat(analysis.getAction()).contains("swoole.server.worker-num");
			});
	}

	@Test
	void heartbeatIdleTimeWithoutCheckIntervalNamesTheCheckInterval() {
		this.runner.withUserConfiguration(HandlerConfiguration.class)
			.withPropertyValues("swoole.server.heartbeat-idle-time=10s")
			.run((context) -> assertThat(
					new InvalidSwoolePropertyFailureAnalyzer(null).analyze(context.getStartupFailure())
						.getDescription())
				.contains("'swoole.server.heartbeat-check-interval'")
				.contains("heartbeatCheckInterval"));
	}

	@Test
	void heartbeatAndInputLimitReachTheServer() {
		this.runner.withUserConfiguration(HandlerConfiguration.class)
			.withPropertyValues("swoole.server.heartbeat-check-interval=1s", "swoole.server.max-queued-bytes=64KB")
			.run((context) -> {
				ServerConfig config = context.getBean(Server.class).config();
				assertThat(config.heartbeatEnabled()).isTrue();
				assertThat(config.heartbeatCheckInterval()).isEqualTo(Duration.ofSeconds(1));
				assertThat(config.heartbeatIdleTime()).isEqualTo(Duration.ofSeconds(2));
				assertThat(config.maxQueuedBytes()).isEqualTo(64 * 1024);
			});
	}

	@Test
	void invalidDataSizeNamesItsProperty() {
		this.runner.withUserConfiguration(HandlerConfiguration.class)
			.withPropertyValues("swoole.server.socket-buffer-size=1MB", "swoole.server.buffer-high-watermark=2MB")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("bufferHighWatermark"));
		this.runner.withUserConfiguration(HandlerConfiguration.class)
			.withPropertyValues("swoole.server.socket-buffer-size=1MB", "swoole.server.buffer-high-watermark=2MB")
			.run((context) -> assertThat(
					new InvalidSwoolePropertyFailureAnalyzer(null).analyze(context.getStartupFailure())
						.getDescription())
				.contains("'swoole.server.buffer-high-watermark'")
				.contains("'2097152B'"));
	}

	@Test
	@Timeout(30)
	void portInUseFailsWithAnalyzedFailure() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			this.runner.withUserConfiguration(HandlerConfiguration.class)
				.withPropertyValues("swoole.server.port=" + taken.getLocalPort())
				.run((context) -> {
					assertThat(context).hasFailed();
					FailureAnalysis analysis = new SwoolePortInUseFailureAnalyzer()
						.analyze(context.getStartupFailure());
					assertThat(analysis).isNotNull();
					assertThat(analysis.getDescription()).contains("port " + taken.getLocalPort());
					assertThat(analysis.getAction()).contains("swoole.server.port");
				});
		}
	}

	@Test
	void dispatchModeAcceptsSwooleNumbersAndNames() {
		this.runner.withUserConfiguration(HandlerConfiguration.class)
			.withPropertyValues("swoole.server.dispatch-mode=3")
			.run((context) -> assertThat(context.getBean(ServerConfig.class).dispatchMode())
				.isEqualTo(DispatchMode.IDLE_WORKER));
		this.runner.withUserConfiguration(HandlerConfiguration.class)
			.withPropertyValues("swoole.server.dispatch-mode=co-conn-lb", "swoole.server.mode=base")
			.run((context) -> {
				assertThat(context.getBean(ServerConfig.class).dispatchMode()).isEqualTo(DispatchMode.CO_CONN_LB);
				assertThat(context.getBean(ServerConfig.class).mode()).isEqualTo(Mode.BASE);
			});
	}

	@Test
	void dispatchModeWrittenAsYamlNumberIsSwooleIdNotEnumPosition() {
		this.runner.withUserConfiguration(HandlerConfiguration.class)
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("yaml", Map.of("swoole.server.dispatch-mode", 2))))
			.run((context) -> assertThat(context.getBean(ServerConfig.class).dispatchMode())
				.isEqualTo(DispatchMode.FDMOD));
	}

	@Test
	void keepsMaxWaitTimeWithinTheShutdownPhaseTimeout() {
		this.runner.withUserConfiguration(HandlerConfiguration.class)
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=5s", "swoole.server.max-wait-time=20s")
			.run((context) -> assertThat(context.getBean(ServerConfig.class).maxWaitTime())
				.isEqualTo(Duration.ofSeconds(3)));
	}

	@Test
	void endpointAndHealthIndicatorAreAvailableWhenExposed() {
		this.runner.withUserConfiguration(HandlerConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=swoole")
			.run((context) -> assertThat(context).hasSingleBean(SwooleEndpoint.class)
				.hasSingleBean(SwooleHealthIndicator.class));
	}

	@Test
	void endpointBacksOffWhenNotExposedOrAccessIsNone() {
		this.runner.withUserConfiguration(HandlerConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(SwooleEndpoint.class));
		this.runner.withUserConfiguration(HandlerConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=swoole",
					"management.endpoint.swoole.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(SwooleEndpoint.class));
	}

	@Test
	void healthIndicatorBacksOffWhenDisabled() {
		this.runner.withUserConfiguration(HandlerConfiguration.class)
			.withPropertyValues("management.health.swoole.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SwooleHealthIndicator.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class HandlerConfiguration {

		@Bean
		ServerHandler echoHandler() {
			return ServerHandler.onReceive((server, session, reactor, packet) -> server.send(session, packet));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserServerConfiguration {

		@Bean
		Server userServer() {
			return new Server(ServerConfig.builder().host("127.0.0.1").workerNum(1).reactorNum(1).build(),
					new ServerHandler() {
					});
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		SwooleServerCustomizer second() {
			return (builder) -> {
				this.calls.add("second");
				builder.workerNum(3);
			};
		}

		@Bean
		@Order(1)
		SwooleServerCustomizer first() {
			return (builder) -> {
				this.calls.add("first");
				builder.workerNum(5);
			};
		}

	}

}
