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
	 * As THREAD, but each worker is a JVM of its own (Swoole's {@code SWOOLE_PROCESS}):
	 * the master keeps the sockets, reactors and packet rings; a worker JVM runs the
	 * application's main class again ({@link ServerConfig#workerEntry()}), whose
	 * {@link Server#start()} then serves as that worker over a Unix domain socket and
	 * never returns. A worker that crashes, is killed or leaks costs only its own
	 * in-flight requests: the manager reports it through {@code onWorkerError} and starts
	 * a new JVM with the same id. {@code SIGUSR1} to the master reloads every worker,
	 * {@code SIGUSR2} the task workers, {@code SIGTERM} shuts down gracefully.
	 * <p>
	 * Task workers are JVMs too; tasks, results and pipe messages travel through the
	 * master. In a worker JVM the server offers {@code send}, {@code close},
	 * {@code reload}, tasks ({@code task}, {@code taskwait}, {@code taskWaitMulti},
	 * {@code finish}), {@code sendMessage}, timers, {@code getWorkerId} and a per-worker
	 * {@code stats()}; methods on connection state ({@code exist}, {@code getClientInfo},
	 * {@code getClientList}, {@code pause}, {@code resume}, {@code bind},
	 * {@code protect}, {@code heartbeat}, {@code getWorkerStatus}) and {@code sendto} are
	 * calls to the master that wait for its answer. A {@code send} is checked by the
	 * master: one to a closed session is dropped and counted in
	 * {@code worker_send_dropped_count}. Messages between JVMs carry at most 64 MiB; a
	 * larger {@code send} or task returns false with a warning.
	 */
	PROCESS

}
