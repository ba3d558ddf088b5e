package io.swoole4j.process;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.internal.Checks;
import io.swoole4j.ipc.MessagePipe;

/**
 * A fixed set of worker processes, ids 0 to {@code workerNum - 1}, each a child JVM
 * started from one {@link Process.Builder} template (Swoole's {@code Process\Pool} and
 * the manager of §8.5). A worker sees its id as {@link ProcessContext#id()} and is named
 * {@code <template name>-<id>}.
 * <p>
 * <b>Restarts.</b> Whenever a worker's process ends while the pool runs it is started
 * again with the same id; an abnormal end (a code other than 0, or a signal) is first
 * reported through {@link ProcessPoolHandler#onWorkerError}. A worker that keeps dying
 * young is restarted after a back-off that doubles from {@code restartBackoff} up to
 * {@code maxRestartBackoff}, so a crashing entry does not spin; a worker that ran at
 * least {@code maxRestartBackoff} counts as healthy again and is restarted at once.
 * <p>
 * <b>Reload.</b> {@link #reload()} replaces the workers one at a time, each with the same
 * id, without reporting errors (Swoole's {@code reload}).
 * <p>
 * <b>Shutdown.</b> {@link #shutdown()} stops restarting, sends SIGTERM to every worker,
 * waits up to {@code maxWaitTime} and then sends SIGKILL to what is left, and returns
 * when no worker process runs.
 * <p>
 * <b>Threading.</b> One manager thread, started by {@link #start()}, launches and reaps
 * the workers, reads their pipes through one {@link Selector} and runs every
 * {@link ProcessPoolHandler} callback. Every public method may be called from any thread,
 * handlers included.
 */
