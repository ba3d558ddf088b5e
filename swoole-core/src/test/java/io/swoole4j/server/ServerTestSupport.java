package io.swoole4j.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

import io.swoole4j.client.Client;
import io.swoole4j.protocol.FramingConfig;

/** Helpers shared by the server tests. */
final class ServerTestSupport {

	static final Duration WAIT = Duration.ofSeconds(10);

	private ServerTestSupport() {
	}

	/** A 4-byte big-endian body length followed by the body. */
	static byte[] frame(byte[] body) {
		ByteBuffer buf = ByteBuffer.allocate(4 + body.length);
		buf.putInt(body.length).put(body);
		return buf.array();
	}

	static byte[] frame(String body) {
		return frame(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	static Client lengthClient(Server server) throws IOException {
		return Client.connect("127.0.0.1", server.port(),
				FramingConfig.lengthPrefixed(FramingConfig.DEFAULT_PACKAGE_MAX_LENGTH), WAIT);
	}

	static ServerConfig.Builder lengthConfig(Mode mode) {
		return ServerConfig.builder()
			.host("127.0.0.1")
			.port(0)
			.mode(mode)
			.reactorNum(2)
			.workerNum(2)
			.openLengthCheck(true);
	}

}
