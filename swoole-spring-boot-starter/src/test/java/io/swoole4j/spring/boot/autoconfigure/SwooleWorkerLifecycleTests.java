package io.swoole4j.spring.boot.autoconfigure;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swoole4j.server.Packet;
import io.swoole4j.server.Server;
import io.swoole4j.server.ServerConfig;
import io.swoole4j.server.ServerHandler;
import io.swoole4j.server.WorkerMetric;
import io.swoole4j.spring.boot.actuate.SwooleEndpoint;
import io.swoole4j.spring.boot.actuate.SwooleEndpoint.ReloadDescriptor;
import io.swoole4j.spring.boot.actuate.SwooleEndpoint.WorkerDescriptor;
import io.swoole4j.spring.boot.autoconfigure.metrics.SwooleMetricsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the worker lifecycle through the starter: {@code max-request}, the endpoint's
 * {@code reload} operation and the {@code swoole.worker.restarts} meter.
 */
@Timeout(60)
class SwooleWorkerLifecycleTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(SwooleServerAutoConfiguration.class, SwooleMetricsAutoConfiguration.class))
		.withUserConfiguration(EchoConfiguration.class)
		.withPropertyValues("swoole.server.host=127.0.0.1", "swoole.server.worker-num=2", "swoole.server.reactor-num=1",
				"swoole.server.packet-ring-size=256KB", "management.endpoints.web.exposure.include=swoole");

	@Test
	void reloadIsAWriteOperationOffByDefault() throws Exception {
		Endpoint endpoint = SwooleEndpoint.class.getAnnotation(Endpoint.class);
		assertThat(endpoint.defaultAccess()).isEqualTo(Access.READ_ONLY);
		Method reload = SwooleEndpoint.class.getMethod("reload", Boolean.class);
		assertThat(reload.isAnnotationPresent(WriteOperation.class)).isTrue();
	}

	@Test
	void reloadReplacesEveryWorkerAndTheRestartsMeterCountsThem() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.runner.withBean(SimpleMeterRegistry.class, () -> registry).run((context) -> {
			StartedEvents.publish(context);
			Server server = context.getBean(Server.class);
			SwooleEndpoint endpoint = context.getBean(SwooleEndpoint.class);
			assertThat(registry.get("swoole.worker.restarts").functionCounter().count()).isZero();
			ReloadDescriptor reload = endpoint.reload(null);
			assertThat(reload.started()).isTrue();
			assertThat(reload.taskWorkersOnly()).isFalse();
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(server.metric().workers()).extracting(WorkerMetric::restarts)
					.containsOnly(1L));
			assertThat(registry.get("swoole.worker.restarts").functionCounter().count()).isEqualTo(2);
			assertThat(endpoint.swoole(null, null).workers()).extracting(WorkerDescriptor::restarts).containsOnly(1L);
			assertThat(echo(server.port(), "after-reload")).isEqualTo("after-reload");
		});
	}

	@Test
	void reloadOfTaskWorkersOnlyKeepsTheEventWorkers() {
		this.runner.withPropertyValues("swoole.server.task-worker-num=1").run((context) -> {
			Server server = context.getBean(Server.class);
			ReloadDescriptor reload = context.getBean(SwooleEndpoint.class).reload(true);
			assertThat(reload.started()).isTrue();
			assertThat(reload.taskWorkersOnly()).isTrue();
			assertThat(context.getBean(SwooleTaskTemplate.class).taskwait("t", WAIT)).isEqualTo("task:t");
			assertThat(server.metric().workers()).extracting(WorkerMetric::restarts).containsOnly(0L);
		});
	}

	@Test
	void maxRequestRecyclesAWorkerAndConnectionsStayOpen() {
		this.runner.withPropertyValues("swoole.server.worker-num=1", "swoole.server.max-request=3").run((context) -> {
			Server server = context.getBean(Server.class);
			ServerConfig config = server.config();
			assertThat(config.maxRequest()).isEqualTo(3);
			assertThat(config.maxRequestGrace()).isZero();
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
				socket.setSoTimeout(10_000);
				for (int i = 0; i < 10; i++) {
					socket.getOutputStream().write(("m" + i).getBytes(StandardCharsets.UTF_8));
					assertThat(new String(socket.getInputStream().readNBytes(2), StandardCharsets.UTF_8))
						.isEqualTo("m" + i);
				}
			}
			await().atMost(WAIT).until(() -> server.metric().workers().get(0).restarts() >= 2);
		});
	}

	private static String echo(int port, String message) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(10_000);
			byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
			socket.getOutputStream().write(bytes);
			return new String(socket.getInputStream().readNBytes(bytes.length), StandardCharsets.UTF_8);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoConfiguration {

		@Bean
		ServerHandler echoHandler() {
			return new ServerHandler() {

				@Override
				public void onReceive(Server server, long sessionId, int reactorId, Packet packet) {
					server.send(sessionId, packet);
				}

				@Override
				public Object onTask(Server server, long taskId, int srcWorkerId, Object data) {
					return "task:" + data;
				}

			};
		}

	}

}