public final class ProcessPool implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ProcessPool.class);

	private static final int MAX_BACKOFF_SHIFT = 20;

	private final ProcessSpec template;

	private final ProcessPoolHandler handler;

	private final Duration maxWaitTime;

	private final long restartBackoffNanos;

	private final long maxRestartBackoffNanos;

	private final Slot[] slots;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final CountDownLatch stopped = new CountDownLatch(1);

	private final AtomicInteger lifecycle = new AtomicInteger(NEW);

	private static final int NEW = 0;

	private static final int STARTED = 1;

	private static final int STOPPING = 2;

	private final AtomicBoolean reloading = new AtomicBoolean();

	private final LongAdder starts = new LongAdder();

	private final LongAdder restarts = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final LongAdder messages = new LongAdder();

	private final LongAdder callbackFailures = new LongAdder();

	private volatile Selector selector;

	private Thread manager;

	// manager thread only: set by beginStop, which may run a little after shutdown()
	// flips the lifecycle
	private boolean stopping;

	private long killDeadline;

	private final Deque<Slot> reloadQueue = new ArrayDeque<>();

	private Slot reloadCurrent;

	private boolean killed;

	private ProcessPool(Builder builder) {
		this.template = builder.worker.spec();
		this.handler = builder.handler;
		this.maxWaitTime = builder.maxWaitTime;
		this.restartBackoffNanos = builder.restartBackoff.toNanos();
		this.maxRestartBackoffNanos = builder.maxRestartBackoff.toNanos();
		this.slots = new Slot[builder.workerNum];
		for (int id = 0; id < this.slots.length; id++) {
			this.slots[id] = new Slot(id);
		}
	}

	/**
	 * Starts building a pool of {@code workerNum} workers made from {@code worker}. The
	 * template's settings are copied when {@link Builder#build()} is called.
	 * @param worker the template of every worker (entry, JVM options, pipe, queue)
	 * @param workerNum the number of workers, &gt; 0
	 * @return the builder
	 */
	public static Builder builder(Process.Builder worker, int workerNum) {
		return new Builder(Checks.checkNotNull(worker, "worker"), Checks.checkPositive(workerNum, "workerNum"));
	}

	/**
	 * Launches every worker and the manager thread. Returns without waiting for the
	 * workers to come up ({@link ProcessPoolHandler#onWorkerStart} tells).
	 * @throws IllegalStateException if started before
	 * @throws IOException if the selector cannot be opened
	 */
	public void start() throws IOException {
		if (!this.lifecycle.compareAndSet(NEW, STARTED)) {
			throw new IllegalStateException("process pool " + this.template.name() + " was already started");
		}
		this.selector = Selector.open();
		for (Slot slot : this.slots) {
			this.tasks.add(() -> launch(slot));
		}
		this.manager = new Thread(this::run, this.template.name() + "-manager");
		this.manager.start();
	}

	/**
	 * Returns the number of worker slots.
	 * @return workerNum
	 */
	public int workerNum() {
		return this.slots.length;
	}

	/**
	 * Returns the pid of a worker's current process.
	 * @param workerId the id
	 * @return the pid, or -1 while none runs
	 */
	public long workerPid(int workerId) {
		Process process = slot(workerId).process;
		return (process != null) ? process.pid() : -1;
	}

	/**
	 * Returns a worker slot's state.
	 * @param workerId the id
	 * @return the state; {@link WorkerState#WAITING} before {@link #start()}
	 */
	public WorkerState workerState(int workerId) {
		return slot(workerId).state;
	}

	/**
	 * Sends a message to a worker over its pipe, waiting while the socket buffer is full.
	 * @param workerId the id
	 * @param message the bytes, possibly empty
	 * @return false if the worker is not running or went away meanwhile
	 * @throws IllegalArgumentException for an unknown id or a message over the pipe's
	 * limit
	 */
	public boolean sendMessage(int workerId, byte[] message) {
		return send(workerId, message, true);
	}

	/**
	 * Sends a message to a worker if its socket buffer can take the start of it now (a
	 * started message is always finished, so messages never interleave).
	 * @param workerId the id
	 * @param message the bytes, possibly empty
	 * @return false if the worker is not running, went away, or its buffer is full
	 * @throws IllegalArgumentException for an unknown id or a message over the pipe's
	 * limit
	 */
	public boolean trySendMessage(int workerId, byte[] message) {
		return send(workerId, message, false);
	}

	private boolean send(int workerId, byte[] message, boolean wait) {
		Checks.checkNotNull(message, "message");
		MessagePipe pipe = slot(workerId).pipe;
		if (pipe == null) {
			return false;
		}
		try {
			if (!wait) {
				return pipe.trySend(message);
			}
			pipe.send(message);
			return true;
		}
		catch (IOException ex) {
			logger.debug("Message to worker {} of {} failed", workerId, this.template.name(), ex);
			return false;
		}
	}

	/**
	 * Replaces every worker with a new process, one at a time (Swoole's {@code reload}):
	 * SIGTERM to a worker, SIGKILL if it still runs after {@code maxWaitTime}, a new
	 * process with the same id at once, and the next worker once that one is up. These
	 * exits are not reported as errors. Returns at once.
	 * @return false if the pool is not running or a reload is still in progress
	 */
	public boolean reload() {
		if (!isRunning() || !this.reloading.compareAndSet(false, true)) {
			return false;
		}
		post(this::beginReload);
		return true;
	}

	/**
	 * Tells whether a {@link #reload()} is in progress.
	 * @return true until the last worker's replacement is up
	 */
	public boolean isReloading() {
		return this.reloading.get();
	}

	private Slot slot(int workerId) {
		return this.slots[Checks.checkInRange(workerId, 0, this.slots.length - 1, "workerId")];
	}

	/**
	 * Returns a snapshot of the pool.
	 * @return the counters and every slot
	 */
	public ProcessPoolStats stats() {
		List<ProcessPoolStats.Worker> workers = new ArrayList<>(this.slots.length);
		int running = 0;
		for (Slot slot : this.slots) {
			Process process = slot.process;
			long pid = (process != null) ? process.pid() : -1;
			if (process != null && process.isAlive()) {
				running++;
			}
			workers.add(new ProcessPoolStats.Worker(slot.id, pid, slot.state, slot.starts));
		}
		return new ProcessPoolStats(this.slots.length, running, this.starts.sum(), this.restarts.sum(),
				this.errors.sum(), this.messages.sum(), this.callbackFailures.sum(), List.copyOf(workers));
	}

	/**
	 * Tells whether the pool was started and is not shutting down.
	 * @return true while it runs
	 */
	public boolean isRunning() {
		return this.lifecycle.get() == STARTED;
	}

	/**
	 * Stops the pool: no more restarts, SIGTERM to every worker, SIGKILL to those still
	 * running after {@code maxWaitTime}. Waits until no worker process runs, unless
	 * called from a handler (on the manager thread), where it only begins the stop.
	 * Idempotent; does nothing to a pool never started.
	 * @throws InterruptedException if interrupted while waiting
	 */
	public void shutdown() throws InterruptedException {
		if (this.lifecycle.compareAndSet(NEW, STOPPING)) {
			this.stopped.countDown();
			return;
		}
		if (this.lifecycle.compareAndSet(STARTED, STOPPING)) {
			post(this::beginStop);
		}
		if (Thread.currentThread() != this.manager) {
			this.stopped.await();
		}
	}

	/**
	 * Same as {@link #shutdown()}; an interrupt is kept as the thread's interrupt status.
	 */
	@Override
	public void close() {
		try {
			shutdown();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void post(Runnable task) {
		this.tasks.add(task);
		Selector selector = this.selector;
		if (selector != null) {
			selector.wakeup();
		}
	}

	private void run() {
		try {
			while (!(this.stopping && allStopped())) {
				long timeout = millisToNextDeadline();
				if (timeout > 0) {
					this.selector.select(timeout);
				}
				else {
					this.selector.selectNow();
				}
				for (SelectionKey key : this.selector.selectedKeys()) {
					drain((Slot) key.attachment());
				}
				this.selector.selectedKeys().clear();
				Runnable task;
				while ((task = this.tasks.poll()) != null) {
					task.run();
				}
				runDeadlines();
			}
		}
		catch (IOException | RuntimeException ex) {
			// the loop itself broke: leave no worker behind
			logger.error("Manager of process pool {} failed; killing its workers", this.template.name(), ex);
			for (Slot slot : this.slots) {
				Process process = slot.process;
				if (process != null) {
					process.kill(Signal.KILL);
				}
			}
		}
		finally {
			for (Slot slot : this.slots) {
				Process process = slot.process;
				if (process != null) {
					process.closeQuietly();
				}
			}
			try {
				this.selector.close();
			}
			catch (IOException ex) {
				logger.debug("Closing the selector of {} failed", this.template.name(), ex);
			}
			this.stopped.countDown();
		}
	}

	private boolean allStopped() {
		for (Slot slot : this.slots) {
			if (slot.state != WorkerState.STOPPED) {
				return false;
			}
		}
		return true;
	}

	private long millisToNextDeadline() {
		long now = System.nanoTime();
		long next = Long.MAX_VALUE;
		for (Slot slot : this.slots) {
			if (slot.state == WorkerState.WAITING && this.lifecycle.get() == STARTED) {
				next = Math.min(next, slot.restartAt - now);
			}
		}
		if (this.stopping && !this.killed) {
			next = Math.min(next, this.killDeadline - now);
		}
		Slot reloaded = this.reloadCurrent;
		if (reloaded != null && reloaded.killAt != 0) {
			next = Math.min(next, reloaded.killAt - now);
		}
		if (next == Long.MAX_VALUE) {
			// no deadline: sleep until a pipe, an exit or a request wakes the selector
			return Long.MAX_VALUE / 2;
		}
		return (next <= 0) ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(next + 999_999));
	}

	private void runDeadlines() {
		long now = System.nanoTime();
		if (this.lifecycle.get() == STARTED) {
			for (Slot slot : this.slots) {
				if (slot.state == WorkerState.WAITING && now - slot.restartAt >= 0) {
					launch(slot);
				}
			}
			Slot reloaded = this.reloadCurrent;
			if (reloaded != null && reloaded.killAt != 0 && now - reloaded.killAt >= 0) {
				reloaded.killAt = 0;
				Process process = reloaded.process;
				if (process != null) {
					logger.warn("Worker {} (pid {}) of {} still runs {} after SIGTERM for reload: killing it",
							reloaded.id, process.pid(), this.template.name(), this.maxWaitTime);
					process.kill(Signal.KILL);
				}
			}
		}
		else if (this.stopping && !this.killed && now - this.killDeadline >= 0) {
			this.killed = true;
			for (Slot slot : this.slots) {
				Process process = slot.process;
				if (process != null && process.isAlive()) {
					logger.warn("Worker {} (pid {}) of {} still runs {} after SIGTERM: killing it", slot.id,
							process.pid(), this.template.name(), this.maxWaitTime);
					process.kill(Signal.KILL);
				}
			}
		}
	}

	private void launch(Slot slot) {
		Process process = new Process(this.template.forWorker(slot.id, this.template.name() + "-" + slot.id));
		try {
			process.start();
		}
		catch (IOException | RuntimeException ex) {
			logger.error("Worker {} of {} could not be launched", slot.id, this.template.name(), ex);
			scheduleRestart(slot, 0);
			return;
		}
		this.starts.increment();
		if (slot.starts++ > 0) {
			this.restarts.increment();
		}
		slot.process = process;
		slot.startedAt = System.nanoTime();
		slot.state = WorkerState.STARTING;
		process.onExit().thenAccept((status) -> post(() -> exited(slot, process, status)));
		if (!this.template.pipe()) {
			connected(slot, process, null);
			return;
		}
		// accepting the pipe waits for the child JVM to come up: not on the manager
		// thread
		Thread connector = new Thread(() -> connect(slot, process), process.name() + "-connect");
		connector.setDaemon(true);
		connector.start();
	}

	private void connect(Slot slot, Process process) {
		try {
			MessagePipe pipe = process.pipe();
			post(() -> connected(slot, process, pipe));
		}
		catch (IOException ex) {
			if (process.isAlive()) {
				logger.warn("Worker {} of {} did not connect: killing it", slot.id, this.template.name(), ex);
				process.kill(Signal.KILL);
			}
			// otherwise it died while starting, and its exit is handled as any other
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void connected(Slot slot, Process process, MessagePipe pipe) {
		if (slot.process != process || slot.state != WorkerState.STARTING) {
			return;
		}
		if (pipe != null) {
			try {
				slot.key = pipe.channel().register(this.selector, SelectionKey.OP_READ, slot);
			}
			catch (ClosedChannelException ex) {
				// closed because the worker already exited: its exit event follows
				return;
			}
		}
		slot.pipe = pipe;
		slot.state = WorkerState.RUNNING;
		long pid = process.pid();
		callback(() -> this.handler.onWorkerStart(this, slot.id, pid));
		if (slot == this.reloadCurrent && !slot.reloadPending) {
			reloadNext();
		}
	}

	private void drain(Slot slot) {
		MessagePipe pipe = slot.pipe;
		if (pipe == null) {
			return;
		}
		try {
			byte[] message;
			while ((message = pipe.tryReceive()) != null) {
				this.messages.increment();
				byte[] received = message;
				callback(() -> this.handler.onMessage(this, slot.id, received));
			}
		}
		catch (EOFException ex) {
			// the worker is exiting; its exit event follows
			cancel(slot);
		}
		catch (IOException ex) {
			logger.warn("Reading the pipe of worker {} of {} failed", slot.id, this.template.name(), ex);
			cancel(slot);
		}
	}

	private void cancel(Slot slot) {
		if (slot.key != null) {
			slot.key.cancel();
			slot.key = null;
		}
	}

	private void exited(Slot slot, Process process, ExitStatus status) {
		if (slot.process != process) {
			return;
		}
		// what the worker wrote before it ended is still in the socket
		drain(slot);
		cancel(slot);
		slot.pipe = null;
		process.closeQuietly();
		slot.process = null;
		callback(() -> this.handler.onWorkerStop(this, slot.id, status));
		if (this.lifecycle.get() == STOPPING) {
			slot.state = WorkerState.STOPPED;
			return;
		}
		if (slot.reloadPending) {
			// asked to go: not an error, and its replacement starts at once
			slot.reloadPending = false;
			slot.killAt = 0;
			slot.quickExits = 0;
			launch(slot);
			return;
		}
		if (!status.isSuccess()) {
			this.errors.increment();
			logger.warn("Worker {} (pid {}) of {} ended abnormally: code {}, signal {}", slot.id, status.pid(),
					this.template.name(), status.code(), status.signal());
			callback(() -> this.handler.onWorkerError(this, slot.id, status));
		}
		scheduleRestart(slot, System.nanoTime() - slot.startedAt);
	}

	private void scheduleRestart(Slot slot, long uptimeNanos) {
		slot.quickExits = (uptimeNanos >= this.maxRestartBackoffNanos) ? 0 : slot.quickExits + 1;
		slot.state = WorkerState.WAITING;
		slot.restartAt = System.nanoTime()
				+ restartDelayNanos(slot.quickExits, this.restartBackoffNanos, this.maxRestartBackoffNanos);
	}

	/**
	 * The back-off before a restart.
	 * @param quickExits how many times in a row the worker ended before running
	 * {@code max}; 0 restarts at once
	 * @param initial the first back-off
	 * @param max the longest back-off
	 * @return nanoseconds to wait
	 */
	static long restartDelayNanos(int quickExits, long initial, long max) {
		if (quickExits <= 0) {
			return 0;
		}
		int shift = Math.min(quickExits - 1, MAX_BACKOFF_SHIFT);
		return Math.min(max, initial << shift);
	}

	private void beginReload() {
		if (this.lifecycle.get() != STARTED) {
			this.reloading.set(false);
			return;
		}
		for (Slot slot : this.slots) {
			this.reloadQueue.add(slot);
		}
		reloadNext();
	}

	private void reloadNext() {
		this.reloadCurrent = null;
		while (!this.reloadQueue.isEmpty()) {
			Slot slot = this.reloadQueue.poll();
			Process process = slot.process;
			if (process != null && process.isAlive()) {
				this.reloadCurrent = slot;
				slot.reloadPending = true;
				slot.killAt = System.nanoTime() + this.maxWaitTime.toNanos();
				process.kill(Signal.TERM);
				return;
			}
			// a slot waiting for its restart gets a new process anyway
		}
		this.reloading.set(false);
	}

	private void beginStop() {
		this.reloadQueue.clear();
		this.reloadCurrent = null;
		this.reloading.set(false);
		this.stopping = true;
		this.killDeadline = System.nanoTime() + this.maxWaitTime.toNanos();
		for (Slot slot : this.slots) {
			Process process = slot.process;
			if (process != null) {
				process.kill(Signal.TERM);
			}
			else {
				slot.state = WorkerState.STOPPED;
			}
		}
	}

	private void callback(Runnable call) {
		try {
			call.run();
		}
		catch (Throwable ex) {
			this.callbackFailures.increment();
			logger.error("A handler of process pool {} failed", this.template.name(), ex);
		}
	}

	@Override
	public String toString() {
		return "ProcessPool[" + this.template.name() + ", " + this.slots.length + " workers]";
	}

	/**
	 * One worker id and the process that currently holds it. Written by the manager
	 * thread; the volatile fields are read by others.
	 */
	private static final class Slot {

		final int id;

		volatile Process process;

		volatile MessagePipe pipe;

		volatile WorkerState state = WorkerState.WAITING;

		volatile long starts;

		SelectionKey key;

		long startedAt;

		long restartAt;

		int quickExits;

		// reload: SIGTERM sent, exit expected
		boolean reloadPending;

		// reload: when SIGKILL follows the SIGTERM, 0 if none is due
		long killAt;

		Slot(int id) {
			this.id = id;
		}

	}

	/**
	 * Settings of a pool. Not thread-safe.
	 */
	public static final class Builder {

		private final Process.Builder worker;

		private final int workerNum;

		private ProcessPoolHandler handler = new ProcessPoolHandler() {
		};

		private Duration maxWaitTime = Duration.ofSeconds(3);

		private Duration restartBackoff = Duration.ofMillis(100);

		private Duration maxRestartBackoff = Duration.ofSeconds(5);

		Builder(Process.Builder worker, int workerNum) {
			this.worker = worker;
			this.workerNum = workerNum;
		}

		/**
		 * Sets the callbacks.
		 * @param handler the handler
		 * @return this builder
		 */
		public Builder handler(ProcessPoolHandler handler) {
			this.handler = Checks.checkNotNull(handler, "handler");
			return this;
		}

		/**
		 * Sets how long shutdown waits after SIGTERM before SIGKILL (Swoole's
		 * {@code max_wait_time}). Defaults to 3 s, Swoole's default.
		 * @param maxWaitTime the time, &gt; 0
		 * @return this builder
		 */
		public Builder maxWaitTime(Duration maxWaitTime) {
			this.maxWaitTime = ProcessSpec.positive(maxWaitTime, "maxWaitTime");
			return this;
		}

		/**
		 * Sets the restart back-off of a worker that keeps dying young: {@code initial}
		 * after the first quick exit, doubling up to {@code max}. Defaults to 100 ms and
		 * 5 s.
		 * @param initial the first back-off, &gt; 0
		 * @param max the longest back-off, &gt;= initial; also the uptime after which a
		 * worker counts as healthy
		 * @return this builder
		 */
		public Builder restartBackoff(Duration initial, Duration max) {
			ProcessSpec.positive(initial, "restartBackoff");
			ProcessSpec.positive(max, "maxRestartBackoff");
			if (max.compareTo(initial) < 0) {
				throw Checks.fail("maxRestartBackoff", max, ">= restartBackoff " + initial);
			}
			this.restartBackoff = initial;
			this.maxRestartBackoff = max;
			return this;
		}

		/**
		 * Makes the pool, not started.
		 * @return the pool
		 */
		public ProcessPool build() {
			return new ProcessPool(this);
		}

	}

}
