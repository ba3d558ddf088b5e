package io.swoole4j.spring.boot.actuate;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
import io.swoole4j.spring.boot.autoconfigure.SwooleServerThreads;

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

	private final AtomicReference<SwooleServerThreads> threads = new AtomicReference<>();

	private final SwooleHealthIndicator indicator = new SwooleHealthIndicator(this.server, this.draining::get,
			() -> (this.threads.get() != null) ? this.threads.get().deadThreadNames() : List.of());

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
		start();
		Health health = this.indicator.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("port", this.server.port())
			.containsEntry("workers", 2)
			.containsEntry("reactors", 1);
	}

	@Test
	void isOutOfServiceWhileDraining() {
		start();
		this.draining.set(true);
		assertThat(this.indicator.health(true).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
	}

	@Test
	void staysUpWhenTheManagerReplacesAWorkerThreadKilledByAnError() throws Exception {
		AtomicReference<Throwable> killed = new AtomicReference<>();
		// worker threads join the group of the thread that starts the server; the group
		// takes their death, which is the point of this test and not a failure of it
		ThreadGroup group = new ThreadGroup("doomed-workers") {

			@Override
			public void uncaughtException(Thread thread, Throwable ex) {
				killed.set(ex);
			}

		};
		Thread starter = new Thread(group, this::start, "server-starter");
		starter.start();
		starter.join(30_000);
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.server.port())) {
			OutputStream out = socket.getOutputStream();
			out.write("die".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				assertThat(killed.get()).isInstanceOf(InternalError.class);
				assertThat(this.server.stats().get("worker_restart_count")).isEqualTo(1L);
				Health health = this.indicator.health(true);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(this.threads.get().deadThreadNames()).isEmpty();
			});
		}
	}

	@Test
	void recordsTheThreadsTheServerStarted() {
		start();
		assertThat(this.threads.get().threads()).extracting(Thread::getName)
			.containsExactlyInAnyOrder("swoole-acceptor", "swoole-reactor-0", "swoole-worker-0", "swoole-worker-1",
					"swoole-manager");
	}

	private void start() {
		this.threads.set(SwooleServerThreads.start(this.server));
	}

	@Test
	void isDownAfterShutdown() {
		start();
		this.server.shutdown();
		assertThat(this.indicator.health(true).getStatus()).isEqualTo(Status.DOWN);
	}

}
