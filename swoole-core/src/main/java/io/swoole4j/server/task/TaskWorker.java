package io.swoole4j.server.task;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.swoole4j.server.WorkerStatus;

/**
 * One task worker thread: takes messages from its own queue (targeted tasks and pipe
 * messages) and, in preemptive mode, from the pool's shared queue, and runs them one at a
 * time.
 */
final class TaskWorker implements TaskWorkerMetric {

	/** Longest park while idle, so a stop request is seen even without a wakeup. */
	private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	final int id;

	final BlockingQueue<byte[]> queue;

	private final BlockingQueue<byte[]> shared;

	private final TaskPool pool;

	volatile WorkerStatus status = WorkerStatus.EXIT;

	volatile long tasks;

	volatile long errors;

	/** The task whose onTask runs now, or -1; confined to this worker's thread. */
	long currentTaskId = -1;

	byte[] currentTask;

	boolean currentFinished;

	private volatile Thread thread;

	private volatile Generation current;

	private volatile long generation;

	private volatile boolean sleeping;

	TaskWorker(int id, int capacity, BlockingQueue<byte[]> shared, TaskPool pool) {
		this.id = id;
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.shared = shared;
		this.pool = pool;
	}

	/** Starts the first generation without a supervisor ({@link TaskPool#start()}). */
	void start() {
		spawn(null);
	}

	/**
	 * Starts a new generation: a thread serving the same id and queues. The previous one
	 * must have ended or been abandoned.
	 */
	long spawn(TaskPool.Supervisor supervisor) {
		long next = this.generation + 1;
		Generation g = new Generation(next, supervisor);
		Thread t = Thread.ofPlatform().name("swoole-task-worker-" + this.id).unstarted(g);
		g.thread = t;
		this.generation = next;
		this.current = g;
		this.thread = t;
		t.start();
		return next;
	}

	long generation() {
		return this.generation;
	}

	boolean isAlive() {
		Thread t = this.thread;
		return t != null && t.isAlive();
	}

	long threadId() {
		Thread t = this.thread;
		return (t != null) ? t.threadId() : -1;
	}

	/** Wakes the worker if it is parked. Any thread. */
	void wake() {
		if (this.sleeping) {
			this.sleeping = false;
			LockSupport.unpark(this.thread);
		}
	}

	boolean isSleeping() {
		return this.sleeping;
	}

	/** Asks the worker to stop once no message is left for it. */
	void stop() {
		Generation g = this.current;
		if (g != null) {
			g.stopping = true;
			LockSupport.unpark(g.thread);
		}
	}

	/** Asks the worker to stop after the current message, leaving the rest queued. */
	void abandon() {
		Generation g = this.current;
		if (g != null) {
			g.retiring = true;
			LockSupport.unpark(g.thread);
		}
	}

	/**
	 * Gives up on the current generation: interrupted, takes no further message, runs no
	 * {@code onWorkerStop} and reports no exit.
	 */
	void forsake() {
		Generation g = this.current;
		if (g != null) {
			g.forsaken = true;
			g.retiring = true;
			g.thread.interrupt();
		}
	}

	boolean join(long millis) throws InterruptedException {
		Thread t = this.thread;
		return t == null || t.join(Duration.ofMillis(Math.max(1, millis)));
	}

	/** One thread serving this worker id. */
	final class Generation implements Runnable {

		final long number;

		final TaskPool.Supervisor supervisor;

		volatile Thread thread;

		volatile boolean stopping;

		volatile boolean retiring;

		volatile boolean forsaken;

		Generation(long number, TaskPool.Supervisor supervisor) {
			this.number = number;
			this.supervisor = supervisor;
		}

		@Override
		public void run() {
			TaskWorker w = TaskWorker.this;
			Throwable crash = null;
			try {
				w.pool.taskWorkerStarted(w, this);
				while (!this.retiring) {
					byte[] message = poll();
					if (message == null) {
						if (this.stopping) {
							break;
						}
						w.sleeping = true;
						message = poll();
						if (message == null) {
							LockSupport.parkNanos(this, IDLE_PARK_NANOS);
							w.sleeping = false;
							continue;
						}
						w.sleeping = false;
					}
					w.pool.process(w, message);
				}
			}
			catch (RuntimeException | Error ex) {
				crash = ex;
				throw ex;
			}
			finally {
				if (!this.forsaken) {
					w.pool.taskWorkerStopped(w);
					if (this.supervisor != null) {
						this.supervisor.exited(w.id, this.number, Thread.currentThread().threadId(), crash);
					}
				}
			}
		}

	}

	private byte[] poll() {
		byte[] message = this.queue.poll();
		if (message == null && this.shared != null) {
			message = this.shared.poll();
		}
		return message;
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
	public long taskCount() {
		return this.tasks;
	}

	@Override
	public long callbackErrors() {
		return this.errors;
	}

	@Override
	public int queuedMessages() {
		return this.queue.size();
	}

	@Override
	public String toString() {
		return "task worker " + this.id;
	}

}
