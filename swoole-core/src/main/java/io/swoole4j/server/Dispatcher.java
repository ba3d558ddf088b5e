package io.swoole4j.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the worker for each event in THREAD mode (Swoole's scheduler, §18.5). Runs on
 * reactor threads; shared state is atomic.
 */
final class Dispatcher {

	private static final Logger logger = LoggerFactory.getLogger(Dispatcher.class);

	/** Result: drop the event. */
	static final int DISCARD = DispatchFunction.DISCARD;

	/** Result: close the connection. */
	static final int CLOSE = DispatchFunction.CLOSE;

	private static final long NO_IDLE_WARNING_INTERVAL_NANOS = 1_000_000_000L;

	private final Server server;

	private final DispatchMode mode;

	private final DispatchFunction function;

	private final WorkerState[] workers;

	private final int n;

	private final AtomicInteger roundRobin = new AtomicInteger();

	private final AtomicLong lastNoIdleWarning = new AtomicLong(System.nanoTime() - NO_IDLE_WARNING_INTERVAL_NANOS);

	Dispatcher(Server server, DispatchMode mode, DispatchFunction function, WorkerState[] workers) {
		this.server = server;
		this.mode = mode;
		this.function = function;
		this.workers = workers;
		this.n = workers.length;
	}

	/**
	 * The worker for an event of {@code c}; {@link #DISCARD} or {@link #CLOSE} only for
	 * {@link ServerEvent#RECEIVE} in mode 6.
	 * @param packet the packet for RECEIVE (bound by the caller), else null
	 */
	int select(Connection c, ServerEvent type, Packet packet) {
		return switch (this.mode) {
			case ROUND -> Math.floorMod(this.roundRobin.getAndIncrement(), this.n);
			case FDMOD -> fdMod(c);
			case IDLE_WORKER, STREAM -> idleWorker();
			case IPMOD -> (int) (Integer.toUnsignedLong(c.ipHash) % this.n);
			case UIDMOD -> {
				long uid = c.uid();
				yield (uid != 0) ? (int) (uid % this.n) : fdMod(c);
			}
			case USERFUNC -> userFunction(c, type, packet);
			case CO_CONN_LB -> pinned(c);
		};
	}

	private int fdMod(Connection c) {
		return (int) (c.sessionId % this.n);
	}

	private int idleWorker() {
		int start = this.roundRobin.getAndIncrement();
		int candidate = 0;
		for (int i = 0; i <= this.n; i++) {
			candidate = Math.floorMod(start + i, this.n);
			if (this.workers[candidate].status == WorkerStatus.IDLE) {
				return candidate;
			}
		}
		long now = System.nanoTime();
		long last = this.lastNoIdleWarning.get();
		if (now - last >= NO_IDLE_WARNING_INTERVAL_NANOS && this.lastNoIdleWarning.compareAndSet(last, now)) {
			logger.warn("No idle worker is available; dispatching to worker {}", candidate);
		}
		return candidate;
	}

	private int pinned(Connection c) {
		int id = c.workerId;
		if (id >= 0) {
			return id;
		}
		int best = 0;
		for (int i = 1; i < this.n; i++) {
			if (this.workers[i].connections.get() < this.workers[best].connections.get()) {
				best = i;
			}
		}
		this.workers[best].connections.incrementAndGet();
		c.workerId = best;
		return best;
	}

	private int userFunction(Connection c, ServerEvent type, Packet packet) {
		int id;
		try {
			id = this.function.dispatch(this.server, c.sessionId, type, packet);
		}
		catch (RuntimeException ex) {
			logger.warn("dispatchFunction failed for {}; using dispatch mode 2", c, ex);
			return fdMod(c);
		}
		if (id >= this.n) {
			logger.warn("dispatchFunction returned worker {} of {} for {}; discarding", id, this.n, c);
			id = DISCARD;
		}
		if (id == DispatchFunction.FALLBACK || (id < 0 && type != ServerEvent.RECEIVE)) {
			return fdMod(c);
		}
		if (id < 0) {
			return (id == CLOSE) ? CLOSE : DISCARD;
		}
		return id;
	}

}
