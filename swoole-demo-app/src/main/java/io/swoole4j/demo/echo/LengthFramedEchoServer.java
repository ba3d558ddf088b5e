package io.swoole4j.demo.echo;

import org.springframework.context.SmartLifecycle;

import io.swoole4j.server.Packet;
import io.swoole4j.server.Server;
import io.swoole4j.server.ServerConfig;
import io.swoole4j.server.ServerHandler;

/**
 * A second swoole4j server beside the starter's: a length-framed echo (4-byte big-endian
 * length, then the body; each frame is sent back as it came), for tests and benchmarks.
 * <p>
 * The starter runs one {@link Server} (the Redis port); it has no extra listeners yet,
 * and a second {@code Server} bean would make its auto-configuration back off. So this
 * bean builds its own {@link Server} from the core API and runs it in the same lifecycle
 * phase, without exposing it as a bean.
 */
public final class LengthFramedEchoServer implements SmartLifecycle {

	private final Server server;

	private final int phase;

	/**
	 * Creates the server; it listens once {@link #start()} runs.
	 * @param config the server settings, length framing included
	 * @param phase the lifecycle phase (the starter's server phase)
	 */
	public LengthFramedEchoServer(ServerConfig config, int phase) {
		this.server = new Server(config, new ServerHandler() {

			@Override
			public void onReceive(Server server, long sessionId, int reactorId, Packet packet) {
				server.send(sessionId, packet);
			}

		});
		this.phase = phase;
	}

	@Override
	public void start() {
		this.server.start();
	}

	@Override
	public void stop() {
		this.server.shutdown();
	}

	@Override
	public boolean isRunning() {
		return this.server.isRunning();
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	/**
	 * Returns the port the server listens on (the bound one when configured with 0).
	 * @return the port, or the configured one before start
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * Returns the server, for its {@code stats()} and metrics.
	 * @return the echo server
	 */
	public Server server() {
		return this.server;
	}

}
