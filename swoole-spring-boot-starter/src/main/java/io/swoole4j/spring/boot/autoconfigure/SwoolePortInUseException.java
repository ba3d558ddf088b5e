package io.swoole4j.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the swoole4j server cannot bind its port because another process holds it.
 * Explained by {@link SwoolePortInUseFailureAnalyzer}.
 */
public class SwoolePortInUseException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String host;

	private final int port;

	/**
	 * Creates an exception for a port that is taken.
	 * @param host the configured host
	 * @param port the configured port
	 * @param cause the bind failure
	 */
	public SwoolePortInUseException(String host, int port, @Nullable Throwable cause) {
		super("swoole4j server port " + port + " on " + host + " is already in use", cause);
		this.host = host;
		this.port = port;
	}

	/**
	 * Returns the host the server tried to bind.
	 * @return the host
	 */
	public String getHost() {
		return this.host;
	}

	/**
	 * Returns the port that is taken.
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

}
