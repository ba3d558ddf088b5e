package io.swoole4j.ipc;

import java.io.IOException;

/**
 * Two connected ends of a socket pipe made in one JVM. By Swoole's convention the
 * {@code master} end belongs to the side that dispatches (reactor, parent) and the
 * {@code worker} end to the side that serves.
 *
 * @param <T> the kind of end
 * @param master one end
 * @param worker the other end
 */
public record PipePair<T extends SocketPipe>(T master, T worker) implements AutoCloseable {

	/**
	 * Closes both ends. Idempotent.
	 */
	@Override
	public void close() throws IOException {
		try {
			this.master.close();
		}
		finally {
			this.worker.close();
		}
	}

}
