package io.swoole4j.spring.boot.actuate;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.swoole4j.server.Packet;
import io.swoole4j.server.Server;
import io.swoole4j.server.ServerConfig;
import io.swoole4j.server.ServerHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SwooleHealthIndicator}.
 */
@Timeout(60)
class SwooleHealthIndicatorTests {

	private final AtomicBoolean draining = new AtomicBoolean();

	private final Server server = new Server(
			ServerConfig.builder().host("127.0.0.1").workerNum(2).reactorNum(1).packetRingSize(256 * 1024).build(),
			new ServerHandler() {

				@Override
				public void onReceive(Server server, long sessionId, int reactorId, Packet packet) {
					if (packet.toString(StandardCharsets.US_ASCII).startsWith("die")) {
						// an Error the worker does not survive
						throw new InternalError("worker killed by the test");
					}
					server.send(sessionId, packet);
				}

			});

	private final SwooleHealthIndicator indicator = new SwooleHealthIndicator(this.server, this.draining::get);

	@AfterEach
	void shutdown() {
		this.server.shutdown();
	}

	@Test
	void isDownBeforeTheServerStarts() {
		assertThat(this.indicator.health(true).getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void isUpWhileTheServerRunsWithEveryThreadAlive() {
		this.server.start();
		Health health = this.indicator.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("port", this.server.port())
			.containsEntry("workers", 2)
			.containsEntry("reactors", 1);
	}

	@Test
	void isOutOfServiceWhileDraining() {
		this.server.start();
		this.draining.set(true);
		assertThat(this.indicator.health(true).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
	}

	@Test
	void isDownWhenAWorkerThreadDies() throws IOException {
		Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
		AtomicReference<Throwable> killed = new AtomicReference<>();
		// the worker's death is the point of this test, not a failure of it
		Thread.setDefaultUncaughtExceptionHandler((thread, ex) -> killed.set(ex));
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), startedPort())) {
			OutputStream out = socket.getOutputStream();
			out.write("die".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				assertThat(killed.get()).isInstanceOf(InternalError.class);
				Health health = this.indicator.health(true);
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsKey("deadWorkers");
			});
		}
		finally {
			Thread.setDefaultUncaughtExceptionHandler(previous);
		}
	}

	private int startedPort() {
		this.server.start();
		return this.server.port();
	}

	@Test
	void isDownAfterShutdown() {
		this.server.start();
		this.server.shutdown();
		assertThat(this.indicator.health(true).getStatus()).isEqualTo(Status.DOWN);
	}

}
