package io.swoole4j.server.task;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.internal.Checks;
import io.swoole4j.server.Server;
import io.swoole4j.server.ServerConfig;
import io.swoole4j.server.ServerHandler;
import io.swoole4j.server.WorkerStatus;

/**
 * The task workers of a {@link Server} and the messages between workers (Swoole's task
 * {@code ProcessPool}, spec §8.6): {@code task}, {@code taskwait}, {@code taskWaitMulti},
 * {@code finish} and {@code sendMessage}. Created and driven by {@code Server};
 * applications use the {@code Server} methods and {@link #metric()}.
 * <p>
 * <b>Scheduling.</b> {@code taskIpcMode} 1 gives every task worker its own bounded queue;
 * a task without {@code dstWorkerId} goes to the first idle worker with an empty queue,
 * scanning round-robin, and when none is idle to the next one in turn (logging "No idle
 * task worker is available" at most once a second). Mode 3 puts every task into one
 * shared bounded queue that any idle task worker takes from. A full queue refuses the
 * task ({@code -1}), counted in {@link TaskMetric#refusedCount()}: never a silent drop.
 * <p>
 * <b>Results.</b> The value {@code onTask} returns, or the one given to
 * {@link #finish(Object)}, travels back to the event worker that called {@code task} and
 * runs the per-call {@link TaskCallback} or {@code onFinish} on that worker's thread. A
 * task sent from a thread that is not an event worker gets no {@code onFinish} (as in
 * Swoole); use {@code taskwait} there. A {@code taskwait} task's result goes only to its
 * waiter, matched by task id, so a late result of a timed-out call is counted and
 * discarded, never returned to a later call.
 * <p>
 * Thread-safe.
 */
public final class TaskPool {

	private static final Logger logger = LoggerFactory.getLogger(TaskPool.class);

	/** What {@code task} returns when the task was not queued. */
	public static final long FAILED = -1;

	/** Default {@code taskwait} timeout: 0.5 s ({@code SW_TASKWAIT_TIMEOUT}). */
	public static final Duration DEFAULT_TASKWAIT_TIMEOUT = Duration.ofMillis(500);

	/** Most tasks in one {@code taskWaitMulti} ({@code SW_MAX_CONCURRENT_TASK}). */
	public static final int MAX_CONCURRENT_TASK = 1024;

	/**
	 * Most {@code sendMessage} calls waiting for one event worker before further ones
	 * return false; generous, since each is one callback, yet bounded so a stalled worker
	 * cannot exhaust the heap.
	 */
	public static final int MAX_PENDING_PIPE_MESSAGES = 4096;

	private static final long NO_IDLE_WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final Server server;

	private final ServerHandler handler;

	private final EventWorkers events;

	private final int workerNum;

	private final TaskMessages messages;

	private final TaskWorker[] workers;

	private final BlockingQueue<byte[]> shared;

	private final ThreadLocal<TaskWorker> current = new ThreadLocal<>();

	private final AtomicLong nextTaskId = new AtomicLong();

	private final AtomicInteger roundRobin = new AtomicInteger();

	private final Map<Long, CompletableFuture<byte[]>> waiters = new ConcurrentHashMap<>();

	private final Map<Long, TaskCallback> callbacks = new ConcurrentHashMap<>();

	private final AtomicInteger queuedTasks = new AtomicInteger();

	private final AtomicLong queuedBytes = new AtomicLong();

	private final AtomicInteger running = new AtomicInteger();

	private final LongAdder accepted = new LongAdder();

	private final LongAdder done = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final LongAdder refused = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private final LongAdder late = new LongAdder();

	private final AtomicLong lastNoIdleWarning = new AtomicLong(System.nanoTime() - NO_IDLE_WARNING_INTERVAL_NANOS);

	private final Metric metric = new Metric();

	private volatile boolean open;

