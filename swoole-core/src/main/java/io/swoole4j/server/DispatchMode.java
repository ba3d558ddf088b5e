package io.swoole4j.server;

/**
 * How a THREAD-mode server picks the worker for each event (Swoole's
 * {@code dispatch_mode}). The hash modes keep every event of a connection on one worker,
 * in order; only they deliver connection events ({@code onConnect}, {@code onClose},
 * {@code onBufferFull}, {@code onBufferEmpty}) unless {@code enableUnsafeEvent} is set.
 */
public enum DispatchMode {

	/** 1: a shared counter, incremented per event. No per-connection order. */
	ROUND(1, false),

	/**
	 * 2 (default): a stable per-connection index modulo {@code workerNum}. The index is
	 * "fd-like" (reused after close) but is not a kernel descriptor.
	 */
	FDMOD(2, true),

	/** 3: the first idle worker in round-robin order, or the last candidate if none. */
	IDLE_WORKER(3, false),

	/** 4: a hash of the client IP address modulo {@code workerNum}. */
	IPMOD(4, true),

	/**
	 * 5: the uid given to {@code bind(session, uid)} modulo {@code workerNum}; before
	 * binding, as {@link #FDMOD}. Order is kept once bound.
	 */
	UIDMOD(5, true),

	/** 6: a user {@link DispatchFunction}. */
	USERFUNC(6, true),

	/**
	 * 7: Swoole's removed stream mode; as in Swoole 5+, it behaves exactly like
	 * {@link #IDLE_WORKER}.
	 */
	STREAM(7, false),

	/**
	 * 8: on its first event a connection is pinned to the worker that holds the fewest
	 * connections at that moment (Swoole's {@code CO_CONN_LB}).
	 */
	CO_CONN_LB(8, true);

	private final int id;

	private final boolean connectionEvents;

	DispatchMode(int id, boolean connectionEvents) {
		this.id = id;
		this.connectionEvents = connectionEvents;
	}

	/** Swoole's number for this mode. */
	public int id() {
		return this.id;
	}

	/** Whether connection events are delivered without {@code enableUnsafeEvent}. */
	public boolean deliversConnectionEvents() {
		return this.connectionEvents;
	}

	/** Whether all events of a connection go to one worker, in order. */
	public boolean isStable() {
		return this.connectionEvents;
	}

	/**
	 * The mode with Swoole's number {@code id}.
	 * @throws IllegalArgumentException for an unknown number (9 and 10 need coroutines
	 * and are not supported)
	 */
	public static DispatchMode ofId(int id) {
		for (DispatchMode mode : values()) {
			if (mode.id == id) {
				return mode;
			}
		}
		throw new IllegalArgumentException("dispatchMode: " + id + " (expected: in [1, 8])");
	}

}
