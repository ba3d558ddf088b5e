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
final class TaskWorker implements Runnable, TaskWorkerMetric {

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

	private volatile boolean sleeping;

	private volatile boolean stopping;

	private volatile boolean abandoned;

	TaskWorker(int id, int capacity, BlockingQueue<byte[]> shared, TaskPool pool) {
		this.id = id;
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.shared = shared;
		this.pool = pool;
	}

	void start() {
		Thread t = Thread.ofPlatform().name("swoole-task-worker-" + this.id).unstarted(this);
		this.thread = t;
		t.start();
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
		this.stopping = true;
		LockSupport.unpark(this.thread);
	}

	/** Asks the worker to stop after the current message, leaving the rest queued. */
	void abandon() {
		this.abandoned = true;
		LockSupport.unpark(this.thread);
	}

	boolean join(long millis) throws InterruptedException {
		Thread t = this.thread;
		return t == null || t.join(Duration.ofMillis(Math.max(1, millis)));
	}

	@Override
	public void run() {
		this.pool.taskWorkerStarted(this);
		try {
			while (!this.abandoned) {
				byte[] message = poll();
				if (message == null) {
					if (this.stopping) {
						break;
					}
					this.sleeping = true;
					message = poll();
					if (message == null) {
						LockSupport.parkNanos(this, IDLE_PARK_NANOS);
						this.sleeping = false;
						continue;
					}
					this.sleeping = false;
				}
				this.pool.process(this, message);
			}
		}
		finally {
			this.pool.taskWorkerStopped(this);
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
