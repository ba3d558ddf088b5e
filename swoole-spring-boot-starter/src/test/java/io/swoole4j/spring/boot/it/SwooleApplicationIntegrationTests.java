package io.swoole4j.spring.boot.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import io.swoole4j.table.Table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter in a real application: Tomcat on a random port for Actuator, the swoole4j
 * server on another random port ({@code local.swoole.port}).
 */
@SpringBootTest(classes = SwooleTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.port=0", "swoole.server.port=0", "swoole.server.host=127.0.0.1",
				"swoole.server.worker-num=2", "swoole.server.reactor-num=2", "swoole.server.packet-ring-size=1MB",
				"swoole.tables.hits.size=256", "swoole.tables.hits.columns.count.type=int",
				"management.endpoints.web.exposure.include=health,swoole,prometheus",
				"management.endpoint.health.show-details=always" })
@Timeout(120)
class SwooleApplicationIntegrationTests {

	private static final Pattern SAMPLE = Pattern.compile("^(swoole_[a-z_]+(?:\\{[^}]*\\})?) ([-0-9.Ee+]+|NaN)$",
			Pattern.MULTILINE);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Value("${local.server.port}")
	private int httpPort;

	@Value("${local.swoole.port}")
	private int swoolePort;

	@Autowired
	private Table hits;

	@Test
	void echoesThroughTheServerAndCountsInTheTable() throws IOException {
		assertThat(echo("hello")).isEqualTo("hello");
		assertThat(this.hits.getLong("h", this.hits.column("count"), -1)).isPositive();
	}

	@Test
	void swooleEndpointShowsStatsAndWorkerStates() throws Exception {
		echo("stats");
		String body = get("/actuator/swoole");
		assertThat(body).contains("\"running\":true")
			.contains("\"port\":" + this.swoolePort)
			.contains("\"request_count\":")
			.contains("\"accept_count\":")
			.contains("\"workers\":[{\"id\":0,\"status\":\"")
			.contains("\"id\":1,\"status\":\"")
			.contains("\"hits\":{\"rows\":")
			.contains("\"reactor-0-chunks\":{\"capacityBytes\":");
		assertThat(body).containsPattern("\"status\":\"(IDLE|BUSY)\"");
	}

	@Test
	void swooleEndpointListsOpenConnectionsAPageAtATime() throws Exception {
		try (Socket first = connect(); Socket second = connect()) {
			roundTrip(first, "one");
			roundTrip(second, "two");
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(get("/actuator/swoole?count=1"))
					.contains("\"remotePort\":" + first.getLocalPort())
					.doesNotContain("\"remotePort\":" + second.getLocalPort())
					.containsPattern("\"next\":[0-9]+"));
		}
	}

	@Test
	void healthIncludesSwoole() throws Exception {
		assertThat(get("/actuator/health")).contains("\"swoole\":{").contains("\"status\":\"UP\"");
	}

	@Test
	void prometheusSeriesChangeWhenTrafficFlows() throws Exception {
		Map<String, Double> before = scrape();
		assertThat(before.keySet()).anyMatch((k) -> k.startsWith("swoole_reactor_"))
			.anyMatch((k) -> k.startsWith("swoole_memory_pool_"))
			.anyMatch((k) -> k.startsWith("swoole_worker_"))
			.anyMatch((k) -> k.startsWith("swoole_connections_"))
			.anyMatch((k) -> k.startsWith("swoole_table_"));
		for (int i = 0; i < 20; i++) {
			assertThat(echo("traffic-" + i)).isEqualTo("traffic-" + i);
		}
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			Map<String, Double> after = scrape();
			assertThat(sum(after, "swoole_connections_accepted_total"))
				.isGreaterThanOrEqualTo(sum(before, "swoole_connections_accepted_total") + 20);
			assertThat(sum(after, "swoole_connections_received_bytes_total"))
				.isGreaterThan(sum(before, "swoole_connections_received_bytes_total"));
			assertThat(sum(after, "swoole_worker_requests_total"))
				.isGreaterThanOrEqualTo(sum(before, "swoole_worker_requests_total") + 20);
			assertThat(sum(after, "swoole_reactor_events_total"))
				.isGreaterThan(sum(before, "swoole_reactor_events_total"));
			assertThat(sum(after, "swoole_memory_pool_allocations_total"))
				.isGreaterThan(sum(before, "swoole_memory_pool_allocations_total"));
			assertThat(after.get("swoole_table_rows{table=\"hits\"}"))
				.isGreaterThan(before.get("swoole_table_rows{table=\"hits\"}"));
		});
	}

	@Test
	void reloadIsRefusedOverHttpWhileTheEndpointIsReadOnly() throws Exception {
		HttpResponse<String> response = ActuatorRequests.postEmptyJson(this.http, this.httpPort, "/actuator/swoole");
		assertThat(response.statusCode()).isBetween(400, 499);
		assertThat(get("/actuator/swoole")).contains("\"reload_count\":0");
	}

	private Map<String, Double> scrape() throws Exception {
		Map<String, Double> samples = new HashMap<>();
		Matcher matcher = SAMPLE.matcher(get("/actuator/prometheus"));
		while (matcher.find()) {
			samples.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
		}
		return samples;
	}

	private static double sum(Map<String, Double> samples, String name) {
		return samples.entrySet()
			.stream()
			.filter((e) -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
			.mapToDouble(Map.Entry::getValue)
			.sum();
	}

	private String get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path))
			.timeout(Duration.ofSeconds(20))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	private String echo(String message) throws IOException {
		try (Socket socket = connect()) {
			return roundTrip(socket, message);
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.swoolePort);
		socket.setSoTimeout(20_000);
		return socket;
	}

	private static String roundTrip(Socket socket, String message) throws IOException {
		byte[] request = message.getBytes(StandardCharsets.UTF_8);
		socket.getOutputStream().write(request);
		socket.getOutputStream().flush();
		byte[] response = new byte[request.length];
		InputStream in = socket.getInputStream();
		int read = 0;
		while (read < response.length) {
			int n = in.read(response, read, response.length - read);
			if (n < 0) {
				throw new IOException("closed after " + read + " bytes: " + Arrays.toString(response));
			}
			read += n;
		}
		return new String(response, StandardCharsets.UTF_8);
	}

}
