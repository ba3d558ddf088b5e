package io.swoole4j.ipc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.internal.Checks;
import io.swoole4j.internal.Native;
import io.swoole4j.memory.SharedMemory;

import static io.swoole4j.ipc.ChannelDescriptor.CONSUMER_LOCK_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.HEAD_CACHE_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.HEAD_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.NOT_EMPTY_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.NOT_FULL_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.OWNED_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.POPPED_BYTES_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.POPPED_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.POP_WAITERS_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.PRODUCER_LOCK_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.PUSHED_BYTES_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.PUSHED_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.PUSH_WAITERS_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.REFUSED_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.RING_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.SLOT_HEADER;
import static io.swoole4j.ipc.ChannelDescriptor.TAIL_OFFSET;

/**
 * A bounded many-producer many-consumer FIFO of byte messages in shared memory: Swoole's
 * swChannel (ring storage, a process-shared lock, a notification). Messages keep their
 * boundaries and order; the layout and the ring algorithm are in
 * {@link ChannelDescriptor}.
 * <p>
 * Between JVMs: one calls {@link #create(String, int, int)} (a region
 * {@code /dev/shm/<name>}, 0600), the others {@link #attach(String)}; the creator
 * {@link #destroy() destroys} it when all are done. Within one JVM
 * {@link #createAnonymous(int, int)} needs no name.
 * <p>
 * Back-pressure is a return value: {@link #push(byte[])} gives false when the ring has no
 * room, {@link #pop()} gives null ({@link #pop(byte[])} gives {@link #EMPTY}) when
 * nothing is queued. The timed variants wait for room or for a message; they sleep on a
 * futex and are woken by the other side, which makes a system call only when someone
 * sleeps.
 * <p>
 * Pushes run under a producer lock and pops under a consumer lock, both words in the
 * region (a two-lock queue: a producer and a consumer never wait for each other). A
 * consumer finds messages by the published header of the slot at its position and writes
 * only its own cache line, never the ring or the producers' line; a producer reads the
 * consumers' line only when its cached view says full. The locks are spin locks holding
 * the owner's pid, taken with one CAS and freed with a release store, held only for the
 * copy of one message (or of one batch: {@link #pushAll}, {@link #popAll}, which take a
 * lock once for many messages); a waiter spins, yields, then parks in short naps, and
 * takes over the lock of a process that died holding it (checked every 100 ms or so, with
 * a warning). A process killed in the middle of a push or pop therefore stalls its side
 * only until that check: the taker completes the pushes that were already published, and
 * otherwise the dead call simply did not happen (a pop's messages are delivered again;
 * the counters may miss the dead call's messages). Not detected: a dead owner whose pid
 * the kernel already gave to a new process (all processes must share one pid namespace).
 * <p>
 * Cost: a message is copied in and out of the ring, and a push and a pop each take one
 * lock. On one thread a 64-byte push and pop together take about 30 ns. Between two
 * threads on cores that share a cache, the channel moved some 33 million 64-byte messages
 * a second (3.5 times an {@code ArrayBlockingQueue} of references). Across chiplets the
 * transfer of the lines bounds it near 10 million, as it does the queue. {@link #pushAll}
 * and {@link #popAll} save a lock per message. See {@code ChannelThroughputBenchmark}.
 * <p>
 * Threading: every method is thread-safe. {@link #close()} unmaps the region for this
 * JVM; call it once no thread of this JVM uses the channel. A call after close fails with
 * {@link IllegalStateException} (the mapping's segment is closed).
 */
public final class Channel implements AutoCloseable {

	/** {@link #pop(byte[])} found no message. */
	public static final int EMPTY = -1;

	/** {@link #pop(byte[])}: the next message is longer than the buffer; it stays. */
	public static final int BUFFER_TOO_SMALL = -2;

	/**
	 * Exact: a call whose types differ from {@code (MemorySegment, long, ...)} fails
	 * instead of being adapted on every invocation, which costs more than the access.
	 */
	private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle().withInvokeExactBehavior();

	private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle().withInvokeExactBehavior();

