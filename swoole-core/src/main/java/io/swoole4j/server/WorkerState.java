package io.swoole4j.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.swoole4j.server.buffer.MpscLongQueue;

/**
 * Identity, status and counters of one worker, shared by the THREAD-mode worker thread
 * and the BASE-mode event loop. Counters written by one thread are volatile; counters
 * written by several are striped.
 */
final class WorkerState implements WorkerMetric {

	final int id;

	final MpscLongQueue queue;

	volatile WorkerStatus status = WorkerStatus.IDLE;

	volatile long requests;

	volatile long errors;

	final LongAdder dispatched = new LongAdder();

	final AtomicInteger connections = new AtomicInteger();

	/** Generations started after the first (written by the manager). */
	volatile long restarts;

	/** {@link #requests} when the current generation started. */
	volatile long requestsAtStart;

	/** {@link #dispatched} when the current generation started. */
	volatile long dispatchedAtStart;

	/** The current THREAD-mode generation (null in BASE mode). */
	volatile Worker worker;

	/** The current PROCESS-mode generation's link to its JVM (null in other modes). */
	volatile WorkerLink link;

	/** The current generation's application timers, created on its thread. */
	volatile WorkerTimers timers;

	/** Callbacks posted to this THREAD-mode worker (task results, pipe messages). */
	final java.util.Queue<Runnable> inbox = new java.util.concurrent.ConcurrentLinkedQueue<>();

	/** Entries in {@link #inbox}, which has no cheap size of its own. */
	final AtomicInteger inboxSize = new AtomicInteger();

	WorkerState(int id, MpscLongQueue queue) {
		this.id = id;
		this.queue = queue;
	}

	@Override
	public int workerId() {
		return this.id;
	}

	@Override
	public WorkerStatus status() {
		return this.status;
	}

	@Override
	public long requestCount() {
		return this.requests;
	}

	@Override
	public long dispatchCount() {
		return this.dispatched.sum();
	}

	@Override
	public int connectionCount() {
		return this.connections.get();
	}

	@Override
	public long callbackErrors() {
		return this.errors;
	}

	@Override
	public int queuedEvents() {
		return (this.queue != null) ? this.queue.size() : 0;
	}

	@Override
	public long restarts() {
		return this.restarts;
	}

	@Override
	public String toString() {
		return "worker " + this.id;
	}

}
