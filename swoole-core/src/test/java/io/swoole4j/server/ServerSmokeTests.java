package io.swoole4j.server;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.client.Client;

import static org.assertj.core.api.Assertions.assertThat;

class ServerSmokeTests {

	@Test
	@Timeout(value = 30, unit = TimeUnit.SECONDS)
	void echoesInBothModes() throws Exception {
		for (Mode mode : Mode.values()) {
			if (mode == Mode.PROCESS) {
				continue;
			}
			Server server = new Server(ServerTestSupport.lengthConfig(mode).build(),
					ServerHandler.onReceive((s, id, r, p) -> s.send(id, p)));
			server.start();
			try (Client client = ServerTestSupport.lengthClient(server)) {
				for (int i = 0; i < 100; i++) {
					byte[] f = ServerTestSupport.frame("hello " + i);
					client.send(f);
					assertThat(client.recv(ServerTestSupport.WAIT)).isEqualTo(f);
				}
			}
			finally {
				server.shutdown();
			}
		}
	}

}