	/**
	 * Spins of a lock waiter before it naps: a holder copies one message or batch. Every
	 * {@link #YIELD_EVERY}th spin yields the processor, so that on a busy machine the
	 * holder gets to run.
	 */
	private static final int SPINS = 1000;

	private static final int YIELD_EVERY = 50;

	/**
	 * Tries of a waiting push or pop before it sleeps: a peer on another core is often
	 * quick, and a futex sleep and wake cost two system calls. Between tries it pauses
	 * for {@link #WAIT_PAUSE} spin hints, and every {@link #WAIT_YIELD_EVERY}th try
	 * yields: a waiter that tried again at once would read the very line the other side
	 * is about to write, taking it away from that core once per message and slowing the
	 * side it waits for (tried: pausing 1, 2, 4... hints was a quarter slower).
	 */
	private static final int WAIT_TRIES = 100;

	private static final int WAIT_PAUSE = 64;

	private static final int WAIT_YIELD_EVERY = 8;

	/** The longest single sleep, so that interrupts are noticed. */
	private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	/**
	 * The first sleep of a waiting call. The side that makes progress frees its lock with
	 * a plain release store and then reads the sleeper count without a fence, so it may
	 * miss a sleeper that counted itself in that same instant; the short first sleep
	 * bounds what such a miss costs, later sleeps (after which the count is long visible)
	 * are longer.
	 */
	private static final long FIRST_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	/** A lock waiter's nap once spinning has not helped. */
	private static final long LOCK_NAP_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

	/** How often (about) a lock waiter checks that the holding process is alive. */
	private static final long OWNER_CHECK_MILLIS = 100;

	private static final int OWNER_CHECK_EVERY = (int) (TimeUnit.MILLISECONDS.toNanos(OWNER_CHECK_MILLIS)
			/ LOCK_NAP_NANOS);

	/** The lock word's value while this process holds a lock: its pid (never 0). */
	private static final long OWNER = Native.pid();

	private static final Logger logger = LoggerFactory.getLogger(Channel.class);

	private final SharedMemory region;

	private final MemorySegment memory;

	private final long capacity;

	/** The ring's span, twice the capacity: see {@link ChannelDescriptor}. */
	private final long span;

	private final long mask;

	private final int maxMessageLength;

	/**
	 * Free bytes after {@code tail} that a producer owns at once: see {@link #ownAhead}.
	 */
	private final long ownAhead;

	private final MemorySegment notEmpty;

	private final MemorySegment notFull;

	private final Metric metric = new Metric();

	private Channel(SharedMemory region) {
		this.region = region;
		this.memory = region.segment();
		this.capacity = this.memory.get(ValueLayout.JAVA_LONG, ChannelDescriptor.CAPACITY_OFFSET);
		this.span = ChannelDescriptor.ringSpan(this.capacity);
		this.mask = this.span - 1;
		this.ownAhead = Math.min(ChannelDescriptor.OWN_AHEAD, this.capacity / 2);
		this.maxMessageLength = this.memory.get(ValueLayout.JAVA_INT, ChannelDescriptor.MAX_MESSAGE_LENGTH_OFFSET);
		this.notEmpty = this.memory.asSlice(NOT_EMPTY_OFFSET, 4);
		this.notFull = this.memory.asSlice(NOT_FULL_OFFSET, 4);
	}

	/**
	 * Creates a channel in a named region that other JVMs can {@link #attach}. A region
	 * left under that name is replaced.
	 * @param name the region's name (see {@link SharedMemory#create})
	 * @param capacity ring bytes, 16 to 1 GiB (rounded up to a power of 2); each message
	 * takes its length plus 4, padded to 4 (the region spans twice the capacity, see
	 * {@link ChannelDescriptor})
	 * @param maxMessageLength the longest message, at most {@code capacity - 4}
	 * @return the channel, owned by the caller
	 * @throws IllegalArgumentException for bad sizes or name
	 */
	public static Channel create(String name, int capacity, int maxMessageLength) {
		ChannelDescriptor.checkCapacity(capacity, maxMessageLength);
		int ring = ChannelDescriptor.ringCapacity(capacity);
		return initialise(SharedMemory.create(name, ChannelDescriptor.regionSize(ring, maxMessageLength)), ring,
				maxMessageLength);
	}

