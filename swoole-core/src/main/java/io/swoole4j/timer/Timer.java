package io.swoole4j.timer;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.internal.Checks;

/**
 * Swoole's per-loop timer: repeating {@link #tick ticks} and one-shot {@link #after
 * afters} with millisecond resolution, kept in a binary min-heap ordered by due time
 * (ties by id) plus a map from id to node.
 * <p>
 * <b>Algorithm.</b> {@link #tick}/{@link #after} put a node due at {@code now + ms} in
 * the heap. {@link #processExpired()} takes the clock once, then pops every node due at
 * that instant and runs its callback. A tick is then moved forward on its <em>aligned
 * grid</em>: its next due time is the first {@code due + k * interval} after the pass's
 * instant, so after a stall of several periods it fires once and resumes the original
 * schedule (missed ticks are skipped, never replayed in a burst). Each pass is a round; a
 * node added during a pass records that round and is never run in it (a callback that
 * adds a 1 ms timer cannot starve the loop). {@link #clear} of the node whose callback is
 * running only marks it removed, so a tick can clear itself.
 * <p>
 * <b>Time.</b> A monotonic clock ({@link System#nanoTime()} unless one is given); wall
 * clock changes never move timers. Ids are {@code long}s starting at 1 and increasing.
 * <p>
 * <b>Threading.</b> Not thread-safe, by design: a timer is confined to the one thread
 * that drives it, the reactor's loop thread ({@code Reactor.timer()}) or the caller of
 * {@link #processExpired()} when used standalone. Other threads go through the reactor
 * ({@code Reactor.tickAsync}, {@code afterAsync}, {@code clearTimerAsync}), which hop
 * onto the loop. For a timer on its own thread, start a reactor that has no channels.
 * <p>
 * <b>Failures.</b> A callback that throws is logged and counted in
 * {@link TimerStats#callbackErrors()}; a tick stays scheduled.
 */
public final class Timer {

	/** The smallest period or delay accepted, as in Swoole ({@code SW_TIMER_MIN_MS}). */
	public static final long MIN_MS = 1;

	/**
	 * The largest period or delay accepted: about 146 years, so that a due time in
	 * nanoseconds never overflows.
	 */
	public static final long MAX_MS = Long.MAX_VALUE / 2 / 1_000_000;

	private static final Logger logger = LoggerFactory.getLogger(Timer.class);

	private static final long NANOS_PER_MS = 1_000_000;

	// Swoole starts at 1024 slots; most loops hold a handful of timers, so start small
	// and grow by doubling.
	private static final int INITIAL_HEAP_CAPACITY = 64;

	private final LongSupplier nanoClock;

	private final BooleanSupplier onOwnerThread;

	// Nodes recycled by clear() and by fired afters, so that a steady add/clear or
	// add/fire cycle allocates nothing; bounded so a burst does not pin memory for good.
	private static final int MAX_POOLED_NODES = 1024;

	private final LongHashMap<Node> nodes = new LongHashMap<>();

	private Node freeNodes;

	private int freeNodeCount;

	private Node[] heap = new Node[INITIAL_HEAP_CAPACITY];

	private int heapSize;

	private long nextId = 1;

	private long round;

	private boolean initialized;

	private boolean processing;

	private Node running;

	private long callbackErrors;

	private final PublishedMetric metric = new PublishedMetric();

	/**
	 * Creates a timer on {@link System#nanoTime()}. Starts no thread.
	 */
	public Timer() {
		this(System::nanoTime);
	}

	/**
	 * Creates a timer on the given monotonic clock. Starts no thread.
	 * @param nanoClock a monotonic clock in nanoseconds, such as
	 * {@link System#nanoTime()} (tests pass a manual clock)
	 */
	public Timer(LongSupplier nanoClock) {
		this(nanoClock, () -> true);
	}

	/**
	 * Creates a timer on the given monotonic clock, confined to the thread for which
	 * {@code onOwnerThread} answers {@code true}; with assertions on, every method
	 * asserts it (a reactor passes its {@code inLoop}). Starts no thread.
	 * @param nanoClock a monotonic clock in nanoseconds
	 * @param onOwnerThread whether the calling thread may use this timer
	 */
	public Timer(LongSupplier nanoClock, BooleanSupplier onOwnerThread) {
		this.nanoClock = Checks.checkNotNull(nanoClock, "nanoClock");
		this.onOwnerThread = Checks.checkNotNull(onOwnerThread, "onOwnerThread");
	}

	/**
	 * Adds a repeating timer that first runs {@code intervalMs} from now, then every
	 * {@code intervalMs} on an aligned grid.
	 * @param intervalMs the period in milliseconds, in [{@value #MIN_MS},
	 * {@link #MAX_MS}]
	 * @param callback what to run; it receives the returned id
	 * @return the timer id (1, 2, 3, …)
	 * @throws IllegalArgumentException if the period is out of range, e.g.
	 * {@code ms: 0 (expected: in [1, 4611686018427])}
	 */
	public long tick(long intervalMs, TimerCallback callback) {
		checkMs(intervalMs);
		return add(intervalMs, intervalMs, callback);
	}

