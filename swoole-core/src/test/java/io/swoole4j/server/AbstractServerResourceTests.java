package io.swoole4j.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;

/**
 * Base of the per-{@link Mode} server suites: servers and client resources a test starts
 * are stopped after it.
 */
abstract class AbstractServerResourceTests {

	private final List<Server> servers = new ArrayList<>();

	private final List<AutoCloseable> closeables = new ArrayList<>();

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

	/** A server to be stopped after the test, not started yet. */
	Server server(ServerConfig.Builder config, ServerHandler handler) {
		Server server = new Server(config.build(), handler);
		this.servers.add(server);
		return server;
	}

	Server start(ServerConfig.Builder config, ServerHandler handler) {
		Server server = server(config, handler);
		server.start();
		return server;
	}

	<T extends AutoCloseable> T track(T resource) {
		this.closeables.add(resource);
		return resource;
	}

	/** A blocking socket connected to the server's primary port. */
	Socket socket(Server server) throws IOException {
		Socket socket = track(new Socket());
		socket.setTcpNoDelay(true);
		socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
		socket.setSoTimeout(10_000);
		return socket;
	}

}