	/**
	 * Creates a channel for the threads of this JVM.
	 * @param capacity ring bytes, as for {@link #create(String, int, int)}
	 * @param maxMessageLength the longest message
	 * @return the channel
	 * @throws IllegalArgumentException for bad sizes
	 */
	public static Channel createAnonymous(int capacity, int maxMessageLength) {
		ChannelDescriptor.checkCapacity(capacity, maxMessageLength);
		int ring = ChannelDescriptor.ringCapacity(capacity);
		return initialise(SharedMemory.anonymous(ChannelDescriptor.regionSize(ring, maxMessageLength)), ring,
				maxMessageLength);
	}

	private static Channel initialise(SharedMemory region, int capacity, int maxMessageLength) {
		MemorySegment memory = region.segment();
		memory.set(ValueLayout.JAVA_INT, ChannelDescriptor.VERSION_OFFSET, ChannelDescriptor.VERSION);
		memory.set(ValueLayout.JAVA_LONG, ChannelDescriptor.CAPACITY_OFFSET, capacity);
		memory.set(ValueLayout.JAVA_INT, ChannelDescriptor.MAX_MESSAGE_LENGTH_OFFSET, maxMessageLength);
		// the magic last: an attacher that sees it sees a complete header (the region is
		// zeroed: both locks free, the ring empty)
		INT.setVolatile(memory, ChannelDescriptor.MAGIC_OFFSET, ChannelDescriptor.MAGIC);
		return new Channel(region);
	}

	/**
	 * Opens a channel another JVM (or this one) created.
	 * @param name the region's name
	 * @return the channel; {@link #close()} it when done
	 * @throws java.io.UncheckedIOException if no such region exists
	 * @throws IllegalArgumentException if the region holds no channel
	 */
	public static Channel attach(String name) {
		SharedMemory region = SharedMemory.open(name);
		MemorySegment memory = region.segment();
		if (memory.byteSize() < RING_OFFSET
				|| (int) INT.getVolatile(memory, ChannelDescriptor.MAGIC_OFFSET) != ChannelDescriptor.MAGIC
				|| memory.get(ValueLayout.JAVA_INT, ChannelDescriptor.VERSION_OFFSET) != ChannelDescriptor.VERSION) {
			region.close();
			throw Checks.fail("name", name, "a region holding a channel of version " + ChannelDescriptor.VERSION);
		}
		long capacity = memory.get(ValueLayout.JAVA_LONG, ChannelDescriptor.CAPACITY_OFFSET);
		if (capacity <= 0 || (capacity & (capacity - 1)) != 0) {
			region.close();
			throw Checks.fail("name", name, "a channel whose capacity is a power of 2, not " + capacity);
		}
		Channel channel = new Channel(region);
		if (memory.byteSize() < ChannelDescriptor.regionSize((int) channel.capacity, channel.maxMessageLength)) {
			region.close();
			throw Checks.fail("name", name, "a region large enough for its channel");
		}
		return channel;
	}

	/**
	 * Pushes a message if the ring has room. Never waits (beyond the lock).
	 * @param message the payload
	 * @return false if the channel is full
	 * @throws IllegalArgumentException if longer than {@link #maxMessageLength()}
	 */
	public boolean push(byte[] message) {
		// not Checks.checkNotNull: it builds its message on every call, too dear here
		return push(Objects.requireNonNull(message, "message"), 0, message.length);
	}

	/**
	 * Pushes {@code length} bytes of {@code message} from {@code offset} if the ring has
	 * room.
	 * @param message the array
	 * @param offset where the payload starts
	 * @param length the payload's length
	 * @return false if the channel is full
	 * @throws IllegalArgumentException if longer than {@link #maxMessageLength()}
	 */
	public boolean push(byte[] message, int offset, int length) {
		checkLength(length);
		lock(PRODUCER_LOCK_OFFSET);
		try {
			long next = write(this.memory.get(ValueLayout.JAVA_LONG, TAIL_OFFSET), message, offset, length);
			if (next < 0) {
				add(REFUSED_OFFSET, 1);
				return false;
			}
			written(next, 1, length);
		}
		finally {
			unlock(PRODUCER_LOCK_OFFSET);
		}
		signal(POP_WAITERS_OFFSET, this.notEmpty);
		return true;
	}

