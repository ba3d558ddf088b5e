package io.swoole4j.spring.boot.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * HTTP calls to the Actuator of an application under test.
 */
final class ActuatorRequests {

	private ActuatorRequests() {
	}

	/**
	 * POSTs an empty JSON object (a write operation without arguments).
	 * @param http the client
	 * @param httpPort the application's HTTP port
	 * @param path the path, such as {@code /actuator/swoole}
	 * @return the response
	 */
	static HttpResponse<String> postEmptyJson(HttpClient http, int httpPort, String path)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