	/**
	 * Adds a one-shot timer that runs once, {@code delayMs} from now.
	 * @param delayMs the delay in milliseconds, in [{@value #MIN_MS}, {@link #MAX_MS}]
	 * @param callback what to run; it receives the returned id
	 * @return the timer id
	 * @throws IllegalArgumentException if the delay is out of range
	 */
	public long after(long delayMs, TimerCallback callback) {
		checkMs(delayMs);
		return add(delayMs, 0, callback);
	}

	/**
	 * Cancels a timer. Clearing a tick from its own callback stops it after the callback
	 * returns.
	 * @param timerId the id
	 * @return {@code true} if the timer was active, {@code false} if it is unknown, has
	 * fired (an after) or was already cleared
	 */
	public boolean clear(long timerId) {
		assert this.onOwnerThread.getAsBoolean() : "Timer used off its owner thread";
		Node node = this.nodes.get(timerId);
		if (node == null || node.removed) {
			return false;
		}
		node.removed = true;
		if (node != this.running) {
			this.nodes.remove(timerId);
			removeFromHeap(node);
			release(node);
		}
		this.metric.active.lazySet(size());
		return true;
	}

	/**
	 * Cancels every active timer.
	 * @return how many timers were cancelled
	 */
	public int clearAll() {
		assert this.onOwnerThread.getAsBoolean() : "Timer used off its owner thread";
		int cleared = size();
		for (int i = 0; i < this.heapSize; i++) {
			Node node = this.heap[i];
			this.heap[i] = null;
			node.removed = true;
			node.heapIndex = -1;
			release(node);
		}
		this.heapSize = 0;
		this.nodes.clear();
		if (this.running != null) {
			// its callback is on the stack: keep it known until it returns, as clear()
			// does
			this.running.removed = true;
			this.nodes.put(this.running.id, this.running);
		}
		this.metric.active.lazySet(size());
		return cleared;
	}

	/**
	 * Whether a timer is active.
	 * @param timerId the id
	 * @return {@code true} if the timer is known and not cleared
	 */
	public boolean exists(long timerId) {
		assert this.onOwnerThread.getAsBoolean() : "Timer used off its owner thread";
		Node node = this.nodes.get(timerId);
		return node != null && !node.removed;
	}

	/**
	 * Describes a timer.
	 * @param timerId the id
	 * @return a snapshot, or {@code null} if the id is unknown, cleared or (an after)
	 * already fired
	 */
	public TimerInfo info(long timerId) {
		assert this.onOwnerThread.getAsBoolean() : "Timer used off its owner thread";
		Node node = this.nodes.get(timerId);
		if (node == null) {
			return null;
		}
		return new TimerInfo(node.id, node.interval, remainingMs(node.due, this.nanoClock.getAsLong()), node.execCount,
				node.round, node.removed);
	}

	/**
	 * Lists the active timers.
	 * @return the ids of every active timer, in ascending order
	 */
	public long[] list() {
		assert this.onOwnerThread.getAsBoolean() : "Timer used off its owner thread";
		long[] ids = new long[size()];
		int[] n = new int[1];
		this.nodes.forEachValue((node) -> {
			if (!node.removed) {
				ids[n[0]++] = node.id;
			}
		});
		Arrays.sort(ids);
		return ids;
	}

	/**
	 * Reports counts, as Swoole's {@code Timer::stats}.
	 * @return a snapshot
	 */
	public TimerStats stats() {
		assert this.onOwnerThread.getAsBoolean() : "Timer used off its owner thread";
		return new TimerStats(this.initialized, size(), this.round, this.callbackErrors);
	}

	/**
	 * Returns a view of this timer's counts that any thread may read.
	 * @return the view, the same object on every call
	 */
	public TimerMetric metric() {
		return this.metric;
	}

	/**
	 * The number of active timers.
	 * @return the count
	 */
	public int size() {
		return (this.running != null && this.running.removed) ? this.nodes.size() - 1 : this.nodes.size();
	}

	/**
	 * How long the driving loop may sleep before the next timer is due.
	 * @return milliseconds until the earliest timer is due, rounded up; {@code 0} if one
	 * is due now; {@code -1} if there is no timer
	 */
	public long nextDelay() {
		assert this.onOwnerThread.getAsBoolean() : "Timer used off its owner thread";
		if (this.heapSize == 0) {
			return -1;
		}
		return remainingMs(this.heap[0].due, this.nanoClock.getAsLong());
	}

