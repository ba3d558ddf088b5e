package io.swoole4j.reactor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.internal.Checks;
import io.swoole4j.timer.Timer;
import io.swoole4j.timer.TimerCallback;
import io.swoole4j.timer.TimerMetric;

/**
 * An event loop on its own thread: Swoole's reactor. Each pass polls the {@link Poller}
 * (waiting at most until the next timer is due), dispatches ready channels to their
 * {@link ChannelHandler}s (read before write, never after removal), runs the tasks its
 * handlers added with {@link #afterEvents}, then due {@link #timer() timers}, then tasks
 * posted with {@link #execute}, then tasks {@link #defer deferred} during the pass.
 * <p>
 * <b>Lifecycle.</b> The constructor starts nothing. {@link #start()} opens the poller and
 * starts the loop thread (once; again is an {@link IllegalStateException}).
 * {@link #stop()} ends it, see there for exactly what still runs.
 * {@link #awaitTermination} waits for the thread to end.
 * <p>
 * <b>Threading.</b> {@link #register}, {@link #modify}, {@link #remove}, {@link #defer},
 * {@link #timer()} and everything on a {@link Registration} belong to the loop thread:
 * call them from handlers, timer callbacks and tasks, and from other threads hop with
 * {@code execute(() -> reactor.register(...))}. Called from another thread they throw
 * {@link IllegalStateException} (the timer, not thread-safe itself, asserts it when
 * assertions are on). {@link #execute}, {@link #tryExecute}, {@link #stop()},
 * {@link #stopWhenIdle()}, {@link #awaitTermination}, {@link #isTerminated()},
 * {@link #inLoop()}, the {@code …Async} timer methods and {@link #metric()} are
 * thread-safe.
 * <p>
 * <b>Wakeups.</b> A task from another thread wakes the poller only if the loop is about
 * to block or blocked, and only the first of many such tasks does: one flag, set by the
 * loop before it sleeps and taken by the first producer.
 * <p>
 * <b>Failures.</b> Handlers, tasks and timer callbacks that throw are logged and counted
 * (in {@link #metric()}, timer callbacks in the timer's {@link Timer#stats() stats}); the
 * loop carries on (a handler that throws also loses its registration, see
 * {@link ChannelHandler}). If the poller itself fails, the loop logs it and backs off for
 * {@value #POLL_FAILURE_BACKOFF_MILLIS} ms instead of spinning.
 */
public final class Reactor implements Executor {

	/**
	 * How long the loop sleeps after its poller failed. One second, as Netty's
	 * {@code handleLoopException}: long enough not to burn a core logging the same
	 * failure, short enough to recover quickly from a transient one (e.g. out of
	 * descriptors).
	 */
	public static final long POLL_FAILURE_BACKOFF_MILLIS = 1000;

	/**
	 * The most tasks run in one pass before the loop polls again, so a flood of tasks (or
	 * a task that keeps re-posting itself) cannot starve I/O and timers.
	 */
	public static final int MAX_TASKS_PER_PASS = 1024;

	private static final Logger logger = LoggerFactory.getLogger(Reactor.class);

	private static final int NEW = 0;

	private static final int STARTED = 1;

	private static final int STOPPING = 2;

	private static final int TERMINATED = 3;

	private static final int READ_OPS = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;

	private static final int WRITE_OPS = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;

	private static final VarHandle AWAKE;