	/**
	 * A pool for {@code server}'s configuration. Starts nothing.
	 */
	public TaskPool(Server server, ServerHandler handler, EventWorkers events) {
		this.server = Checks.checkNotNull(server, "server");
		this.handler = Checks.checkNotNull(handler, "handler");
		this.events = Checks.checkNotNull(events, "events");
		ServerConfig config = server.config();
		this.workerNum = config.workerNum();
		this.messages = new TaskMessages(config.taskCodec());
		this.shared = (config.taskIpcMode() == ServerConfig.TASK_IPC_PREEMPTIVE)
				? new ArrayBlockingQueue<>(config.taskQueueCapacity()) : null;
		this.workers = new TaskWorker[config.taskWorkerNum()];
		for (int i = 0; i < this.workers.length; i++) {
			this.workers[i] = new TaskWorker(this.workerNum + i, config.taskQueueCapacity(), this.shared, this);
		}
	}

	/**
	 * Swoole's start check: task workers need {@code onTask}.
	 * @throws IllegalStateException if {@code taskWorkerNum} is positive and the handler
	 * does not override {@link ServerHandler#onTask}
	 */
	public void checkHandler() {
		if (this.workers.length > 0 && !overridesOnTask(this.handler)) {
			throw new IllegalStateException("taskWorkerNum is " + this.workers.length + " but "
					+ this.handler.getClass().getName() + " does not override ServerHandler.onTask");
		}
	}

