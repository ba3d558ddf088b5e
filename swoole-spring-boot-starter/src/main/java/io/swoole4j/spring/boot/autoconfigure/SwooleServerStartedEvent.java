package io.swoole4j.spring.boot.autoconfigure;

import org.springframework.context.ApplicationEvent;

import io.swoole4j.server.Server;

/**
 * Published when the auto-configured swoole4j server listens; {@link #getPort()} is the
 * bound port (the ephemeral one when {@code swoole.server.port} is 0).
 */
public class SwooleServerStartedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an event.
	 * @param server the started server
	 */
	public SwooleServerStartedEvent(Server server) {
		super(server);
	}

	/**
	 * Returns the started server.
	 * @return the server
	 */
	public Server getServer() {
		return (Server) getSource();
	}

	/**
	 * Returns the bound port.
	 * @return the port
	 */
	public int getPort() {
		return getServer().port();
	}

}