	static {
		try {
			AWAKE = MethodHandles.lookup().findVarHandle(Reactor.class, "awake", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final String name;

	private final Poller.Factory pollerFactory;

	private final AtomicInteger state = new AtomicInteger(NEW);

	private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final Timer timer = new Timer(System::nanoTime, this::inLoop);

	private final CountDownLatch terminated = new CountDownLatch(1);

	private final Poller.ReadySink sink = this::onReady;

	private final Metric metric = new Metric();

	private volatile Thread thread;

	private volatile Poller poller;

	private volatile boolean stopWhenIdle;

	// true while the loop is not blocked in poll; producers wake it up only when they
	// flip it from false to true
	private volatile boolean awake = true;

	private final PassTasks deferred = new PassTasks();

	private final PassTasks afterEvents = new PassTasks();

	private Registration[] registrations = new Registration[64];

	private int registrationCount;

	private int eventsInPass;

	private long dispatchStart;

	/**
	 * Creates a reactor on a {@link NioPoller}. Starts nothing.
	 * @param name the reactor's name, also its thread's name
	 */
	public Reactor(String name) {
		this(name, NioPoller::open);
	}

	/**
	 * Creates a reactor on the given poller. Starts nothing; the poller is opened by
	 * {@link #start()}.
	 * @param name the reactor's name, also its thread's name
	 * @param pollerFactory opens the poller
	 */
	public Reactor(String name, Poller.Factory pollerFactory) {
		this.name = Checks.checkNotEmpty(name, "name");
		this.pollerFactory = Checks.checkNotNull(pollerFactory, "pollerFactory");
	}

	/**
	 * Opens the poller and starts the loop thread. Tasks posted before are run in the
	 * first pass.
	 * @throws IllegalStateException if already started or stopped
	 * @throws java.io.UncheckedIOException if the poller cannot be opened (the reactor is
	 * then terminated)
	 */
	public void start() {
		if (!this.state.compareAndSet(NEW, STARTED)) {
			throw new IllegalStateException("Reactor " + this.name + " was already started or stopped");
		}
		try {
			this.poller = this.pollerFactory.open();
		}
		catch (IOException ex) {
			this.state.set(TERMINATED);
			this.terminated.countDown();
			throw new UncheckedIOException("Cannot open the poller of reactor " + this.name, ex);
		}
		Thread loop = Thread.ofPlatform().name(this.name).unstarted(this::run);
		this.thread = loop;
		loop.start();
	}

	/**
	 * Asks the loop to end. Thread-safe, idempotent, never blocks (see
	 * {@link #awaitTermination}); works from inside the loop too.
	 * <p>
	 * Exactly: the current pass finishes; then the loop runs every task that
	 * {@link #execute} accepted, including tasks that those tasks post, and every
	 * deferred and after-events task, until the queues are empty; it drops pending timers
	 * without running them; it deregisters every channel (its {@link Registration}
	 * becomes inactive, the channel stays open: its owner closes it); it closes the
	 * poller and the thread ends. {@link #register} during that drain fails with an
	 * {@link IOException}. From then on {@link #execute} throws
	 * {@link RejectedExecutionException} and {@link #tryExecute} returns {@code false}; a
	 * task accepted while the reactor terminated still runs.
	 * <p>
	 * Before {@link #start()}, terminates at once and discards tasks already posted.
	 */
	public void stop() {
		if (this.state.compareAndSet(NEW, TERMINATED)) {
			this.tasks.clear();
			this.terminated.countDown();
			return;
		}
		if (this.state.compareAndSet(STARTED, STOPPING) && !inLoop()) {
			this.poller.wakeup();
			// cut a poller-failure back-off short
			LockSupport.unpark(this.thread);
		}
	}

	/**
	 * Asks the loop to end once it has nothing left to do, as a Swoole event loop does:
	 * after the first pass that leaves no registered channel, no active timer and no
	 * queued or deferred task, the reactor {@link #stop() stops}. Pending timers keep it
	 * running, however far away they are due. Thread-safe, idempotent, never blocks.
	 * <p>
	 * Before {@link #start()}, takes effect once started.
	 */
	public void stopWhenIdle() {
		this.stopWhenIdle = true;
		Poller current = this.poller;
		if (current != null && !inLoop()) {
			current.wakeup();
		}
	}

	/**
	 * Waits for the loop thread to end.
	 * @param timeout the longest wait
	 * @return {@code true} if the reactor terminated, {@code false} on timeout
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitTermination(Duration timeout) throws InterruptedException {
		return this.terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Whether the reactor has terminated: its loop ended (or it was stopped before it
	 * started).
	 * @return the state
	 */
	public boolean isTerminated() {
		return this.terminated.getCount() == 0;
	}

	/**
	 * Whether the caller runs on this reactor's loop thread.
	 * @return {@code true} on the loop thread
	 */
	public boolean inLoop() {
		return Thread.currentThread() == this.thread;
	}

	/**
	 * The reactor's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Runs a task on the loop thread, after the current pass's events and timers, in
	 * submission order with other tasks. Thread-safe; from the loop thread it simply
	 * queues. Wakes the loop if it is blocked.
	 * @param task the task; if it throws, that is logged and counted
	 * @throws RejectedExecutionException if the reactor has terminated
	 */
	@Override
	public void execute(Runnable task) {
		if (!tryExecute(task)) {
			throw new RejectedExecutionException("Reactor " + this.name + " has terminated");
		}
	}

	/**
	 * Runs a task on the loop thread, as {@link #execute}, reporting rejection by return
	 * value.
	 * @param task the task
	 * @return {@code false} if the reactor has terminated and the task will not run
	 */
	public boolean tryExecute(Runnable task) {
		Checks.checkNotNull(task, "task");
		if (this.state.get() == TERMINATED) {
			return false;
		}
		this.tasks.offer(task);
		// the loop sets TERMINATED before its last drain: if it is set now, either that
		// drain took the task or the task is still queued and must be withdrawn
		if (this.state.get() == TERMINATED && this.tasks.remove(task)) {
			return false;
		}
		this.metric.tasksQueued.incrementAndGet();
		if (!inLoop() && AWAKE.compareAndSet(this, false, true)) {
			this.poller.wakeup();
			this.metric.wakeups.incrementAndGet();
		}
		return true;
	}

	/**
	 * Runs a task at the end of the current pass, after the pass's tasks; a task deferred
	 * while deferred tasks run waits for the next pass. Loop thread only.
	 * @param task the task; if it throws, that is logged and counted
	 */
	public void defer(Runnable task) {
		checkInLoop("defer");
		this.deferred.add(Checks.checkNotNull(task, "task"));
	}

	/**
	 * Runs a task as soon as the current pass has dispatched its ready channels, before
	 * the pass's timers and tasks; added from a timer callback or a task, it runs at the
	 * end of the pass, after the deferred tasks. A handler uses it to finish, once per
	 * pass, work it gathered over many events (say, waking a consumer once for all the
	 * packets of the pass). A task added while such tasks run waits for the next of these
	 * two points. Loop thread only.
	 * @param task the task; if it throws, that is logged and counted
	 */
	public void afterEvents(Runnable task) {
		checkInLoop("afterEvents");
		this.afterEvents.add(Checks.checkNotNull(task, "task"));
	}

	/**
	 * This loop's timer; its due times bound the poll timeout. Loop thread only (it is
	 * not thread-safe); other threads use {@link #tickAsync}, {@link #afterAsync} and
	 * {@link #clearTimerAsync}.
	 * @return the timer
	 */
	public Timer timer() {
		return this.timer;
	}

	/**
	 * Adds a repeating timer from any thread, see {@link Timer#tick}.
	 * @param intervalMs the period in milliseconds, at least 1
	 * @param callback runs on the loop thread
	 * @return the timer id once added; failed with {@link RejectedExecutionException} if
	 * the reactor has terminated
	 * @throws IllegalArgumentException if the period is out of range (checked at once)
	 */
	public CompletableFuture<Long> tickAsync(long intervalMs, TimerCallback callback) {
		Checks.checkInRange(intervalMs, Timer.MIN_MS, Timer.MAX_MS, "ms");
		return onLoop(() -> this.timer.tick(intervalMs, callback));
	}

	/**
	 * Adds a one-shot timer from any thread, see {@link Timer#after}.
	 * @param delayMs the delay in milliseconds, at least 1
	 * @param callback runs on the loop thread
	 * @return the timer id once added; failed with {@link RejectedExecutionException} if
	 * the reactor has terminated
	 * @throws IllegalArgumentException if the delay is out of range (checked at once)
	 */
	public CompletableFuture<Long> afterAsync(long delayMs, TimerCallback callback) {
		Checks.checkInRange(delayMs, Timer.MIN_MS, Timer.MAX_MS, "ms");
		return onLoop(() -> this.timer.after(delayMs, callback));
	}

	/**
	 * Cancels a timer from any thread, see {@link Timer#clear}.
	 * @param timerId the id
	 * @return whether the timer was active; failed with
	 * {@link RejectedExecutionException} if the reactor has terminated
	 */
	public CompletableFuture<Boolean> clearTimerAsync(long timerId) {
		return onLoop(() -> this.timer.clear(timerId));
	}

	private <T> CompletableFuture<T> onLoop(Supplier<T> action) {
		if (inLoop()) {
			return CompletableFuture.completedFuture(action.get());
		}
		CompletableFuture<T> result = new CompletableFuture<>();
		if (!tryExecute(() -> result.complete(action.get()))) {
			result.completeExceptionally(new RejectedExecutionException("Reactor " + this.name + " has terminated"));
		}
		return result;
	}

	/**
	 * Registers a channel, switching it to non-blocking mode. Loop thread only.
	 * @param channel the channel, not registered with this reactor yet
	 * @param ops the interest set, {@link SelectionKey} bits valid for the channel (may
	 * be 0)
	 * @param handler receives readiness
	 * @param attachment the caller's context object, may be {@code null}
	 * @return the registration
	 * @throws IOException if the channel is closed, or the reactor is stopping
	 * @throws IllegalArgumentException if {@code ops} is not valid for the channel
	 * @throws IllegalStateException off the loop thread, or if the channel is already
	 * registered here
	 */
	public Registration register(SelectableChannel channel, int ops, ChannelHandler handler, Object attachment)
			throws IOException {
		checkInLoop("register");
		Checks.checkNotNull(channel, "channel");
		Checks.checkNotNull(handler, "handler");
		checkOps(channel, ops);
		if (this.state.get() != STARTED) {
			throw new ClosedChannelException();
		}
		Registration registration = new Registration(this, channel, ops, handler, attachment);
		this.poller.register(registration);
		registration.active(true);
		if (this.registrationCount == this.registrations.length) {
			this.registrations = Arrays.copyOf(this.registrations, this.registrationCount * 2);
		}
		registration.index(this.registrationCount);
		this.registrations[this.registrationCount++] = registration;
		this.metric.channelsRegistered.increment();
		return registration;
	}

	/**
	 * Registers a channel with no attachment, see
	 * {@link #register(SelectableChannel, int, ChannelHandler, Object)}.
	 * @param channel the channel
	 * @param ops the interest set
	 * @param handler receives readiness
	 * @return the registration
	 * @throws IOException if the channel is closed, or the reactor is stopping
	 */
	public Registration register(SelectableChannel channel, int ops, ChannelHandler handler) throws IOException {
		return register(channel, ops, handler, null);
	}

	/**
	 * Changes the interest set of a registration (e.g. adds {@code OP_WRITE} while output
	 * is queued). Loop thread only.
	 * @param registration a registration of this reactor
	 * @param ops the new interest set, valid for the channel
	 * @return {@code false} if the registration is no longer active (removed, or its
	 * channel was closed, in which case it is removed now)
	 * @throws IllegalArgumentException if {@code ops} is not valid for the channel
	 */
	public boolean modify(Registration registration, int ops) {
		checkInLoop("modify");
		checkOwn(registration);
		checkOps(registration.channel(), ops);
		if (!registration.isActive()) {
			return false;
		}
		if (registration.interestOps() == ops) {
			return true;
		}
		registration.interestOpsUnchecked(ops);
		try {
			this.poller.modify(registration);
			return true;
		}
		catch (IOException | RuntimeException ex) {
			// the channel was closed behind the reactor's back (NIO:
			// CancelledKeyException)
			logger.debug("Removing {} after failed interest change", registration, ex);
			remove(registration);
			return false;
		}
	}

	/**
	 * Deregisters a channel; its handler is never called again, even for events already
	 * polled in this pass. The channel stays open. Loop thread only.
	 * @param registration a registration of this reactor
	 * @return {@code false} if it was already removed
	 */
	public boolean remove(Registration registration) {
		checkInLoop("remove");
		checkOwn(registration);
		if (!registration.isActive()) {
			return false;
		}
		registration.active(false);
		this.poller.deregister(registration);
		int index = registration.index();
		Registration last = this.registrations[--this.registrationCount];
		this.registrations[index] = last;
		last.index(index);
		this.registrations[this.registrationCount] = null;
		registration.index(-1);
		this.metric.channelsRegistered.add(-1);
		return true;
	}

	void close(Registration registration) {
		remove(registration);
		try {
			registration.channel().close();
		}
		catch (IOException ex) {
			logger.debug("Closing {} failed", registration.channel(), ex);
		}
	}

	/**
	 * This reactor's counters.
	 * @return a live read-only view
	 */
	public ReactorMetric metric() {
		return this.metric;
	}

	@Override
	public String toString() {
		return "Reactor[" + this.name + "]";
	}

	private void checkInLoop(String method) {
		if (!inLoop()) {
			throw new IllegalStateException(
					method + "() must run on the loop thread of reactor " + this.name + "; post it with execute()");
		}
	}

	private void checkOwn(Registration registration) {
		Checks.checkNotNull(registration, "registration");
		if (registration.reactor() != this) {
			throw Checks.fail("registration", registration, "a registration of reactor " + this.name);
		}
	}

	private static void checkOps(SelectableChannel channel, int ops) {
		if ((ops & ~channel.validOps()) != 0) {
			throw Checks.fail("ops", ops, "a subset of " + channel.validOps());
		}
	}

	private void run() {
		try {
			while (this.state.get() == STARTED) {
				// checked before polling: an idle loop would otherwise block for good
				if (this.stopWhenIdle && isIdle()) {
					this.state.compareAndSet(STARTED, STOPPING);
					break;
				}
				runPass();
			}
			drain();
			for (int i = this.registrationCount - 1; i >= 0; i--) {
				remove(this.registrations[i]);
			}
			this.state.set(TERMINATED);
			// tasks that raced with TERMINATED were accepted: run them
			drain();
		}
		catch (Throwable ex) {
			logger.error("Reactor {} loop failed", this.name, ex);
			this.state.set(TERMINATED);
		}
		finally {
			try {
				this.poller.close();
			}
			catch (IOException ex) {
				logger.warn("Closing the poller of reactor {} failed", this.name, ex);
			}
			this.terminated.countDown();
		}
	}

	private void runPass() {
		long timeout = pollTimeout();
		if (timeout != 0) {
			AWAKE.setVolatile(this, false);
			// a task posted before the store above is seen here; one posted after it
			// finds the flag false and wakes the poller up
			if (!this.tasks.isEmpty() || this.state.get() != STARTED) {
				timeout = 0;
			}
		}
		this.eventsInPass = 0;
		try {
			this.poller.poll(timeout, this.sink);
		}
		catch (IOException ex) {
			this.metric.pollerErrors.increment();
			logger.warn("Poller of reactor {} failed; backing off {} ms", this.name, POLL_FAILURE_BACKOFF_MILLIS, ex);
			backOff();
		}
		finally {
			AWAKE.setVolatile(this, true);
		}
		if (this.eventsInPass > 0) {
			this.metric.handlerNanos.add(System.nanoTime() - this.dispatchStart);
			this.metric.eventsHandled.add(this.eventsInPass);
		}
		this.afterEvents.run();
		this.timer.processExpired();
		runTasks(MAX_TASKS_PER_PASS);
		this.deferred.run();
		this.afterEvents.run();
		this.metric.loops.increment();
	}

	private boolean isIdle() {
		return this.registrationCount == 0 && this.timer.size() == 0 && this.tasks.isEmpty() && this.deferred.isEmpty()
				&& this.afterEvents.isEmpty();
	}

	private long pollTimeout() {
		if (!this.tasks.isEmpty() || !this.deferred.isEmpty() || !this.afterEvents.isEmpty()) {
			return 0;
		}
		return this.timer.nextDelay();
	}

	private void onReady(Registration registration, int readyOps) {
		if (!registration.isActive()) {
			return;
		}
		if (this.eventsInPass++ == 0) {
			this.dispatchStart = System.nanoTime();
		}
		if ((readyOps & READ_OPS) != 0) {
			invoke(registration, true);
		}
		if ((readyOps & WRITE_OPS) != 0 && registration.isActive()) {
			invoke(registration, false);
		}
	}

	private void invoke(Registration registration, boolean read) {
		try {
			if (read) {
				registration.handler().onReadable(registration);
			}
			else {
				registration.handler().onWritable(registration);
			}
		}
		catch (Throwable ex) {
			this.metric.handlerErrors.increment();
			logger.warn("Handler of {} failed; closing it", registration, ex);
			close(registration);
		}
	}

	private void runTasks(int max) {
		for (int i = 0; i < max; i++) {
			Runnable task = this.tasks.poll();
			if (task == null) {
				return;
			}
			safeRun(task);
			this.metric.tasksRun.increment();
		}
	}

	private void drain() {
		while (!this.tasks.isEmpty() || !this.deferred.isEmpty() || !this.afterEvents.isEmpty()) {
			runTasks(Integer.MAX_VALUE);
			this.deferred.run();
			this.afterEvents.run();
		}
	}

	private void safeRun(Runnable task) {
		try {
			task.run();
		}
		catch (Throwable ex) {
			this.metric.handlerErrors.increment();
			logger.warn("Task on reactor {} failed", this.name, ex);
		}
	}

	private void backOff() {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(POLL_FAILURE_BACKOFF_MILLIS);
		long left;
		while (this.state.get() == STARTED && (left = deadline - System.nanoTime()) > 0) {
			LockSupport.parkNanos(this, left);
		}
	}

	/**
	 * Tasks kept for one point of a pass (deferred, after events); a task added while
	 * they run waits for the next time. Two queues swap, so nothing is allocated.
	 */
	private final class PassTasks {

		private ArrayDeque<Runnable> pending = new ArrayDeque<>();

		private ArrayDeque<Runnable> running = new ArrayDeque<>();

		void add(Runnable task) {
			this.pending.add(task);
		}

		boolean isEmpty() {
			return this.pending.isEmpty();
		}

		void run() {
			if (this.pending.isEmpty()) {
				return;
			}
			ArrayDeque<Runnable> batch = this.pending;
			this.pending = this.running;
			this.running = batch;
			Runnable task;
			while ((task = batch.poll()) != null) {
				safeRun(task);
			}
		}

	}

	private final class Metric implements ReactorMetric {

		final LoopCounter loops = new LoopCounter();

		final LoopCounter eventsHandled = new LoopCounter();

		final AtomicLong wakeups = new AtomicLong();

		final AtomicLong tasksQueued = new AtomicLong();

		final LoopCounter tasksRun = new LoopCounter();

		final LoopCounter channelsRegistered = new LoopCounter();

		final LoopCounter handlerNanos = new LoopCounter();

		final LoopCounter handlerErrors = new LoopCounter();

		final LoopCounter pollerErrors = new LoopCounter();

		@Override
		public String name() {
			return Reactor.this.name;
		}

		@Override
		public TimerMetric timers() {
			return Reactor.this.timer.metric();
		}

		@Override
		public long loops() {
			return this.loops.get();
		}

		@Override
		public long eventsHandled() {
			return this.eventsHandled.get();
		}

		@Override
		public long wakeups() {
			return this.wakeups.get();
		}

		@Override
		public long tasksQueued() {
			return this.tasksQueued.get();
		}

		@Override
		public long tasksRun() {
			return this.tasksRun.get();
		}

		@Override
		public int channelsRegistered() {
			return (int) this.channelsRegistered.get();
		}

		@Override
		public long handlerNanos() {
			return this.handlerNanos.get();
		}

		@Override
		public long handlerErrors() {
			return this.handlerErrors.get();
		}

		@Override
		public long pollerErrors() {
			return this.pollerErrors.get();
		}

	}

}