	/**
	 * Pushes {@code messages[from]} to {@code messages[from + count - 1]} in order, as
	 * many as the ring has room for, under one taking of the producer lock: cheaper per
	 * message than {@link #push(byte[])} when a producer has several at hand. Consumers
	 * may take the first ones while the rest are still being written.
	 * @param messages the payloads
	 * @param from the index of the first to push
	 * @param count how many to push
	 * @return how many were pushed, from {@code messages[from]} on; fewer than
	 * {@code count} (0 included) if the ring filled up (counted as one refused push)
	 * @throws IllegalArgumentException if one is longer than {@link #maxMessageLength()}
	 * (then none is pushed)
	 * @throws IndexOutOfBoundsException if the range is not within {@code messages}
	 */
	public int pushAll(byte[][] messages, int from, int count) {
		Objects.checkFromIndexSize(from, count, messages.length);
		for (int i = from; i < from + count; i++) {
			checkLength(messages[i].length);
		}
		int pushed = 0;
		lock(PRODUCER_LOCK_OFFSET);
		try {
			long tail = this.memory.get(ValueLayout.JAVA_LONG, TAIL_OFFSET);
			long bytes = 0;
			for (; pushed < count; pushed++) {
				byte[] message = messages[from + pushed];
				long next = write(tail, message, 0, message.length);
				if (next < 0) {
					add(REFUSED_OFFSET, 1);
					break;
				}
				tail = next;
				bytes += message.length;
			}
			if (pushed > 0) {
				written(tail, pushed, bytes);
			}
		}
		finally {
			unlock(PRODUCER_LOCK_OFFSET);
		}
		if (pushed > 0) {
			signal(POP_WAITERS_OFFSET, this.notEmpty);
		}
		return pushed;
	}

	private void checkLength(int length) {
		if (length > this.maxMessageLength || length < 0) {
			throw Checks.fail("message length", length, "in [0, maxMessageLength " + this.maxMessageLength + "]");
		}
	}

	/**
	 * Writes and publishes one message at {@code tail} if the ring has room; the caller
	 * holds the producer lock and then moves {@code tail} ({@link #written}).
	 * @return the position after the message, or -1 if it does not fit
	 */
	private long write(long tail, byte[] message, int offset, int length) {
		int slot = ChannelDescriptor.slotLength(length);
		if (tail + slot - this.memory.get(ValueLayout.JAVA_LONG, HEAD_CACHE_OFFSET) > this.capacity) {
			long head = (long) LONG.getAcquire(this.memory, HEAD_OFFSET);
			this.memory.set(ValueLayout.JAVA_LONG, HEAD_CACHE_OFFSET, head);
			if (tail + slot - head > this.capacity) {
				return -1;
			}
		}
		long at = tail & this.mask;
		long next = next(tail, at, slot);
		if (next + this.ownAhead / 2 > this.memory.get(ValueLayout.JAVA_LONG, OWNED_OFFSET)) {
			ownAhead(next);
		}
		MemorySegment.copy(message, offset, this.memory, ValueLayout.JAVA_BYTE, RING_OFFSET + at + SLOT_HEADER, length);
		// the next slot's header: free space (at most a capacity is queued, the span is
		// twice that), cleared so that no consumer takes stale bytes for a message
		this.memory.set(ValueLayout.JAVA_INT, RING_OFFSET + (next & this.mask), 0);
		// release: publishes the slot to consumers, who look at the header, not at tail
		INT.setRelease(this.memory, RING_OFFSET + at, length + 1);
		return next;
	}