	private static boolean overridesOnTask(ServerHandler handler) {
		try {
			Method m = handler.getClass().getMethod("onTask", Server.class, long.class, int.class, Object.class);
			return m.getDeclaringClass() != ServerHandler.class;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

	/** Starts the task worker threads (each calls {@code onWorkerStart} first). */
	public void start() {
		this.open = true;
		for (TaskWorker w : this.workers) {
			w.start();
		}
	}

	/**
	 * <b>Internal</b>, for the server's worker manager: receives the start and end of
	 * each task worker generation (a generation is one thread serving a task worker id
	 * and its queue). Called on the generation's own thread.
	 */
	public interface Supervisor {

		/** A generation ran {@code onWorkerStart}. */
		void started(int workerId, long generation);

		/**
		 * A generation ran {@code onWorkerStop} and is ending; not called for a
		 * generation given up with {@link #abandonWorker(int)}.
		 * @param crash what ended it, or null for a normal stop
		 */
		void exited(int workerId, long generation, long threadId, Throwable crash);

	}

	/**
	 * <b>Internal</b>: accepts tasks without starting any task worker; the server's
	 * worker manager then starts each one with {@link #spawnWorker}.
	 */
	public void open() {
		this.open = true;
	}

	/** The number of task workers ({@code taskWorkerNum}). */
	public int workerCount() {
		return this.workers.length;
	}

	/**
	 * <b>Internal</b>: starts a new generation of task worker {@code index} (0-based), a
	 * new thread serving the same id and queue. The previous generation must have ended
	 * or been abandoned. Manager thread.
	 * @return the new generation's number (1 for the first)
	 */
	public long spawnWorker(int index, Supervisor supervisor) {
		return this.workers[index].spawn(Checks.checkNotNull(supervisor, "supervisor"));
	}

	/** <b>Internal</b>: the current generation's number of task worker {@code index}. */
	public long workerGeneration(int index) {
		return this.workers[index].generation();
	}

	/** <b>Internal</b>: whether the current generation's thread is alive. */
	public boolean isWorkerAlive(int index) {
		return this.workers[index].isAlive();
	}

	/** <b>Internal</b>: the current generation's thread id, or -1. */
	public long workerThreadId(int index) {
		return this.workers[index].threadId();
	}

	/**
	 * <b>Internal</b> (reload): the current generation stops after the message it is
	 * handling; what is queued is left for the next generation.
	 */
	public void retireWorker(int index) {
		this.workers[index].abandon();
	}

	/**
	 * <b>Internal</b> (reload past {@code maxWaitTime}): gives up on the current
	 * generation: it is interrupted, takes no further message, runs no
	 * {@code onWorkerStop} and is not reported to its {@link Supervisor}.
	 */
	public void abandonWorker(int index) {
		this.workers[index].forsake();
	}

	/**
	 * Stops accepting tasks, lets task workers finish what is queued until
	 * {@code deadlineNanos} ({@link System#nanoTime()}), then asks the rest to stop after
	 * their current task and waits one more second. Tasks still queued are counted in
	 * {@link TaskMetric#droppedCount()}; waiting {@code taskwait} callers return null at
	 * once. Each task worker calls {@code onWorkerStop} on its own thread.
	 * @return whether every task worker thread ended
	 */
	public boolean stop(long deadlineNanos) throws InterruptedException {
		this.open = false;
		for (TaskWorker w : this.workers) {
			w.stop();
		}
		boolean ended = true;
		for (TaskWorker w : this.workers) {
			if (!w.join(TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()))) {
				w.abandon();
			}
		}
		for (TaskWorker w : this.workers) {
			if (!w.join(1000)) {
				logger.warn("{} is still running a task after maxWaitTime", w);
				ended = false;
			}
		}
		int left = drop(this.shared);
		for (TaskWorker w : this.workers) {
			left += drop(w.queue);
		}
		if (left > 0) {
			logger.warn("{} task message(s) were still queued at shutdown and never ran", left);
		}
		for (CompletableFuture<byte[]> waiter : this.waiters.values()) {
			waiter.complete(null);
		}
		return ended;
	}

	private int drop(BlockingQueue<byte[]> queue) {
		if (queue == null) {
			return 0;
		}
		List<byte[]> left = new ArrayList<>();
		queue.drainTo(left);
		for (byte[] message : left) {
			if (TaskMessages.type(message) == TaskMessages.TYPE_TASK) {
				dequeued(message);
				this.dropped.increment();
			}
		}
		return left.size();
	}

	// ------------------------------------------------------------------ task

	/**
	 * See {@link Server#task(Object, int, TaskCallback)}.
	 * @return the task id, or {@link #FAILED}
	 */
	public long task(Object data, int dstWorkerId, TaskCallback callback) {
		Checks.checkNotNull(data, "data");
		if (!taskAllowed("task", dstWorkerId)) {
			return FAILED;
		}
		int src = this.events.currentWorkerId();
		long id = this.nextTaskId.getAndIncrement();
		byte[] message = this.messages.encode(TaskMessages.TYPE_TASK, (byte) 0, id, src, data);
		if (callback != null && src >= 0) {
			this.callbacks.put(id, callback);
		}
		if (!enqueue(message, dstWorkerId)) {
			this.callbacks.remove(id);
			return FAILED;
		}
		return id;
	}

	/**
	 * See {@link Server#taskwait(Object, Duration, int)}.
	 * @return the result, or null
	 */
	public Object taskwait(Object data, Duration timeout, int dstWorkerId) {
		return TaskWaits.waitOne(data, timeout, () -> taskAllowed("taskwait", dstWorkerId),
				this.nextTaskId::getAndIncrement, (id, task) -> submitWaiting(id, task, dstWorkerId), this::await);
	}

	/**
	 * See {@link Server#taskWaitMulti(List, Duration)}.
	 * @return the results by input index, null where none arrived in time
	 */
	public List<Object> taskWaitMulti(List<?> tasks, Duration timeout) {
		return TaskWaits.waitAll(tasks, timeout, () -> taskAllowed("taskWaitMulti", -1),
				this.nextTaskId::getAndIncrement, (id, data) -> submitWaiting(id, data, -1), this::await);
	}

	private CompletableFuture<byte[]> submitWaiting(long id, Object data, int dstWorkerId) {
		byte[] message = this.messages.encode(TaskMessages.TYPE_TASK, TaskMessages.FLAG_WAIT, id,
				this.events.currentWorkerId(), data);
		return TaskWaits.register(this.waiters, id, () -> enqueue(message, dstWorkerId));
	}

	private Object await(long id, CompletableFuture<byte[]> waiter, long deadline) {
		byte[] result = TaskWaits.await(this.waiters, id, waiter, deadline);
		return (result != null) ? this.messages.decode(result) : null;
	}

	private boolean taskAllowed(String method, int dstWorkerId) {
		String refusal = null;
		if (this.current.get() != null) {
			refusal = method + "() is not allowed in a task worker";
		}
		else if (this.workers.length == 0) {
			refusal = method + "() needs taskWorkerNum > 0";
		}
		else if (dstWorkerId < -1 || dstWorkerId >= this.workers.length) {
			refusal = "dstWorkerId " + dstWorkerId + " is not in [-1, " + (this.workers.length - 1) + "]";
		}
		else if (!this.open) {
			refusal = method + "() on a server that is not running";
		}
		if (refusal != null) {
			this.refused.increment();
			logger.warn("{}: refused", refusal);
			return false;
		}
		return true;
	}

	private boolean enqueue(byte[] message, int dstWorkerId) {
		this.queuedTasks.incrementAndGet();
		this.queuedBytes.addAndGet(TaskMessages.size(message));
		BlockingQueue<byte[]> queue;
		TaskWorker target = null;
		if (this.shared != null) {
			queue = this.shared;
		}
		else {
			target = (dstWorkerId >= 0) ? this.workers[dstWorkerId] : schedule();
			queue = target.queue;
		}
		boolean queued = queue.offer(message);
		// stop() sets open before it drains: if it is unset now, either the drain took
		// the task or it is still queued and must be withdrawn
		if (queued && !this.open && queue.remove(message)) {
			queued = false;
		}
		if (!queued) {
			dequeued(message);
			this.refused.increment();
			logger.debug("Task queue full ({} messages): task refused", queue.size());
			return false;
		}
		this.accepted.increment();
		if (target != null) {
			target.wake();
		}
		else {
			wakeOne();
		}
		return true;
	}

	private void dequeued(byte[] message) {
		this.queuedTasks.decrementAndGet();
		this.queuedBytes.addAndGet(-TaskMessages.size(message));
	}

	private TaskWorker schedule() {
		int n = this.workers.length;
		for (int i = 0; i < n; i++) {
			TaskWorker w = this.workers[Math.floorMod(this.roundRobin.getAndIncrement(), n)];
			if (w.status == WorkerStatus.IDLE && w.queue.isEmpty()) {
				return w;
			}
		}
		long now = System.nanoTime();
		long last = this.lastNoIdleWarning.get();
		if (now - last >= NO_IDLE_WARNING_INTERVAL_NANOS && this.lastNoIdleWarning.compareAndSet(last, now)) {
			logger.warn("No idle task worker is available");
		}
		return this.workers[Math.floorMod(this.roundRobin.getAndIncrement(), n)];
	}

	private void wakeOne() {
		for (TaskWorker w : this.workers) {
			if (w.isSleeping()) {
				w.wake();
				return;
			}
		}
	}

	// ------------------------------------------------------------------ finish

	/**
	 * See {@link Server#finish(Object)}.
	 * @return false outside {@code onTask}, or when this task already has a result
	 */
	public boolean finish(Object result) {
		Checks.checkNotNull(result, "result");
		TaskWorker w = this.current.get();
		if (w == null || w.currentTaskId < 0 || w.currentFinished) {
			logger.warn("finish() outside onTask, or a second result for task {}: ignored",
					(w != null) ? w.currentTaskId : -1);
			return false;
		}
		long taskId = w.currentTaskId;
		byte[] task = w.currentTask;
		// encoded first: a value the codec rejects fails onTask, and the task then
		// counts as ended without a result
		byte[] message = this.messages.encode(TaskMessages.TYPE_FINISH, (byte) 0, taskId, w.id, result);
		w.currentFinished = true;
		if (TaskMessages.isWait(task)) {
			// a waiter is completed right after it is removed, with nothing in between
			// that can throw: a caller that timed out and lost the race joins it
			CompletableFuture<byte[]> waiter = this.waiters.remove(taskId);
			if (waiter == null) {
				this.late.increment();
				return true;
			}
			waiter.complete(message);
			return true;
		}
		int src = TaskMessages.srcWorkerId(task);
		if (src < 0) {
			return true;
		}
		TaskCallback callback = this.callbacks.remove(taskId);
		if (!this.events.post(src, "onFinish", () -> deliverFinish(taskId, message, callback), false)) {
			logger.warn("Result of task {} dropped: worker {} is stopped", taskId, src);
		}
		return true;
	}

	private void deliverFinish(long taskId, byte[] message, TaskCallback callback) {
		Object result = this.messages.decode(message);
		if (callback != null) {
			callback.onFinish(this.server, taskId, result);
		}
		else {
			this.handler.onFinish(this.server, taskId, result);
		}
	}

	// ------------------------------------------------------------------ pipe messages

	/**
	 * See {@link Server#sendMessage(Object, int)}.
	 * @return whether the message was queued
	 */
	public boolean sendMessage(Object message, int dstWorkerId) {
		Checks.checkNotNull(message, "message");
		int src = currentWorkerId();
		if (dstWorkerId < 0 || dstWorkerId >= this.workerNum + this.workers.length || dstWorkerId == src) {
			logger.warn("sendMessage to worker {} from worker {}: no such other worker", dstWorkerId, src);
			return false;
		}
		byte[] encoded = this.messages.encode(TaskMessages.TYPE_PIPE_MESSAGE, (byte) 0, 0, src, message);
		if (dstWorkerId < this.workerNum) {
			return this.events.post(dstWorkerId, "onPipeMessage",
					() -> this.handler.onPipeMessage(this.server, src, this.messages.decode(encoded)), true);
		}
		TaskWorker w = this.workers[dstWorkerId - this.workerNum];
		if (!this.open || !w.queue.offer(encoded)) {
			return false;
		}
		w.wake();
		return true;
	}

	// ------------------------------------------------------------------ task worker side

	/** The task worker id of the calling thread, or the event worker id, or -1. */
	public int currentWorkerId() {
		TaskWorker w = this.current.get();
		return (w != null) ? w.id : this.events.currentWorkerId();
	}

	/** Whether the calling thread is one of this pool's task workers. */
	public boolean inTaskWorker() {
		return this.current.get() != null;
	}

	void taskWorkerStarted(TaskWorker w, TaskWorker.Generation g) {
		this.current.set(w);
		w.status = WorkerStatus.IDLE;
		guard(w, "onWorkerStart", () -> this.handler.onWorkerStart(this.server, w.id));
		if (g.supervisor != null) {
			g.supervisor.started(w.id, g.number);
		}
	}

	void taskWorkerStopped(TaskWorker w) {
		guard(w, "onWorkerStop", () -> this.handler.onWorkerStop(this.server, w.id));
		w.status = WorkerStatus.EXIT;
		this.current.remove();
	}

	void process(TaskWorker w, byte[] message) {
		w.status = WorkerStatus.BUSY;
		try {
			if (TaskMessages.type(message) == TaskMessages.TYPE_TASK) {
				runTask(w, message);
			}
			else {
				int src = TaskMessages.srcWorkerId(message);
				guard(w, "onPipeMessage",
						() -> this.handler.onPipeMessage(this.server, src, this.messages.decode(message)));
			}
		}
		finally {
			w.status = WorkerStatus.IDLE;
		}
	}

	private void runTask(TaskWorker w, byte[] message) {
		dequeued(message);
		this.running.incrementAndGet();
		long taskId = TaskMessages.taskId(message);
		w.currentTaskId = taskId;
		w.currentTask = message;
		w.currentFinished = false;
		try {
			Object result = this.handler.onTask(this.server, taskId, TaskMessages.srcWorkerId(message),
					this.messages.decode(message));
			if (result != null && !w.currentFinished) {
				finish(result);
			}
			this.done.increment();
		}
		catch (RuntimeException | Error ex) {
			this.failed.increment();
			callbackFailed(w, "onTask", ex);
		}
		finally {
			if (!w.currentFinished) {
				noResult(taskId, message);
			}
			w.currentTaskId = -1;
			w.currentTask = null;
			w.tasks++;
			this.running.decrementAndGet();
		}
	}

	/**
	 * The task ended without a result: a waiter learns it at once instead of at its
	 * timeout, and a per-call callback that will never run is forgotten.
	 */
	private void noResult(long taskId, byte[] task) {
		if (TaskMessages.isWait(task)) {
			CompletableFuture<byte[]> waiter = this.waiters.remove(taskId);
			if (waiter != null) {
				waiter.complete(null);
			}
		}
		else {
			this.callbacks.remove(taskId);
		}
	}

	private void guard(TaskWorker w, String name, Runnable callback) {
		try {
			callback.run();
		}
		catch (RuntimeException | Error ex) {
			callbackFailed(w, name, ex);
		}
	}

	private static void callbackFailed(TaskWorker w, String name, Throwable ex) {
		if (ex instanceof VirtualMachineError vm) {
			throw vm;
		}
		w.errors++;
		logger.error("{} threw; {} keeps serving", name, w, ex);
	}

	// ------------------------------------------------------------------ metrics

	/** Live read-only task counters. */
	public TaskMetric metric() {
		return this.metric;
	}

	/**
	 * Adds the task keys of Swoole's {@code stats()} to {@code stats}:
	 * {@code task_worker_num}, {@code task_idle_worker_num}, {@code tasking_num},
	 * {@code task_count}, {@code task_queue_num}, {@code task_queue_bytes}, and per task
	 * worker {@code task_worker_<id>_task_count}.
	 */
	public void putStats(Map<String, Long> stats) {
		stats.put("task_worker_num", (long) this.workers.length);
		stats.put("task_idle_worker_num", (long) this.metric.idleWorkerCount());
		stats.put("tasking_num", (long) this.metric.queuedCount());
		stats.put("task_count", this.accepted.sum());
		stats.put("task_queue_num", (long) this.metric.queuedCount());
		stats.put("task_queue_bytes", this.metric.queuedBytes());
		for (TaskWorker w : this.workers) {
			stats.put("task_worker_" + w.id + "_task_count", w.tasks);
		}
	}

	private final class Metric implements TaskMetric {

		@Override
		public int taskWorkerNum() {
			return TaskPool.this.workers.length;
		}

		@Override
		public int queuedCount() {
			return Math.max(0, TaskPool.this.queuedTasks.get());
		}

		@Override
		public long queuedBytes() {
			return Math.max(0, TaskPool.this.queuedBytes.get());
		}

		@Override
		public int runningCount() {
			return TaskPool.this.running.get();
		}

		@Override
		public long acceptedCount() {
			return TaskPool.this.accepted.sum();
		}

		@Override
		public long doneCount() {
			return TaskPool.this.done.sum();
		}

		@Override
		public long failedCount() {
			return TaskPool.this.failed.sum();
		}

		@Override
		public long refusedCount() {
			return TaskPool.this.refused.sum();
		}

		@Override
		public long droppedCount() {
			return TaskPool.this.dropped.sum();
		}

		@Override
		public long lateResultCount() {
			return TaskPool.this.late.sum();
		}

		@Override
		public int idleWorkerCount() {
			return (int) Arrays.stream(TaskPool.this.workers).filter((w) -> w.status == WorkerStatus.IDLE).count();
		}

		@Override
		public List<TaskWorkerMetric> workers() {
			return List.<TaskWorkerMetric>of(TaskPool.this.workers);
		}

	}

}
