package io.swoole4j.demo;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import io.swoole4j.demo.echo.LengthFramedEchoServer;
import io.swoole4j.table.Table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The demo as started by {@code spring-boot:run}, on free ports, driven through the RESP
 * port by Jedis (a real Redis client), through the echo port by a socket, and through
 * Actuator over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.port=0", "swoole.server.port=0", "demo.echo.port=0", "swoole.tables.kv.size=1024",
				"demo.redis.sweep-interval=20ms" })
@Timeout(60)
class DemoApplicationTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Value("${local.server.port}")
	private int httpPort;

	@Value("${local.swoole.port}")
	private int redisPort;

	@Autowired
	private LengthFramedEchoServer echoServer;

	@Autowired
	private Table kv;

	private Jedis jedis;

	@BeforeEach
	void connect() {
		this.jedis = new Jedis(new HostAndPort("127.0.0.1", this.redisPort),
				DefaultJedisClientConfig.builder().timeoutMillis(10_000).clientName("demo-test").build());
		this.jedis.flushDB();
	}

	@AfterEach
	void disconnect() {
		this.jedis.close();
	}

	@Test
	void servesStringCommands() {
		assertThat(this.jedis.ping()).isEqualTo("PONG");
		assertThat(this.jedis.echo("hello")).isEqualTo("hello");
		assertThat(this.jedis.set("k", "v")).isEqualTo("OK");
		assertThat(this.jedis.get("k")).isEqualTo("v");
		assertThat(this.jedis.get("missing")).isNull();
		assertThat(this.jedis.set("k", "w", SetParams.setParams().nx())).isNull();
		assertThat(this.jedis.set("k", "w", SetParams.setParams().xx())).isEqualTo("OK");
		assertThat(this.jedis.set("other", "x", SetParams.setParams().xx())).isNull();
		assertThat(this.jedis.get("k")).isEqualTo("w");
		assertThat(this.jedis.incr("n")).isEqualTo(1);
		assertThat(this.jedis.incrBy("n", 10)).isEqualTo(11);
		assertThat(this.jedis.decr("n")).isEqualTo(10);
		assertThat(this.jedis.decrBy("n", 20)).isEqualTo(-10);
		assertThat(this.jedis.mset("a", "1", "b", "2")).isEqualTo("OK");
		assertThat(this.jedis.mget("a", "nope", "b")).containsExactly("1", null, "2");
		assertThat(this.jedis.exists("a", "b", "nope")).isEqualTo(2);
		assertThat(this.jedis.del("a", "nope")).isEqualTo(1);
		assertThat(this.jedis.exists("a")).isFalse();
		assertThat(this.jedis.dbSize()).isEqualTo(3);
		assertThat(this.jedis.flushDB()).isEqualTo("OK");
		assertThat(this.jedis.dbSize()).isZero();
	}

	@Test
	void expiresKeysByTtlLazilyAndBySweep() {
		this.jedis.set("ex", "v", SetParams.setParams().ex(100));
		assertThat(this.jedis.ttl("ex")).isBetween(99L, 100L);
		assertThat(this.jedis.pttl("ex")).isBetween(90_000L, 100_000L);
		assertThat(this.jedis.expire("ex", 50)).isEqualTo(1);
		assertThat(this.jedis.ttl("ex")).isBetween(49L, 50L);
		assertThat(this.jedis.pexpire("ex", 200)).isEqualTo(1);
		assertThat(this.jedis.expire("nope", 5)).isZero();
		assertThat(this.jedis.ttl("nope")).isEqualTo(-2);
		this.jedis.set("forever", "v");
		assertThat(this.jedis.ttl("forever")).isEqualTo(-1);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.jedis.get("ex") == null);
		// never read again: only the sweep can remove it from the table
		this.jedis.set("swept", "v", SetParams.setParams().px(50));
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.kv.exists("swept"));
		assertThat(this.jedis.info("stats")).containsPattern("expired_keys:[1-9]");
		assertThat(this.jedis.get("forever")).isEqualTo("v");
	}

	@Test
	void pipelinesCommands() {
		Pipeline pipeline = this.jedis.pipelined();
		List<Response<String>> sets = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			sets.add(pipeline.set("p" + i, Integer.toString(i)));
		}
		Response<Long> counter = null;
		for (int i = 0; i < 500; i++) {
			counter = pipeline.incr("counter");
		}
		Response<String> last = pipeline.get("p499");
		Response<Long> size = pipeline.dbSize();
		pipeline.sync();
		assertThat(sets).extracting(Response::get).containsOnly("OK");
		assertThat(counter.get()).isEqualTo(500);
		assertThat(last.get()).isEqualTo("499");
		assertThat(size.get()).isEqualTo(501);
	}

	@Test
	void repliesWithRedisErrors() {
		assertError(() -> this.jedis.sendCommand(command("FOO"), "a", "b"),
				"ERR unknown command 'FOO', with args beginning with: 'a' 'b' ");
		assertError(() -> this.jedis.sendCommand(command("GET")), "ERR wrong number of arguments for 'get' command");
		this.jedis.set("text", "abc");
		assertError(() -> this.jedis.incr("text"), "ERR value is not an integer or out of range");
		this.jedis.set("big", Long.toString(Long.MAX_VALUE));
		assertError(() -> this.jedis.incr("big"), "ERR increment or decrement would overflow");
		assertError(() -> this.jedis.set("k", "v", SetParams.setParams().ex(0)),
				"ERR invalid expire time in 'set' command");
		assertError(() -> this.jedis.sendCommand(command("SET"), "k", "v", "NX", "XX"), "ERR syntax error");
		assertError(() -> this.jedis.set("k".repeat(64), "v"),
				"ERR key of 64 bytes refused by the table (expected: 1 to 63 bytes of UTF-8)");
		assertError(() -> this.jedis.set("k", "v".repeat(513)),
				"ERR value of 513 bytes refused by the table (expected: at most 512 bytes)");
		assertThat(this.jedis.exists("k")).isFalse();
		assertThat(this.jedis.ping()).isEqualTo("PONG");
	}

	@Test
	void answersIntrospectionCommands() {
		assertThat(this.jedis.clientGetname()).isEqualTo("demo-test");
		assertThat(this.jedis.clientId()).isPositive();
		assertThat(this.jedis.commandCount()).isGreaterThanOrEqualTo(22);
		assertThat(this.jedis.info()).contains("# Server")
			.contains("# Swoole")
			.contains("accept_count:")
			.contains("# Table")
			.contains("table_size:1024");
		assertThat(this.jedis.configGet("save")).containsEntry("save", "");
	}

	@Test
	void quitClosesTheConnection() throws IOException {
		try (Socket socket = socket(this.redisPort)) {
			send(socket, "PING\r\nQUIT\r\nPING\r\n");
			assertThat(readAll(socket.getInputStream())).isEqualTo("+PONG\r\n+OK\r\n");
		}
	}

	@Test
	void answersProtocolErrorsAndCloses() throws IOException {
		for (String input : List.of("*1\r\n$abc\r\n", "*1\r\n$99999999\r\n")) {
			try (Socket socket = socket(this.redisPort)) {
				send(socket, "*-5\r\n*1\r\n$4\r\nPING\r\n" + input + "PING\r\n");
				assertThat(readAll(socket.getInputStream()))
					.isEqualTo("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n");
			}
		}
		assertThat(this.jedis.ping()).isEqualTo("PONG");
	}

	@Test
	void echoesLengthFramedMessages() throws IOException {
		try (Socket socket = socket(this.echoServer.port())) {
			DataInputStream in = new DataInputStream(socket.getInputStream());
			for (String body : List.of("hello", "", "x".repeat(10_000))) {
				byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
				OutputStream out = socket.getOutputStream();
				out.write(new byte[] { (byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
						(byte) (bytes.length >>> 8), (byte) bytes.length });
				out.write(bytes);
				out.flush();
				assertThat(in.readInt()).isEqualTo(bytes.length);
				assertThat(new String(in.readNBytes(bytes.length), StandardCharsets.UTF_8)).isEqualTo(body);
			}
		}
	}

	@Test
	void exposesHealthMetricsAndTheSwooleEndpoint() throws Exception {
		this.jedis.set("m", "1");
		this.jedis.get("m");
		assertThat(get("/actuator/health")).contains("\"swoole\":{").contains("\"status\":\"UP\"");
		assertThat(get("/actuator/info")).contains("swoole4j-demo");
		assertThat(get("/actuator/swoole")).contains("\"running\":true").contains("\"kv\":{");
		assertThat(get("/actuator/metrics/demo.redis.commands")).contains("\"name\":\"demo.redis.commands\"");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(get("/actuator/prometheus")).contains("demo_redis_commands_total")
				.contains("demo_redis_keyspace_hits_total")
				.containsPattern("swoole_table_rows\\{table=\"kv\"\\} [1-9]"));
	}

	private static void assertError(Runnable call, String message) {
		assertThatExceptionOfType(JedisDataException.class).isThrownBy(call::run).withMessage(message);
	}

	private static ProtocolCommand command(String name) {
		byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
		return () -> raw;
	}

	private static Socket socket(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		socket.setSoTimeout(10_000);
		return socket;
	}

	private static void send(Socket socket, String text) throws IOException {
		socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
	}

	/** Reads until the server closes the connection. */
	private static String readAll(InputStream in) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.UTF_8);
	}

	private String get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path))
			.timeout(Duration.ofSeconds(10))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

}
