package io.swoole4j.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.process.ExitStatus;
import io.swoole4j.process.Process;
import io.swoole4j.server.message.MessageDescriptor;
import io.swoole4j.server.task.TaskMessages;

/**
 * The {@link WorkerSlot} of a PROCESS-mode event worker: each generation is a worker JVM
 * running {@link ServerConfig#workerEntry()} (the application's own main class by
 * default), joined to the master by a {@link WorkerLink}. All generations consume the
 * same {@link WorkerState#queue}, one after the other, so what is queued while one
 * generation hands over to the next is served by the next.
 * <p>
 * A worker JVM knows its role from the system properties {@link #WORKER_ID_PROPERTY} and
 * {@link #GENERATION_PROPERTY}, and finds the master through its
 * {@link io.swoole4j.process.ProcessContext}; its {@link Server#start()} then serves as
 * that worker (see {@link WorkerProcess}).
 */
final class ProcessWorkerSlot implements WorkerSlot {

	private static final Logger logger = LoggerFactory.getLogger(ProcessWorkerSlot.class);

	/** System property naming the worker id of a worker JVM. */
	static final String WORKER_ID_PROPERTY = "swoole4j.server.workerId";

	/** System property set to {@code true} in a task worker JVM. */
	static final String TASK_WORKER_PROPERTY = "swoole4j.server.taskWorker";

	/** System property holding the generation of a worker JVM (1 for the first). */
	static final String GENERATION_PROPERTY = "swoole4j.server.generation";

	private final Server server;

	private final WorkerState state;

	private final WorkerManager manager;

	private final boolean taskWorker;

	// tasks, results and pipe messages waiting for this worker, across generations
	private final BlockingQueue<byte[]> control;

	private volatile WorkerLink current;

	private volatile long generation;

	ProcessWorkerSlot(Server server, WorkerState state, WorkerManager manager, boolean taskWorker, int capacity) {
		this.server = server;
		this.state = state;
		this.manager = manager;
		this.taskWorker = taskWorker;
		this.control = new LinkedBlockingQueue<>(capacity);
	}

	@Override
	public int id() {
		return this.state.id;
	}

	@Override
	public boolean isTaskWorker() {
		return this.taskWorker;
	}

	/**
	 * Queues a whole message for this worker (any thread).
	 * @return false when its queue is full
	 */
	boolean offer(byte[] message) {
		if (!this.control.offer(message)) {
			return false;
		}
		WorkerLink link = this.current;
		if (link != null) {
			link.wake();
		}
		return true;
	}

	/** Messages waiting for this worker. */
	int queued() {
		return this.control.size();
	}

	@Override
	public void spawn() {
		long next = this.generation + 1;
		if (next > 1) {
			this.state.restarts++;
		}
		ServerConfig config = this.server.config();
		List<String> options = new ArrayList<>(config.workerJvmOptions());
		options.add("-D" + WORKER_ID_PROPERTY + "=" + this.state.id);
		options.add("-D" + GENERATION_PROPERTY + "=" + next);
		if (this.taskWorker) {
			options.add("-D" + TASK_WORKER_PROPERTY + "=true");
		}
		Process process = Process.builder(config.workerEntry())
			.name((this.taskWorker ? "swoole-task-worker-" : "swoole-worker-") + this.state.id)
			.id(this.state.id)
			.args(config.workerArgs().toArray(new String[0]))
			.jvmOptions(options)
			.pipe(true)
			.connectTimeout(config.workerConnectTimeout())
			.build();
		WorkerLink link = new WorkerLink(this.server, this.state, this, next, process, this.control);
		this.generation = next;
		this.current = link;
		// published before the JVM starts, so reactors wake this generation's writer
		this.state.link = link;
		try {
			link.start();
		}
		catch (IOException | RuntimeException ex) {
			logger.error("Cannot start the JVM of worker {}", this.state.id, ex);
			this.manager.exited(this, next, -1, ExitStatus.of(-1, WorkerProcess.EXIT_CRASHED), true);
		}
	}

	@Override
	public long generation() {
		return this.generation;
	}

	@Override
	public boolean isAlive() {
		WorkerLink link = this.current;
		return link != null && link.isAlive();
	}

	/** The pid of the current generation's JVM, or -1. */
	@Override
	public long threadId() {
		WorkerLink link = this.current;
		return (link != null) ? link.pid() : -1;
	}

	@Override
	public void retire() {
		WorkerLink link = this.current;
		if (link != null) {
			link.retire();
		}
	}

	@Override
	public void stop() {
		WorkerLink link = this.current;
		if (link != null) {
			link.stop();
		}
	}

	@Override
	public boolean join(long millis) throws InterruptedException {
		WorkerLink link = this.current;
		return link == null || link.join(millis);
	}

	/** Kills the current generation's JVM with SIGKILL. */
	@Override
	public void abandon() {
		WorkerLink link = this.current;
		if (link != null) {
			try {
				link.kill();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public int refuseQueued() {
		int refused = (this.state.queue != null) ? Worker.refuseQueued(this.server, this.state) : 0;
		byte[] message;
		while ((message = this.control.poll()) != null) {
			if (MessageDescriptor.type(message) == TaskMessages.TYPE_TASK) {
				refused++;
			}
		}
		return refused;
	}

	@Override
	public long restarts() {
		return this.state.restarts;
	}

	/** A generation's worker ran {@code onWorkerStart} (its link's reader thread). */
	void started(WorkerLink link) {
		this.manager.started(this, link.generation);
	}

	/** A generation's JVM exited and its link is closed. */
	void exited(WorkerLink link, ExitStatus status, boolean killedByManager) {
		ExitStatus reported = status;
		if (!killedByManager && !link.served() && status.isSuccess()) {
			// a main that never starts the server ends cleanly: without this it would
			// be restarted in silence, again and again
			logger.error("{} (pid {}) exited before serving: its main class {} must build a PROCESS-mode server "
					+ "and call start()", this, link.pid(), this.server.config().workerEntry());
			reported = new ExitStatus(status.pid(), WorkerProcess.EXIT_CRASHED, 0);
		}
		this.manager.exited(this, link.generation, link.pid(), reported, !killedByManager);
	}

	@Override
	public String toString() {
		return (this.taskWorker ? "task worker " : "worker ") + this.state.id;
	}

}
