package io.swoole4j.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.ObjectProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swoole4j.server.Packet;
import io.swoole4j.server.Server;
import io.swoole4j.server.ServerConfig;
import io.swoole4j.server.ServerHandler;
import io.swoole4j.server.task.Codec;
import io.swoole4j.spring.boot.actuate.SwooleEndpoint;
import io.swoole4j.spring.boot.actuate.SwooleEndpoint.SwooleDescriptor;
import io.swoole4j.spring.boot.actuate.SwooleEndpoint.TaskDescriptor;
import io.swoole4j.spring.boot.actuate.SwooleEndpoint.TaskWorkerDescriptor;
import io.swoole4j.spring.boot.autoconfigure.metrics.SwooleMetricsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SwooleTaskTemplate} and the task settings of
 * {@link SwooleServerAutoConfiguration}, end to end through running task workers.
 */
@Timeout(60)
class SwooleTaskTemplateTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SwooleServerAutoConfiguration.class))
		.withPropertyValues("swoole.server.host=127.0.0.1", "swoole.server.worker-num=2", "swoole.server.reactor-num=1",
				"swoole.server.packet-ring-size=256KB");

	@Test
	void noTemplateWithoutTaskWorkers() {
		this.runner.withUserConfiguration(TaskHandlerConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SwooleTaskTemplate.class));
	}

	@Test
	void taskwaitReturnsTheResultOfTheHandlersOnTask() {
		this.runner.withUserConfiguration(TaskHandlerConfiguration.class)
			.withPropertyValues("swoole.server.task-worker-num=2", "swoole.server.task-ipc-mode=3")
			.run((context) -> {
				ServerConfig config = context.getBean(ServerConfig.class);
				assertThat(config.taskWorkerNum()).isEqualTo(2);
				assertThat(config.taskIpcMode()).isEqualTo(ServerConfig.TASK_IPC_PREEMPTIVE);
				SwooleTaskTemplate template = context.getBean(SwooleTaskTemplate.class);
				assertThat(template.taskWorkerNum()).isEqualTo(2);
				assertThat(template.taskwait("hello", WAIT)).isEqualTo("done:hello");
				// the result reaches the caller before the task worker counts the task
				// done
				await().atMost(WAIT).until(() -> template.metric().doneCount() == 1);
			});
	}

	@Test
	void taskWaitMultiReturnsResultsInTheOrderOfTheTasks() {
		this.runner.withUserConfiguration(TaskHandlerConfiguration.class)
			.withPropertyValues("swoole.server.task-worker-num=2")
			.run((context) -> {
				SwooleTaskTemplate template = context.getBean(SwooleTaskTemplate.class);
				assertThat(template.taskWaitMulti(List.of("a", "b", "c"), WAIT)).containsExactly("done:a", "done:b",
						"done:c");
			});
	}

	@Test
	void taskFromAnEventWorkerRunsItsCallbackWithTheResult() {
		this.runner.withUserConfiguration(TaskHandlerConfiguration.class)
			.withPropertyValues("swoole.server.task-worker-num=1")
			.run((context) -> {
				Server server = context.getBean(Server.class);
				try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
					socket.setSoTimeout(10_000);
					socket.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
					assertThat(read(socket.getInputStream(), "done:ping".length())).isEqualTo("done:ping");
				}
			});
	}

	@Test
	void taskWithoutWaitingIsCountedDoneByTheMetric() {
		this.runner.withUserConfiguration(TaskHandlerConfiguration.class)
			.withPropertyValues("swoole.server.task-worker-num=1")
			.run((context) -> {
				SwooleTaskTemplate template = context.getBean(SwooleTaskTemplate.class);
				assertThat(template.task("x")).isNotEqualTo(SwooleTaskTemplate.FAILED);
				await().atMost(WAIT).until(() -> template.metric().doneCount() == 1);
			});
	}

	@Test
	void taskMetersAreBoundOnceStartedWhenTaskWorkersAreConfigured() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.runner.withConfiguration(AutoConfigurations.of(SwooleMetricsAutoConfiguration.class))
			.withUserConfiguration(TaskHandlerConfiguration.class)
			.withBean(SimpleMeterRegistry.class, () -> registry)
			.withPropertyValues("swoole.server.task-worker-num=1")
			.run((context) -> {
				StartedEvents.publish(context);
				assertThat(context.getBean(SwooleTaskTemplate.class).taskwait("m", WAIT)).isEqualTo("done:m");
				await().atMost(WAIT).until(() -> registry.get("swoole.task.done").functionCounter().count() == 1);
				assertThat(registry.get("swoole.task.failed").functionCounter().count()).isZero();
				assertThat(registry.get("swoole.task.queued").gauge().value()).isZero();
			});
		assertThat(registry.find("swoole.task.done").meters()).isEmpty();
	}

	@Test
	void noTaskMetersWithoutTaskWorkers() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.runner.withConfiguration(AutoConfigurations.of(SwooleMetricsAutoConfiguration.class))
			.withUserConfiguration(TaskHandlerConfiguration.class)
			.withBean(SimpleMeterRegistry.class, () -> registry)
			.run((context) -> {
				StartedEvents.publish(context);
				assertThat(registry.find("swoole.worker.idle").meters()).isNotEmpty();
				assertThat(registry.find("swoole.task.done").meters()).isEmpty();
			});
	}

	@Test
	void endpointDescribesTheTaskWorkers() {
		this.runner.withUserConfiguration(TaskHandlerConfiguration.class)
			.withPropertyValues("swoole.server.task-worker-num=2", "management.endpoints.web.exposure.include=swoole")
			.run((context) -> {
				SwooleTaskTemplate template = context.getBean(SwooleTaskTemplate.class);
				assertThat(template.taskwait("e", WAIT)).isEqualTo("done:e");
				await().atMost(WAIT).until(() -> template.metric().doneCount() == 1);
				SwooleDescriptor descriptor = context.getBean(SwooleEndpoint.class).swoole(null, null);
				TaskDescriptor tasks = descriptor.tasks();
				assertThat(tasks).isNotNull();
				assertThat(tasks.taskWorkerNum()).isEqualTo(2);
				assertThat(tasks.done()).isEqualTo(1);
				assertThat(tasks.accepted()).isEqualTo(1);
				assertThat(tasks.workers()).extracting(TaskWorkerDescriptor::id).containsExactly(2, 3);
				assertThat(descriptor.listeners()).hasSize(1);
			});
	}

	@Test
	void endpointHasNoTaskSectionWithoutTaskWorkers() {
		this.runner.withUserConfiguration(TaskHandlerConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=swoole")
			.run((context) -> assertThat(context.getBean(SwooleEndpoint.class).swoole(null, null).tasks()).isNull());
	}

	@Test
	void aCodecBeanEncodesTaskValuesOtherThanStringsAndBytes() {
		this.runner.withUserConfiguration(TaskHandlerConfiguration.class)
			.withBean(Codec.class, IntCodec::new)
			.withPropertyValues("swoole.server.task-worker-num=1")
			.run((context) -> {
				assertThat(context.getBean(ServerConfig.class).taskCodec()).isInstanceOf(IntCodec.class);
				assertThat(context.getBean(SwooleTaskTemplate.class).taskwait(41, WAIT)).isEqualTo(42);
			});
	}

	@Test
	void invalidTaskIpcModeNamesItsProperty() {
		this.runner.withUserConfiguration(TaskHandlerConfiguration.class)
			.withPropertyValues("swoole.server.task-worker-num=1", "swoole.server.task-ipc-mode=2")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("taskIpcMode: 2"));
		this.runner.withUserConfiguration(TaskHandlerConfiguration.class)
			.withPropertyValues("swoole.server.task-worker-num=1", "swoole.server.task-ipc-mode=2")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("swoole.server.task-ipc-mode"));
	}

	private static String read(InputStream in, int length) throws IOException {
		byte[] bytes = in.readNBytes(length);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	@Configuration(proxyBeanMethods = false)
	static class TaskHandlerConfiguration {

		@Bean
		ServerHandler taskHandler(ObjectProvider<SwooleTaskTemplate> template) {
			return new ServerHandler() {

				@Override
				public Object onTask(Server server, long taskId, int srcWorkerId, Object data) {
					if (data instanceof Integer number) {
						return number + 1;
					}
					return "done:" + data;
				}

				@Override
				public void onReceive(Server server, long sessionId, int reactorId, Packet packet) {
					template.getObject()
						.task(packet.toString(StandardCharsets.UTF_8),
								(s, taskId, result) -> s.send(sessionId, (String) result));
				}

			};
		}

	}

	static final class IntCodec implements Codec {

		@Override
		public byte[] encode(Object value) {
			if (!(value instanceof Integer number)) {
				throw new IllegalArgumentException("Not an Integer: " + value.getClass().getName());
			}
			return ByteBuffer.allocate(4).putInt(number).array();
		}

		@Override
		public Object decode(byte[] bytes) {
			return ByteBuffer.wrap(bytes).getInt();
		}

	}

}