	/**
	 * Runs every timer due now, once each: one pass (round). Timers added by these
	 * callbacks wait for a later pass.
	 * @return how many callbacks ran
	 * @throws IllegalStateException if called from a timer callback
	 */
	public int processExpired() {
		assert this.onOwnerThread.getAsBoolean() : "Timer used off its owner thread";
		if (this.processing) {
			throw new IllegalStateException("processExpired() called from a timer callback");
		}
		long pass = ++this.round;
		long now = this.nanoClock.getAsLong();
		int fired = 0;
		this.processing = true;
		try {
			while (this.heapSize > 0) {
				Node node = this.heap[0];
				if (node.due - now > 0 || node.round == pass) {
					break;
				}
				removeTop();
				run(node);
				fired++;
				if (node.interval > 0 && !node.removed) {
					long period = node.interval * NANOS_PER_MS;
					long missed = (now - node.due) / period;
					node.due += (missed + 1) * period;
					push(node);
				}
				else {
					node.removed = true;
					this.nodes.remove(node.id);
					release(node);
				}
			}
		}
		finally {
			this.processing = false;
			// one release store per pass, so that other threads can read the counts
			this.metric.active.lazySet(size());
			this.metric.fired.lazySet(this.metric.fired.get() + fired);
			this.metric.callbackErrors.lazySet(this.callbackErrors);
		}
		return fired;
	}

	private void run(Node node) {
		this.running = node;
		node.execCount++;
		try {
			node.callback.onTimer(node.id);
		}
		catch (Throwable ex) {
			this.callbackErrors++;
			logger.warn("Timer {} callback failed", node.id, ex);
		}
		finally {
			this.running = null;
		}
	}

	private long add(long ms, long interval, TimerCallback callback) {
		assert this.onOwnerThread.getAsBoolean() : "Timer used off its owner thread";
		Checks.checkNotNull(callback, "callback");
		Node node = obtain(this.nextId++, interval, callback);
		node.due = this.nanoClock.getAsLong() + ms * NANOS_PER_MS;
		this.nodes.put(node.id, node);
		push(node);
		this.initialized = true;
		this.metric.active.lazySet(size());
		return node.id;
	}

	private Node obtain(long id, long interval, TimerCallback callback) {
		Node node = this.freeNodes;
		if (node == null) {
			node = new Node();
		}
		else {
			this.freeNodes = node.nextFree;
			this.freeNodeCount--;
			node.nextFree = null;
		}
		node.id = id;
		node.interval = interval;
		node.callback = callback;
		node.round = this.round;
		node.execCount = 0;
		node.removed = false;
		node.heapIndex = -1;
		return node;
	}

	private void release(Node node) {
		node.callback = null;
		if (this.freeNodeCount < MAX_POOLED_NODES) {
			node.nextFree = this.freeNodes;
			this.freeNodes = node;
			this.freeNodeCount++;
		}
	}

	private static void checkMs(long ms) {
		Checks.checkInRange(ms, MIN_MS, MAX_MS, "ms");
	}

	private static long remainingMs(long due, long now) {
		long nanos = due - now;
		return (nanos <= 0) ? 0 : (nanos + NANOS_PER_MS - 1) / NANOS_PER_MS;
	}

	private static boolean before(Node a, Node b) {
		long d = a.due - b.due;
		return (d != 0) ? d < 0 : a.id < b.id;
	}

	private void push(Node node) {
		if (this.heapSize == this.heap.length) {
			this.heap = Arrays.copyOf(this.heap, this.heap.length * 2);
		}
		siftUp(this.heapSize++, node);
	}

	private void removeTop() {
		removeAt(0);
	}

	private void removeFromHeap(Node node) {
		if (node.heapIndex >= 0) {
			removeAt(node.heapIndex);
		}
	}

	private void removeAt(int index) {
		Node removed = this.heap[index];
		removed.heapIndex = -1;
		int last = --this.heapSize;
		Node moved = this.heap[last];
		this.heap[last] = null;
		if (index == last) {
			return;
		}
		siftDown(index, moved);
		if (this.heap[index] == moved) {
			siftUp(index, moved);
		}
	}

	private void siftUp(int index, Node node) {
		while (index > 0) {
			int parent = (index - 1) >>> 1;
			Node p = this.heap[parent];
			if (!before(node, p)) {
				break;
			}
			this.heap[index] = p;
			p.heapIndex = index;
			index = parent;
		}
		this.heap[index] = node;
		node.heapIndex = index;
	}

	private void siftDown(int index, Node node) {
		int half = this.heapSize >>> 1;
		while (index < half) {
			int child = 2 * index + 1;
			Node c = this.heap[child];
			int right = child + 1;
			if (right < this.heapSize && before(this.heap[right], c)) {
				child = right;
				c = this.heap[child];
			}
			if (!before(c, node)) {
				break;
			}
			this.heap[index] = c;
			c.heapIndex = index;
			index = child;
		}
		this.heap[index] = node;
		node.heapIndex = index;
	}

	private static final class Node {

		long id;

		long interval;

		TimerCallback callback;

		long round;

		long due;

		long execCount;

		boolean removed;

		int heapIndex = -1;

		Node nextFree;

	}

	private static final class PublishedMetric implements TimerMetric {

		final AtomicLong active = new AtomicLong();

		final AtomicLong fired = new AtomicLong();

		final AtomicLong callbackErrors = new AtomicLong();

		@Override
		public long active() {
			return this.active.get();
		}

		@Override
		public long fired() {
			return this.fired.get();
		}

		@Override
		public long callbackErrors() {
			return this.callbackErrors.get();
		}

	}

}
