package io.swoole4j.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.reactor.Reactor;

/**
 * Swoole's manager in the thread model: one loop thread ({@code swoole-manager}) that
 * starts every {@link WorkerSlot}, replaces a generation that ended (recycled after
 * {@code maxRequest}, crashed with an {@link Error}, or retired by a reload) with a new
 * one of the same id, runs reloads, and calls {@code onManagerStart},
 * {@code onWorkerError}, {@code onBeforeReload}/{@code onAfterReload} and
 * {@code onManagerStop}.
 * <p>
 * <b>Reload</b> (Swoole's {@code reload_async}): every targeted worker is asked to stop
 * after the event it is handling, all at once; the manager starts the replacement as soon
 * as the old generation ends, and the replacement serves whatever was queued meanwhile. A
 * generation still inside a callback {@code maxWaitTime} after the reload began is
 * abandoned (see {@link WorkerSlot#abandon()}: interrupted, never joined, no
 * {@code onWorkerStop}) and replaced at once. In BASE mode a worker is an event loop that
 * owns its connections, so reloading it runs {@code onWorkerStop} then
 * {@code onWorkerStart} on that loop between two events (its application timers are
 * cleared); a loop stuck longer than {@code maxWaitTime} is reloaded late, with a
 * warning.
 * <p>
 * <b>Shutdown</b> ({@link #stopWorkers}): no generation is started any more; each worker
 * drains its queue until the deadline; a worker still busy then is abandoned and what is
 * left in its queue is refused, counted and logged (the server then closes every
 * connection, so a client sees its unanswered requests refused, never silently lost).
 * <p>
 * Threading: {@link #reload}, {@link #exited} and the getters are thread-safe; the rest
 * is called by the server's start and shutdown.
 */
final class WorkerManager {

	private static final Logger logger = LoggerFactory.getLogger(WorkerManager.class);

	/**
	 * Delay before respawning a generation that crashed within this long of its start, so
	 * a worker failing in {@code onWorkerStart} cannot spin a core (Swoole 1.7 retried
	 * every 100 ms).
	 */
	static final long RESPAWN_BACKOFF_MILLIS = 100;

	/** The exit code {@code onWorkerError} reports for a thread ended by an Error. */
	static final int CRASH_EXIT_CODE = 255;

	private final Server server;

	private final ServerHandler handler;

	private final Reactor loop = new Reactor("swoole-manager");

	private final List<WorkerSlot> slots = new CopyOnWriteArrayList<>();

	private final AtomicBoolean reloading = new AtomicBoolean();

	private final AtomicLong reloadCount = new AtomicLong();

	private final AtomicLong workerErrors = new AtomicLong();

	private volatile boolean stopping;

	// manager thread only
	private final Map<WorkerSlot, Long> pending = new HashMap<>();

	private final Map<WorkerSlot, Long> spawnedAt = new HashMap<>();

	private int pendingLoops;

	private long reloadRound;

	WorkerManager(Server server, ServerHandler handler) {
		this.server = server;
		this.handler = handler;
	}

	/** Adds a slot to supervise; before {@link #start()}. */
	void add(WorkerSlot slot) {
		this.slots.add(slot);
	}

	/** Starts the manager loop, calls {@code onManagerStart}, then starts every slot. */
	void start() {
		this.loop.start();
		onLoopAndWait(() -> {
			guard("onManagerStart", () -> this.handler.onManagerStart(this.server));
			for (WorkerSlot slot : this.slots) {
				spawn(slot);
			}
		}, Long.MAX_VALUE);
	}

	/** Reloads completed so far ({@code reload_count}). */
	long reloadCount() {
		return this.reloadCount.get();
	}

	/** Worker generations that ended with an {@link Error}. */
	long workerErrors() {
		return this.workerErrors.get();
	}

	/** Whether a reload is running. */
	boolean isReloading() {
		return this.reloading.get();
	}

	/**
	 * Starts a reload of every event and task worker, or of the task workers only.
	 * @return false if the server is not running or a reload is already running
	 */
	boolean reload(boolean taskOnly) {
		if (this.stopping || !this.server.isRunning() || !this.reloading.compareAndSet(false, true)) {
			return false;
		}
		if (!this.loop.tryExecute(() -> beginReload(taskOnly))) {
			this.reloading.set(false);
			return false;
		}
		return true;
	}

