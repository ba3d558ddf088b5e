package io.swoole4j.spring.boot.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.swoole4j.server.Server;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing the application context under load: every request a client sent is either
 * answered in full or refused (the connection is closed or reset, or cannot be opened);
 * none is left hanging, and the close ends within the shutdown phase timeout.
 */
class SwooleGracefulShutdownTests {

	private static final int CLIENTS = 8;

	private static final long PHASE_TIMEOUT_MILLIS = 10_000;

	@Test
	@Timeout(120)
	void stoppingUnderLoadAnswersOrRefusesEveryRequestWithinThePhaseTimeout() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SwooleTestApplication.class)
			.web(WebApplicationType.NONE)
			.properties("swoole.server.port=0", "swoole.server.host=127.0.0.1", "swoole.server.worker-num=2",
					"swoole.server.reactor-num=2", "swoole.server.packet-ring-size=1MB", "swoole.tables.hits.size=256",
					"swoole.tables.hits.columns.count.type=int", "test.echo-delay=2ms",
					"spring.lifecycle.timeout-per-shutdown-phase=" + PHASE_TIMEOUT_MILLIS + "ms")
			.run();
		int port = context.getEnvironment().getRequiredProperty("local.swoole.port", Integer.class);
		Server server = context.getBean(Server.class);
		AtomicInteger answered = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
		List<Thread> clients = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			int id = i;
			clients.add(Thread.ofPlatform()
				.name("client-" + i)
				.start(() -> runClient(id, port, answered, refused, failures)));
		}
		while (answered.get() < 200 && failures.isEmpty()) {
			Thread.sleep(10);
		}
		long start = System.nanoTime();
		context.close();
		long closeMillis = (System.nanoTime() - start) / 1_000_000;
		for (Thread client : clients) {
			client.join(30_000);
			assertThat(client.isAlive()).as(client.getName() + " still waiting").isFalse();
		}
		assertThat(failures).isEmpty();
		assertThat(answered.get()).isGreaterThanOrEqualTo(200);
		assertThat(refused.get()).as("every client ends on a refusal").isGreaterThanOrEqualTo(CLIENTS);
		assertThat(server.isRunning()).isFalse();
		assertThat(closeMillis).isLessThan(PHASE_TIMEOUT_MILLIS);
	}

	/**
	 * Sends numbered requests on one connection after another, until the server refuses a
	 * new connection. Each request must come back whole or end in a close or reset; a
	 * read that times out or returns other bytes is a failure.
	 */
	private static void runClient(int id, int port, AtomicInteger answered, AtomicInteger refused,
			ConcurrentLinkedQueue<String> failures) {
		int sequence = 0;
		while (true) {
			Socket socket;
			try {
				socket = new Socket(InetAddress.getLoopbackAddress(), port);
				socket.setSoTimeout(20_000);
			}
			catch (ConnectException ex) {
				refused.incrementAndGet();
				return;
			}
			catch (IOException ex) {
				failures.add("client " + id + " connect: " + ex);
				return;
			}
			try (socket) {
				while (true) {
					String request = String.format("c%02d-%08d;", id, sequence++);
					byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
					socket.getOutputStream().write(bytes);
					String response = readFully(socket.getInputStream(), bytes.length);
					if (response == null) {
						refused.incrementAndGet();
						break;
					}
					if (!response.equals(request)) {
						failures.add("client " + id + " sent " + request + " got " + response);
						return;
					}
					answered.incrementAndGet();
				}
			}
			catch (SocketTimeoutException ex) {
				failures.add("client " + id + " request " + (sequence - 1) + " neither answered nor refused");
				return;
			}
			catch (IOException ex) {
				// reset by the closing server: the request was refused
				refused.incrementAndGet();
			}
		}
	}

	private static String readFully(InputStream in, int length) throws IOException {
		byte[] buffer = new byte[length];
		int read = 0;
		while (read < length) {
			int n = in.read(buffer, read, length - read);
			if (n < 0) {
				return null;
			}
			read += n;
		}
		return new String(buffer, StandardCharsets.US_ASCII);
	}

}
