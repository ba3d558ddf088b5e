package io.swoole4j.spring.boot.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.swoole4j.client.Client;
import io.swoole4j.process.Process;
import io.swoole4j.protocol.FramingConfig;
import io.swoole4j.spring.boot.actuate.SwooleHealthIndicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot application in PROCESS mode: its worker JVMs run the same application,
 * which the starter turns into workers (no web server), and closing the master's context
 * ends them.
 */
@Timeout(180)
class SwooleProcessModeIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Test
	void workerJvmsRunTheApplicationAgainAsWorkersWithoutAWebServer() throws Exception {
		// a worker JVM that started a web server would fail on this taken port and never
		// answer
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			List<String> workerArgs = List.of("--swoole.server.mode=process", "--swoole.server.worker-num=2",
					"--server.port=" + taken.getLocalPort());
			List<String> args = new ArrayList<>(workerArgs.subList(0, 2));
			args.addAll(List.of("--swoole.server.host=127.0.0.1", "--swoole.server.port=0",
					"--swoole.server.reactor-num=1", "--swoole.server.open-length-check=true", "--server.port=0",
					"--swoole.server.worker-entry=" + ProcessModeTestApplication.class.getName(),
					"--swoole.server.worker-args=" + String.join(",", workerArgs),
					"--swoole.server.worker-jvm-options=" + String.join(",", Process.FAST_START_OPTIONS)));
			Set<Long> pids = new HashSet<>();
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ProcessModeTestApplication.class)
				.run(args.toArray(new String[0]))) {
				int port = context.getEnvironment().getRequiredProperty("local.swoole.port", Integer.class);
				for (int i = 0; i < 2; i++) {
					try (Client client = Client.connect("127.0.0.1", port,
							FramingConfig.lengthPrefixed(FramingConfig.DEFAULT_PACKAGE_MAX_LENGTH), WAIT)) {
						assertThat(roundTrip(client, "hello")).isEqualTo("hello");
						pids.add(Long.parseLong(roundTrip(client, "pid")));
					}
				}
				assertThat(pids).hasSize(2).doesNotContain(ProcessHandle.current().pid());
				assertThat(pids).allMatch((pid) -> ProcessHandle.of(pid).isPresent());
				Health health = context.getBean(SwooleHealthIndicator.class).health(true);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
			}
			await().atMost(WAIT).until(() -> pids.stream().noneMatch((pid) -> ProcessHandle.of(pid).isPresent()));
		}
	}

	private static String roundTrip(Client client, String text) throws IOException {
		byte[] body = text.getBytes(StandardCharsets.UTF_8);
		client.send(java.nio.ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array());
		byte[] frame = client.recv(WAIT);
		return new String(frame, 4, frame.length - 4, StandardCharsets.UTF_8);
	}

}
