package io.swoole4j.spring.boot.it;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import io.swoole4j.server.Server;
import io.swoole4j.server.WorkerMetric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code swoole} endpoint's {@code reload} over HTTP, once the application opens the
 * endpoint with {@code management.endpoint.swoole.access=unrestricted}.
 */
@SpringBootTest(classes = SwooleTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.port=0", "swoole.server.port=0", "swoole.server.host=127.0.0.1",
				"swoole.server.worker-num=2", "swoole.server.reactor-num=1", "swoole.server.packet-ring-size=256KB",
				"swoole.tables.hits.size=64", "swoole.tables.hits.columns.count.type=int",
				"management.endpoints.web.exposure.include=swoole", "management.endpoint.swoole.access=unrestricted" })
@Timeout(120)
class SwooleReloadEndpointIntegrationTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Value("${local.server.port}")
	private int httpPort;

	@Autowired
	private Server server;

	@Test
	void postReloadsEveryWorker() throws Exception {
		HttpResponse<String> response = ActuatorRequests.postEmptyJson(this.http, this.httpPort, "/actuator/swoole");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"started\":true").contains("\"taskWorkersOnly\":false");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.server.metric().workers()).extracting(WorkerMetric::restarts)
				.containsOnly(1L));
	}

}
