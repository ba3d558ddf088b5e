package io.swoole4j.server;

/**
 * Execution model of a {@link Server} (Swoole's {@code SWOOLE_BASE},
 * {@code SWOOLE_THREAD}, {@code SWOOLE_PROCESS}).
 */
public enum Mode {

	/**
	 * Each of {@code workerNum} event loops is a complete server: it reads, frames and
	 * runs the callbacks of its own connections on its own thread, with no hop. Lowest
	 * latency; a slow callback delays every connection of that loop. {@code reactorNum}
	 * and {@code dispatchMode} are not used: worker id equals reactor id.
	 */
	BASE,

	/**
	 * The default: an acceptor thread, {@code reactorNum} reactor threads doing all
	 * socket I/O and framing, and {@code workerNum} worker threads running the callbacks;
	 * packets cross to workers through each reactor's bounded packet ring.
	 */
	THREAD,

	/**
	 * Reserved: workers as child JVMs. Not available yet;
	 * {@link ServerConfig.Builder#build()} rejects it.
	 */
	PROCESS

}