	/**
	 * Writes a zero into every line of the free bytes from {@code from} on (up to
	 * {@link ChannelDescriptor#OWN_AHEAD}, at most half the capacity), so that their
	 * ownership moves to this core in one batch instead of message by message (see
	 * {@link ChannelDescriptor}); the caller holds the producer lock. The bytes are free:
	 * {@code tail - head <= capacity} leaves a capacity after {@code tail}, and no
	 * consumer reads past the published header before {@code tail}.
	 */
	private void ownAhead(long from) {
		long owned = Math.max(this.memory.get(ValueLayout.JAVA_LONG, OWNED_OFFSET), from);
		long to = from + this.ownAhead;
		for (long line = (owned + ChannelDescriptor.LINE - 1)
				& -ChannelDescriptor.LINE; line < to; line += ChannelDescriptor.LINE) {
			this.memory.set(ValueLayout.JAVA_INT, RING_OFFSET + (line & this.mask), 0);
		}
		this.memory.set(ValueLayout.JAVA_LONG, OWNED_OFFSET, to);
	}

	/**
	 * Counts written messages and moves {@code tail} past them; the caller holds the
	 * producer lock. (A missed wake-up of a consumer counting itself just now costs it
	 * one short first sleep: see {@link #FIRST_SLICE_NANOS}.)
	 */
	private void written(long tail, long messages, long bytes) {
		add(PUSHED_OFFSET, messages);
		add(PUSHED_BYTES_OFFSET, bytes);
		LONG.setRelease(this.memory, TAIL_OFFSET, tail);
	}

	/**
	 * Pushes a message, waiting at most {@code timeout} for room.
	 * @param message the payload
	 * @param timeout the longest wait
	 * @return false if the channel stayed full
	 * @throws IllegalArgumentException if longer than {@link #maxMessageLength()}
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean push(byte[] message, Duration timeout) throws InterruptedException {
		Checks.checkNotNull(message, "message");
		Objects.requireNonNull(timeout, "timeout");
		if (push(message)) {
			// no clock read when there is room: a read of the clock costs more than a
			// push
			return true;
		}
		return waitFor(() -> push(message) ? Boolean.TRUE : null, PUSH_WAITERS_OFFSET, this.notFull, HEAD_OFFSET,
				timeout) != null;
	}

	/**
	 * The waiting part of {@link #push(byte[], Duration)} and {@link #pop(Duration)},
	 * after a first try failed: tries again, pausing, then sleeps on {@code word} until
	 * the other side moves or the deadline passes.
	 * @param attempt one try: its result, or null if it failed
	 * @param progressOffset the other side's position ({@code head} for a producer,
	 * {@code tail} for a consumer)
	 * @return the first result, or null at the deadline
	 */
	private <T> T waitFor(Supplier<T> attempt, long waitersOffset, MemorySegment word, long progressOffset,
			Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
		for (int spin = 0;; spin++) {
			// the other side's position only before a try that may end in a sleep: read
			// on every spin, its line would bounce and slow the very calls awaited
			long progress = (spin < WAIT_TRIES) ? 0 : (long) LONG.getVolatile(this.memory, progressOffset);
			T result = attempt.get();
			if (result != null) {
				return result;
			}
			if (spin < WAIT_TRIES) {
				pause(spin);
			}
			else if (!await(waitersOffset, word, progressOffset, progress, deadline, spin == WAIT_TRIES)) {
				return null;
			}
		}
	}

	/**
	 * Pops the oldest message if there is one.
	 * @return the message, or null if the channel is empty
	 */
	public byte[] pop() {
		byte[] message;
		lock(CONSUMER_LOCK_OFFSET);
		try {
			long head = this.memory.get(ValueLayout.JAVA_LONG, HEAD_OFFSET);
			int header = headerAt(head);
			if (header <= 0) {
				return null;
			}
			message = new byte[header - 1];
			taken(take(head, message, message.length), 1, message.length);
		}
		finally {
			unlock(CONSUMER_LOCK_OFFSET);
		}
		signal(PUSH_WAITERS_OFFSET, this.notFull);
		return message;
	}

