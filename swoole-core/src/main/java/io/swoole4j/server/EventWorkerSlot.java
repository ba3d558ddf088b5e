package io.swoole4j.server;

/**
 * The {@link WorkerSlot} of a THREAD-mode event worker: each generation is a
 * {@link Worker} thread consuming the same {@link WorkerState#queue}, so events queued
 * while one generation hands over to the next are served by the next.
 */
final class EventWorkerSlot implements WorkerSlot {

	private final Server server;

	private final WorkerState state;

	private final WorkerManager manager;

	private volatile Worker current;

	private volatile long generation;

	EventWorkerSlot(Server server, WorkerState state, WorkerManager manager) {
		this.server = server;
		this.state = state;
		this.manager = manager;
	}

	@Override
	public int id() {
		return this.state.id;
	}

	@Override
	public boolean isTaskWorker() {
		return false;
	}

	@Override
	public void spawn() {
		long next = this.generation + 1;
		if (next > 1) {
			this.state.restarts++;
		}
		Worker w = new Worker(this.state, this.server, this, next);
		this.generation = next;
		this.current = w;
		// published before the thread starts, so reactors wake this generation
		this.state.worker = w;
		w.start();
	}

	@Override
	public long generation() {
		return this.generation;
	}

	@Override
	public boolean isAlive() {
		Worker w = this.current;
		return w != null && w.isAlive();
	}

	@Override
	public long threadId() {
		Worker w = this.current;
		return (w != null) ? w.threadId() : -1;
	}

	@Override
	public void retire() {
		Worker w = this.current;
		if (w != null) {
			w.retire();
		}
	}

	@Override
	public void stop() {
		Worker w = this.current;
		if (w != null) {
			w.stop();
		}
	}

	@Override
	public boolean join(long millis) throws InterruptedException {
		Worker w = this.current;
		return w == null || w.join(millis);
	}

	@Override
	public void abandon() {
		Worker w = this.current;
		if (w != null) {
			w.abandon();
		}
	}

	@Override
	public int refuseQueued() {
		return Worker.refuseQueued(this.server, this.state);
	}

	@Override
	public long restarts() {
		return this.state.restarts;
	}

	/** A generation ran {@code onWorkerStart} (its own thread). */
	void started(Worker worker) {
		this.manager.started(this, worker.generation);
	}

	/** A generation's thread is ending (its own thread). */
	void exited(Worker worker, Throwable crash) {
		this.manager.exited(this, worker.generation, worker.threadId(), crash);
	}

	@Override
	public String toString() {
		return "worker " + this.state.id;
	}

}