	private void beginReload(boolean taskOnly) {
		long round = ++this.reloadRound;
		guard("onBeforeReload", () -> this.handler.onBeforeReload(this.server));
		logger.info("Reloading {} workers", taskOnly ? "task" : "all");
		for (WorkerSlot slot : this.slots) {
			if ((!taskOnly || slot.isTaskWorker()) && slot.isAlive()) {
				this.pending.put(slot, slot.generation());
				slot.retire();
			}
		}
		if (!taskOnly && this.server.config().mode() == Mode.BASE) {
			for (ReactorThread r : this.server.reactorThreads()) {
				if (r.loopWorker != null && r.reactor().tryExecute(() -> {
					this.server.recycleLoopWorker(r.loopWorker);
					this.loop.tryExecute(() -> loopReloaded(round));
				})) {
					this.pendingLoops++;
				}
			}
		}
		this.loop.timer()
			.after(Math.max(1, this.server.config().maxWaitTime().toMillis()), (id) -> reloadTimedOut(round));
		finishReloadIfDone();
	}

	private void loopReloaded(long round) {
		if (round == this.reloadRound && this.pendingLoops > 0) {
			this.pendingLoops--;
			finishReloadIfDone();
		}
	}

	private void reloadTimedOut(long round) {
		if (round != this.reloadRound || !this.reloading.get()) {
			return;
		}
		for (Map.Entry<WorkerSlot, Long> e : new ArrayList<>(this.pending.entrySet())) {
			WorkerSlot slot = e.getKey();
			if (slot.generation() == e.getValue() && slot.isAlive()) {
				logger.warn(
						"{} still busy {} after the reload began: abandoning it (a thread is interrupted "
								+ "without onWorkerStop, a worker JVM is killed) and starting a replacement",
						slot, this.server.config().maxWaitTime());
				slot.abandon();
				if (!this.stopping) {
					spawn(slot);
				}
			}
		}
		if (!this.pending.isEmpty()) {
			// a replacement that cannot even start must not hold the reload forever
			this.loop.timer()
				.after(Math.max(1, this.server.config().maxWaitTime().toMillis()), (id) -> reloadGaveUp(round));
		}
		if (this.pendingLoops > 0) {
			logger.warn("{} event loop(s) still busy {} after the reload began; they reload after their "
					+ "current callback", this.pendingLoops, this.server.config().maxWaitTime());
			this.pendingLoops = 0;
		}
		finishReloadIfDone();
	}

	private void reloadGaveUp(long round) {
		if (round == this.reloadRound && !this.pending.isEmpty()) {
			logger.warn("{} worker(s) did not start again within maxWaitTime {}; ending the reload",
					this.pending.size(), this.server.config().maxWaitTime());
			this.pending.clear();
			finishReloadIfDone();
		}
	}

	private void finishReloadIfDone() {
		if (this.reloading.get() && this.pending.isEmpty() && this.pendingLoops == 0) {
			this.reloadRound++;
			this.reloadCount.incrementAndGet();
			guard("onAfterReload", () -> this.handler.onAfterReload(this.server));
			this.reloading.set(false);
			logger.info("Reload done");
		}
	}

	/**
	 * A generation of {@code slot} ended (its own thread). Ignored for abandoned
	 * generations.
	 * @param crash the {@link Error} that ended it, or null for a normal stop
	 */
	void exited(WorkerSlot slot, long generation, long threadId, Throwable crash) {
		if (crash != null) {
			this.workerErrors.incrementAndGet();
			logger.error("{} (thread {}) ended with an error; restarting it", slot, threadId, crash);
		}
		exited(slot, generation, threadId, crash != null, CRASH_EXIT_CODE, 0);
	}

	/**
	 * The JVM of a PROCESS-mode generation of {@code slot} exited (any thread).
	 * @param pid the JVM's pid
	 * @param status how it ended
	 * @param report false for a JVM the manager killed itself (an abandoned generation),
	 * whose end is no error
	 */
	void exited(WorkerSlot slot, long generation, long pid, io.swoole4j.process.ExitStatus status, boolean report) {
		boolean failed = report && !status.isSuccess();
		if (failed) {
			this.workerErrors.incrementAndGet();
			logger.error("{} (pid {}) exited with code {}, signal {}; restarting it", slot, pid, status.code(),
					status.signal());
		}
		exited(slot, generation, pid, failed, status.code(), status.signal());
	}