	/**
	 * Pops the oldest message into {@code target} without allocating.
	 * @param target where the payload goes, from index 0
	 * @return the message's length, {@link #EMPTY}, or {@link #BUFFER_TOO_SMALL} (the
	 * message stays queued)
	 */
	public int pop(byte[] target) {
		Objects.requireNonNull(target, "target");
		int length;
		lock(CONSUMER_LOCK_OFFSET);
		try {
			long head = this.memory.get(ValueLayout.JAVA_LONG, HEAD_OFFSET);
			int header = headerAt(head);
			if (header <= 0) {
				return EMPTY;
			}
			length = header - 1;
			if (length > target.length) {
				return BUFFER_TOO_SMALL;
			}
			taken(take(head, target, length), 1, length);
		}
		finally {
			unlock(CONSUMER_LOCK_OFFSET);
		}
		signal(PUSH_WAITERS_OFFSET, this.notFull);
		return length;
	}

	/**
	 * Reads the header of the slot at {@code position}: its length plus 1 once published,
	 * else 0 (the producer that moved {@code tail} here cleared it).
	 */
	private int headerAt(long position) {
		return (int) INT.getAcquire(this.memory, RING_OFFSET + (position & this.mask));
	}

	/**
	 * Pops messages into {@code targets[0]}, {@code targets[1]}, ... under one taking of
	 * the consumer lock, until the channel is empty, every target is filled, or the next
	 * message is longer than its target (it stays queued): cheaper per message than
	 * {@link #pop(byte[])} when a consumer can take several.
	 * @param targets reusable buffers, each getting one message from index 0
	 * @param lengths gets each popped message's length, at the same index
	 * @return how many were popped, 0 if the channel is empty (or its next message does
	 * not fit {@code targets[0]}: {@link #pop(byte[])} tells which)
	 * @throws IllegalArgumentException if {@code lengths} is shorter than {@code targets}
	 */
	public int popAll(byte[][] targets, int[] lengths) {
		if (lengths.length < targets.length) {
			throw Checks.fail("lengths.length", lengths.length, ">= targets.length " + targets.length);
		}
		int popped = 0;
		lock(CONSUMER_LOCK_OFFSET);
		try {
			long head = this.memory.get(ValueLayout.JAVA_LONG, HEAD_OFFSET);
			long bytes = 0;
			for (; popped < targets.length; popped++) {
				int length = headerAt(head) - 1;
				if (length < 0 || length > targets[popped].length) {
					break;
				}
				head = take(head, targets[popped], length);
				lengths[popped] = length;
				bytes += length;
			}
			if (popped > 0) {
				taken(head, popped, bytes);
			}
		}
		finally {
			unlock(CONSUMER_LOCK_OFFSET);
		}
		if (popped > 0) {
			signal(PUSH_WAITERS_OFFSET, this.notFull);
		}
		return popped;
	}

	/**
	 * Copies the message at {@code head} out; the caller holds the consumer lock and then
	 * frees its slot ({@link #taken}). Consumers never write the ring.
	 * @return the position after the message
	 */
	private long take(long head, byte[] target, int length) {
		long at = head & this.mask;
		MemorySegment.copy(this.memory, ValueLayout.JAVA_BYTE, RING_OFFSET + at + SLOT_HEADER, target, 0, length);
		return next(head, at, ChannelDescriptor.slotLength(length));
	}

	/**
	 * Counts taken messages and moves {@code head} past them, which frees their slots for
	 * producers; the caller holds the consumer lock.
	 */
	private void taken(long head, long messages, long bytes) {
		add(POPPED_OFFSET, messages);
		add(POPPED_BYTES_OFFSET, bytes);
		LONG.setRelease(this.memory, HEAD_OFFSET, head);
	}

	/**
	 * Adds to a counter that only the holder of its side's lock writes.
	 */
	private void add(long offset, long delta) {
		this.memory.set(ValueLayout.JAVA_LONG, offset, this.memory.get(ValueLayout.JAVA_LONG, offset) + delta);
	}

	/**
	 * Pops the oldest message, waiting at most {@code timeout} for one.
	 * @param timeout the longest wait
	 * @return the message, or null if none came in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	public byte[] pop(Duration timeout) throws InterruptedException {
		Objects.requireNonNull(timeout, "timeout");
		byte[] first = pop();
		if (first != null) {
			// as in push(byte[], Duration): no clock read when a message is there
			return first;
		}
		return waitFor(this::pop, POP_WAITERS_OFFSET, this.notEmpty, TAIL_OFFSET, timeout);
	}

	/**
	 * Takes a side's lock: one CAS of the free word (0) to this process's pid.
	 */
	private void lock(long offset) {
		if (!LONG.compareAndSet(this.memory, offset, 0L, OWNER)) {
			lockContended(offset);
		}
	}

