package io.swoole4j.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;

import io.swoole4j.client.Client;

/**
 * Base of the per-{@link Mode} server suites: starts servers and clients and stops them
 * all after each test.
 */
abstract class AbstractServerTests {

	private final List<Server> servers = new ArrayList<>();

	final List<AutoCloseable> closeables = new ArrayList<>();

	protected abstract Mode mode();

	@AfterEach
	void stopEverything() throws Exception {
		for (AutoCloseable c : this.closeables) {
			c.close();
		}
		for (Server s : this.servers) {
			s.shutdown();
		}
	}

	ServerConfig.Builder config() {
		return ServerTestSupport.lengthConfig(mode());
	}

	Server start(ServerConfig.Builder config, ServerHandler handler) {
		Server server = new Server(config.build(), handler);
		this.servers.add(server);
		server.start();
		return server;
	}

	Client client(Server server) throws IOException {
		Client client = ServerTestSupport.lengthClient(server);
		this.closeables.add(client);
		return client;
	}

}