	private void exited(WorkerSlot slot, long generation, long id, boolean failed, int exitCode, int signal) {
		if (!this.loop.tryExecute(() -> onExit(slot, generation, id, failed, exitCode, signal)) && failed) {
			guard("onWorkerError", () -> this.handler.onWorkerError(this.server, slot.id(), id, exitCode, signal));
		}
	}

	private void onExit(WorkerSlot slot, long generation, long id, boolean failed, int exitCode, int signal) {
		if (generation != slot.generation()) {
			return;
		}
		if (failed) {
			guard("onWorkerError", () -> this.handler.onWorkerError(this.server, slot.id(), id, exitCode, signal));
		}
		if (!this.stopping) {
			long lived = System.nanoTime() - this.spawnedAt.getOrDefault(slot, 0L);
			if (failed && lived < TimeUnit.MILLISECONDS.toNanos(RESPAWN_BACKOFF_MILLIS)) {
				this.loop.timer().after(RESPAWN_BACKOFF_MILLIS, (timerId) -> {
					if (!this.stopping && slot.generation() == generation) {
						spawn(slot);
					}
				});
			}
			else {
				spawn(slot);
			}
		}
	}

	/**
	 * A generation of {@code slot} finished {@code onWorkerStart} (its own thread): a
	 * reload waits for this, so {@code onAfterReload} follows every replacement's start.
	 */
	void started(WorkerSlot slot, long generation) {
		this.loop.tryExecute(() -> {
			Long old = this.pending.get(slot);
			if (old != null && generation > old) {
				this.pending.remove(slot);
				finishReloadIfDone();
			}
		});
	}

	private void spawn(WorkerSlot slot) {
		this.spawnedAt.put(slot, System.nanoTime());
		slot.spawn();
	}

	/**
	 * Shutdown: stops starting generations, lets every worker drain its queue until
	 * {@code deadlineNanos}, abandons those still busy, and refuses what their queues
	 * still hold.
	 * @return how many data requests were refused
	 * @throws InterruptedException if interrupted while waiting
	 */
	int stopWorkers(long deadlineNanos) throws InterruptedException {
		// on the manager loop, so that no spawn is half done when the flag flips
		onLoopAndWait(() -> this.stopping = true, deadlineNanos);
		this.stopping = true;
		for (WorkerSlot slot : this.slots) {
			slot.stop();
		}
		int refused = 0;
		for (WorkerSlot slot : this.slots) {
			if (!slot.join(remainingMillis(deadlineNanos))) {
				logger.warn("{} still busy after maxWaitTime {}: abandoning it (a thread is interrupted without "
						+ "onWorkerStop, a worker JVM is killed)", slot, this.server.config().maxWaitTime());
				slot.abandon();
			}
			refused += slot.refuseQueued();
		}
		if (refused > 0) {
			logger.warn("Shutdown refused {} queued request(s); their connections are closed", refused);
		}
		return refused;
	}

	/** Whether every slot's current generation has ended. */
	boolean allEnded() {
		for (WorkerSlot slot : this.slots) {
			if (slot.isAlive()) {
				return false;
			}
		}
		return true;
	}

	/** Calls {@code onManagerStop} on the manager thread and ends it. */
	void stop() throws InterruptedException {
		this.stopping = true;
		onLoopAndWait(() -> guard("onManagerStop", () -> this.handler.onManagerStop(this.server)),
				System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
		this.loop.stop();
		this.loop.awaitTermination(Duration.ofSeconds(5));
	}

	private void onLoopAndWait(Runnable task, long deadlineNanos) {
		CountDownLatch done = new CountDownLatch(1);
		if (!this.loop.tryExecute(() -> {
			try {
				task.run();
			}
			finally {
				done.countDown();
			}
		})) {
			return;
		}
		try {
			if (deadlineNanos == Long.MAX_VALUE) {
				done.await();
			}
			else {
				done.await(remainingMillis(deadlineNanos), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static long remainingMillis(long deadlineNanos) {
		return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
	}

	private void guard(String name, Runnable callback) {
		try {
			callback.run();
		}
		catch (RuntimeException | Error ex) {
			if (ex instanceof VirtualMachineError vm) {
				throw vm;
			}
			logger.error("{} threw; the manager carries on", name, ex);
		}
	}

}