	private void lockContended(long offset) {
		for (int spin = 0;; spin++) {
			long holder = (long) LONG.getVolatile(this.memory, offset);
			if (holder == 0) {
				if (LONG.compareAndSet(this.memory, offset, 0L, OWNER)) {
					return;
				}
			}
			else if (spin < SPINS) {
				backOff(spin);
			}
			else {
				// held long: its holder is descheduled, or dead
				if ((spin - SPINS) % OWNER_CHECK_EVERY == OWNER_CHECK_EVERY - 1 && holder != OWNER
						&& !Native.isAlive((int) holder) && LONG.compareAndSet(this.memory, offset, holder, OWNER)) {
					logger.warn("{}: took over the {} lock of dead process {}", this,
							(offset == PRODUCER_LOCK_OFFSET) ? "producer" : "consumer", holder);
					finishDeadOwnersCall(offset);
					return;
				}
				LockSupport.parkNanos(LOCK_NAP_NANOS);
			}
		}
	}

	/**
	 * Completes the pushes that a process which died holding the producer lock had
	 * already published (their headers from {@code tail} on are set) but not yet counted
	 * in {@code tail}: a {@link #pushAll} may have published several. The walk ends at
	 * the header the last published message's producer cleared. Anything earlier in a
	 * push, and anything in a pop (which writes the ring not at all), is simply redone by
	 * the next caller; the dead call's messages may be missing from the counters.
	 */
	private void finishDeadOwnersCall(long lockOffset) {
		if (lockOffset == PRODUCER_LOCK_OFFSET) {
			long start = this.memory.get(ValueLayout.JAVA_LONG, TAIL_OFFSET);
			long tail = start;
			for (int header = headerAt(tail); header > 0 && tail - start < this.capacity; header = headerAt(tail)) {
				tail = next(tail, tail & this.mask, ChannelDescriptor.slotLength(header - 1));
			}
			if (tail != start) {
				LONG.setRelease(this.memory, TAIL_OFFSET, tail);
			}
		}
	}

	/**
	 * Frees a side's lock; its release store publishes what the holder wrote.
	 */
	private void unlock(long offset) {
		LONG.setRelease(this.memory, offset, 0L);
	}

	/**
	 * A waiting call's pause after its {@code tries}th failed try: see
	 * {@link #WAIT_TRIES}.
	 */
	private static void pause(int tries) {
		if (tries % WAIT_YIELD_EVERY == WAIT_YIELD_EVERY - 1) {
			Thread.yield();
			return;
		}
		for (int i = 0; i < WAIT_PAUSE; i++) {
			Thread.onSpinWait();
		}
	}

	private static void backOff(int spin) {
		if (spin % YIELD_EVERY == YIELD_EVERY - 1) {
			Thread.yield();
		}
		else {
			Thread.onSpinWait();
		}
	}

	/**
	 * Advances a position past a slot; a slot that reaches the end of the span (running
	 * into the overflow area) ends the lap.
	 */
	private long next(long position, long at, int slot) {
		return (at + slot >= this.span) ? position - at + this.span : position + slot;
	}

	/**
	 * Wakes one sleeper of {@code word} if its waiter count says there is one. The
	 * sleeper counts itself (a full fence) before it reads the caller's position; the
	 * caller's release store of that position may still be in flight when this read runs,
	 * so rarely both miss each other, which costs the sleeper its short first sleep.
	 */
	private void signal(long waitersOffset, MemorySegment word) {
		if ((int) INT.getVolatile(this.memory, waitersOffset) > 0) {
			addInt(word, 0L, 1);
			Native.futexWake(word, 1);
		}
	}

