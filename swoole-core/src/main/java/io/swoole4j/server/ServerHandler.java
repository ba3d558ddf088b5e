package io.swoole4j.server;

/**
 * The application's callbacks (Swoole's {@code on(...)} events); every method has an
 * empty default, so implement only what you need. One handler instance serves every
 * worker, so it must be thread-safe in THREAD mode.
 * <p>
 * Threads: {@link #onStart} and {@link #onShutdown} run on the thread calling
 * {@link Server#start()} / {@link Server#shutdown()}; the other callbacks run on a worker
 * thread (THREAD mode) or on the connection's event loop (BASE mode), one at a time per
 * worker. An exception thrown by a callback is logged and counted
 * ({@link WorkerMetric#callbackErrors()}); the worker keeps serving. An {@link Error}
 * thrown by an event callback on a THREAD-mode worker ends that worker's thread instead
 * ({@link #onWorkerError}); the manager starts a new one with the same id.
 */
public interface ServerHandler {

	/** The server is listening and every thread is running. */
	default void onStart(Server server) {
	}

	/** The last callback: everything else has stopped. */
	default void onShutdown(Server server) {
	}

	/** A worker (or a BASE-mode loop) started, before it handles any event. */
	default void onWorkerStart(Server server, int workerId) {
	}

	/** A worker stopped normally, after its last event. */
	default void onWorkerStop(Server server, int workerId) {
	}

	/**
	 * A THREAD-mode worker thread ended because a callback threw an {@link Error} (the
	 * thread model's crash, spec §19.1); it is restarted with the same id right after.
	 * Runs on the manager thread. Exceptions do not end a worker: they are only counted.
	 * @param workerThreadId {@link Thread#threadId()} of the ended thread (the "pid")
	 * @param exitCode always 255, as Swoole reports a fatal error in the thread model
	 * @param signal always 0 (a thread cannot be killed by a signal)
	 */
	default void onWorkerError(Server server, int workerId, long workerThreadId, int exitCode, int signal) {
	}

	/** A reload begins (manager thread), before any worker is asked to stop. */
	default void onBeforeReload(Server server) {
	}

	/** A reload ended (manager thread): every targeted worker was replaced. */
	default void onAfterReload(Server server) {
	}

	/** First step of {@link Server#shutdown()}, on its thread, before accepting stops. */
	default void onBeforeShutdown(Server server) {
	}

	/** The manager thread started (before {@code onStart}). */
	default void onManagerStart(Server server) {
	}

	/**
	 * The manager thread stops: after every {@code onWorkerStop}, before
	 * {@code onShutdown}.
	 */
	default void onManagerStop(Server server) {
	}

	/**
	 * A connection was accepted. Delivered in dispatch modes 2, 4, 5, 6 and 8, and in
	 * every mode with {@code enableUnsafeEvent}.
	 */
	default void onConnect(Server server, long sessionId, int reactorId) {
	}

	/**
	 * One complete packet arrived. {@code packet} is valid only during this call.
	 */
	default void onReceive(Server server, long sessionId, int reactorId, Packet packet) {
	}

	/**
	 * The connection closed; runs at most once per connection (delivered like
	 * {@link #onConnect}). {@code reactorId} is -1 when the application closed it with
	 * {@link Server#close}, and the reactor id when the client closed it or the server
	 * closed it for a protocol error. {@link Server#getClientInfo} still answers here;
	 * {@link Server#exist} is already false.
	 */
	default void onClose(Server server, long sessionId, int reactorId) {
	}

	/** The connection's output queue reached the high watermark (once per crossing). */
	default void onBufferFull(Server server, long sessionId) {
	}

	/** The connection's output queue drained to the low watermark after being full. */
	default void onBufferEmpty(Server server, long sessionId) {
	}

	/**
	 * A task arrived (runs on a task worker, whose id is at least {@code workerNum}).
	 * Required when {@code taskWorkerNum > 0}: {@link Server#start()} fails if this
	 * default is not overridden.
	 * @param taskId the id {@code task} returned to the sender
	 * @param srcWorkerId the event worker that sent it, or -1 for another thread
	 * @param data the decoded task data ({@code byte[]}, {@code String} or what the
	 * configured {@code taskCodec} decodes)
	 * @return a non-null value to send back as the result (as {@link Server#finish}), or
	 * null for no result
	 */
	default Object onTask(Server server, long taskId, int srcWorkerId, Object data) {
		return null;
	}

	/**
	 * The result of a task this worker sent with {@code task} and no per-call callback
	 * (runs on the event worker that called {@code task}).
	 */
	default void onFinish(Server server, long taskId, Object result) {
	}

	/**
	 * A message sent with {@link Server#sendMessage} arrived (runs on the destination
	 * event or task worker).
	 * @param srcWorkerId the sending worker, or -1 for another thread
	 */
	default void onPipeMessage(Server server, int srcWorkerId, Object message) {
	}

	/**
	 * One datagram arrived on a UDP port ({@code onPacket}); reply with
	 * {@link Server#sendto}. Runs on a worker chosen by the sender's address (THREAD) or
	 * on the loop reading the port (BASE). {@code data} is the caller's to keep.
	 */
	default void onPacket(Server server, byte[] data, UdpPeer peer) {
	}

	/** A handler that runs {@code onReceive} for every packet and nothing else. */
	static ServerHandler onReceive(OnReceive onReceive) {
		return new ServerHandler() {

			@Override
			public void onReceive(Server server, long sessionId, int reactorId, Packet packet) {
				onReceive.onReceive(server, sessionId, reactorId, packet);
			}

		};
	}

	/** The receive callback alone, for {@link ServerHandler#onReceive(OnReceive)}. */
	@FunctionalInterface
	interface OnReceive {

		/** See {@link ServerHandler#onReceive(Server, long, int, Packet)}. */
		void onReceive(Server server, long sessionId, int reactorId, Packet packet);

	}

}