	/**
	 * Adds atomically to an int word (typed so that the exact VarHandle accepts it).
	 */
	private static int addInt(MemorySegment segment, long offset, int delta) {
		return (int) INT.getAndAdd(segment, offset, delta);
	}

	/**
	 * Sleeps on {@code word} until woken, the deadline, or a slice passes, unless the
	 * other side's progress counter moved since the caller's failed attempt.
	 * @param progressOffset the counter the other side bumps ({@code pushed} for a
	 * consumer, {@code popped} for a producer)
	 * @param progressSeen its value before the failed attempt
	 * @param first whether this is the call's first sleep (a short one)
	 * @return false once the deadline has passed
	 */
	private boolean await(long waitersOffset, MemorySegment word, long progressOffset, long progressSeen, long deadline,
			boolean first) throws InterruptedException {
		if (Thread.interrupted()) {
			throw new InterruptedException();
		}
		long left = deadline - System.nanoTime();
		if (left <= 0) {
			return false;
		}
		addInt(this.memory, waitersOffset, 1);
		try {
			int seen = (int) INT.getVolatile(word, 0L);
			if ((long) LONG.getVolatile(this.memory, progressOffset) == progressSeen) {
				Native.futexWait(word, seen, Math.min(left, first ? FIRST_SLICE_NANOS : SLICE_NANOS));
			}
		}
		finally {
			addInt(this.memory, waitersOffset, -1);
		}
		return true;
	}

	/**
	 * Returns the ring's size in bytes.
	 * @return the capacity
	 */
	public long capacity() {
		return this.capacity;
	}

	/**
	 * Returns the longest message accepted.
	 * @return bytes
	 */
	public int maxMessageLength() {
		return this.maxMessageLength;
	}

	/**
	 * Returns the region's name.
	 * @return the name, or null for an anonymous channel
	 */
	public String name() {
		return this.region.name();
	}

	/**
	 * Returns an exact snapshot of the fill, taken under both locks.
	 * @return messages and bytes queued, and the capacity
	 */
	public ChannelStats stats() {
		// always producer lock first: push and pop each take one lock, so no cycle
		lock(PRODUCER_LOCK_OFFSET);
		try {
			lock(CONSUMER_LOCK_OFFSET);
			try {
				return new ChannelStats(this.metric.queuedMessages(), this.metric.queuedBytes(), this.capacity,
						this.maxMessageLength);
			}
			finally {
				unlock(CONSUMER_LOCK_OFFSET);
			}
		}
		finally {
			unlock(PRODUCER_LOCK_OFFSET);
		}
	}

	/**
	 * Returns the channel's counters, shared by every JVM that uses it.
	 * @return the live metric view
	 */
	public ChannelMetric metric() {
		return this.metric;
	}

	/**
	 * Unmaps the channel in this JVM. Idempotent. Other JVMs keep using it.
	 */
	@Override
	public void close() {
		this.region.close();
	}

	/**
	 * Removes the channel's name, so no JVM can attach any more, and unmaps it here. JVMs
	 * that attached keep their mapping until they close.
	 */
	public void destroy() {
		this.region.unlink();
		close();
	}

	@Override
	public String toString() {
		return "Channel[" + (name() != null ? name() : "anonymous") + ", capacity=" + this.capacity + "]";
	}

	private final class Metric implements ChannelMetric {

		private long read(long offset) {
			return (long) LONG.getVolatile(Channel.this.memory, offset);
		}

		@Override
		public long capacity() {
			return Channel.this.capacity;
		}

		@Override
		public long queuedMessages() {
			// popped first: read the other way round, a pop in between could make it
			// negative
			long popped = read(POPPED_OFFSET);
			return Math.max(0, read(PUSHED_OFFSET) - popped);
		}

		@Override
		public long queuedBytes() {
			long popped = read(POPPED_BYTES_OFFSET);
			return Math.max(0, read(PUSHED_BYTES_OFFSET) - popped);
		}

		@Override
		public long pushed() {
			return read(PUSHED_OFFSET);
		}

		@Override
		public long popped() {
			return read(POPPED_OFFSET);
		}

		@Override
		public long pushesRefused() {
			return read(REFUSED_OFFSET);
		}

	}

}
