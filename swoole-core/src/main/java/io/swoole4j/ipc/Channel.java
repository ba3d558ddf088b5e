package io.swoole4j.ipc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.swoole4j.internal.Checks;
import io.swoole4j.internal.Native;
import io.swoole4j.memory.SharedMemory;
import io.swoole4j.sync.Mutex;

import static io.swoole4j.ipc.ChannelDescriptor.BYTES_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.HEAD_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.MESSAGES_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.NOT_EMPTY_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.NOT_FULL_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.POPPED_OFFSET;
import static io.swoole4j.ipc.ChannelDescriptor.POP_WAITERS_OFFSET;
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
 * Every push and pop runs under one {@link Mutex} in the region, which recovers the lock
 * of a process that died holding it. A process killed in the middle of a push leaves the
 * ring consistent: the slot is written before the positions that publish it.
 * <p>
 * Threading: every method is thread-safe. {@link #close()} unmaps the region for this
 * JVM; call it once no thread of this JVM uses the channel.
 */
public final class Channel implements AutoCloseable {

	/** {@link #pop(byte[])} found no message. */
	public static final int EMPTY = -1;

	/** {@link #pop(byte[])}: the next message is longer than the buffer; it stays. */
	public static final int BUFFER_TOO_SMALL = -2;

	private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

	private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

	private static final ValueLayout.OfInt SLOT_LENGTH = ValueLayout.JAVA_INT;

	/**
	 * Tries of a waiting call before it sleeps: a peer on another core is often quick.
	 */
	private static final int SPINS = 100;

	/** The longest single sleep, so that interrupts are noticed. */
	private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private final SharedMemory region;

	private final MemorySegment memory;

	private final Mutex lock;

	private final long capacity;

	private final int maxMessageLength;

	private final MemorySegment notEmpty;

	private final MemorySegment notFull;

	private final Metric metric = new Metric();

	private Channel(SharedMemory region, Mutex lock) {
		this.region = region;
		this.memory = region.segment();
		this.lock = lock;
		this.capacity = this.memory.get(ValueLayout.JAVA_LONG, ChannelDescriptor.CAPACITY_OFFSET);
		this.maxMessageLength = this.memory.get(ValueLayout.JAVA_INT, ChannelDescriptor.MAX_MESSAGE_LENGTH_OFFSET);
		this.notEmpty = this.memory.asSlice(NOT_EMPTY_OFFSET, 4);
		this.notFull = this.memory.asSlice(NOT_FULL_OFFSET, 4);
	}

	/**
	 * Creates a channel in a named region that other JVMs can {@link #attach}. A region
	 * left under that name is replaced.
	 * @param name the region's name (see {@link SharedMemory#create})
	 * @param capacity ring bytes, 16 to 1 GiB (rounded up to a multiple of 8); each
	 * message takes its length plus 4, padded to 4
	 * @param maxMessageLength the longest message, at most {@code capacity - 4}
	 * @return the channel, owned by the caller
	 * @throws IllegalArgumentException for bad sizes or name
	 */
	public static Channel create(String name, int capacity, int maxMessageLength) {
		ChannelDescriptor.checkCapacity(capacity, maxMessageLength);
		int ring = ChannelDescriptor.alignCapacity(capacity);
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
		int ring = ChannelDescriptor.alignCapacity(capacity);
		return initialise(SharedMemory.anonymous(ChannelDescriptor.regionSize(ring, maxMessageLength)), ring,
				maxMessageLength);
	}

	private static Channel initialise(SharedMemory region, int capacity, int maxMessageLength) {
		MemorySegment memory = region.segment();
		memory.set(ValueLayout.JAVA_INT, ChannelDescriptor.VERSION_OFFSET, ChannelDescriptor.VERSION);
		memory.set(ValueLayout.JAVA_LONG, ChannelDescriptor.CAPACITY_OFFSET, capacity);
		memory.set(ValueLayout.JAVA_INT, ChannelDescriptor.MAX_MESSAGE_LENGTH_OFFSET, maxMessageLength);
		Mutex lock = Mutex.create(memory, ChannelDescriptor.LOCK_OFFSET);
		// the magic last: an attacher that sees it sees a complete header
		INT.setVolatile(memory, (long) ChannelDescriptor.MAGIC_OFFSET, ChannelDescriptor.MAGIC);
		return new Channel(region, lock);
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
				|| (int) INT.getVolatile(memory, (long) ChannelDescriptor.MAGIC_OFFSET) != ChannelDescriptor.MAGIC
				|| memory.get(ValueLayout.JAVA_INT, ChannelDescriptor.VERSION_OFFSET) != ChannelDescriptor.VERSION) {
			region.close();
			throw Checks.fail("name", name, "a region holding a channel of version " + ChannelDescriptor.VERSION);
		}
		Channel channel = new Channel(region, Mutex.attach(memory, ChannelDescriptor.LOCK_OFFSET));
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
		return push(Checks.checkNotNull(message, "message"), 0, message.length);
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
		if (length > this.maxMessageLength || length < 0) {
			throw Checks.fail("message length", length, "in [0, maxMessageLength " + this.maxMessageLength + "]");
		}
		int slot = ChannelDescriptor.slotLength(length);
		MemorySegment memory = this.memory;
		this.lock.lock();
		try {
			long head = memory.get(ValueLayout.JAVA_LONG, HEAD_OFFSET);
			long tail = memory.get(ValueLayout.JAVA_LONG, TAIL_OFFSET);
			if (tail + slot - head > this.capacity) {
				memory.set(ValueLayout.JAVA_LONG, REFUSED_OFFSET,
						memory.get(ValueLayout.JAVA_LONG, REFUSED_OFFSET) + 1);
				return false;
			}
			long at = tail % this.capacity;
			memory.set(SLOT_LENGTH, RING_OFFSET + at, length);
			MemorySegment.copy(message, offset, memory, ValueLayout.JAVA_BYTE, RING_OFFSET + at + SLOT_HEADER, length);
			memory.set(ValueLayout.JAVA_LONG, TAIL_OFFSET, next(tail, at, slot));
			memory.set(ValueLayout.JAVA_LONG, BYTES_OFFSET, memory.get(ValueLayout.JAVA_LONG, BYTES_OFFSET) + length);
			// volatile: read without the lock by pop's fast path and by sleepers
			LONG.setVolatile(memory, (long) MESSAGES_OFFSET, (long) LONG.get(memory, (long) MESSAGES_OFFSET) + 1);
			LONG.setVolatile(memory, (long) PUSHED_OFFSET, (long) LONG.get(memory, (long) PUSHED_OFFSET) + 1);
		}
		finally {
			this.lock.unlock();
		}
		signal(POP_WAITERS_OFFSET, this.notEmpty);
		return true;
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
		long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
		for (int spin = 0;; spin++) {
			long popped = (long) LONG.getVolatile(this.memory, (long) POPPED_OFFSET);
			if (push(message)) {
				return true;
			}
			if (spin < SPINS) {
				Thread.onSpinWait();
			}
			else if (!await(PUSH_WAITERS_OFFSET, this.notFull, POPPED_OFFSET, popped, deadline)) {
				return false;
			}
		}
	}

	/**
	 * Pops the oldest message if there is one.
	 * @return the message, or null if the channel is empty
	 */
	public byte[] pop() {
		if ((long) LONG.getVolatile(this.memory, (long) MESSAGES_OFFSET) == 0) {
			return null;
		}
		byte[] message;
		MemorySegment memory = this.memory;
		this.lock.lock();
		try {
			if (memory.get(ValueLayout.JAVA_LONG, MESSAGES_OFFSET) == 0) {
				return null;
			}
			long head = memory.get(ValueLayout.JAVA_LONG, HEAD_OFFSET);
			long at = head % this.capacity;
			int length = memory.get(SLOT_LENGTH, RING_OFFSET + at);
			message = new byte[length];
			MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, RING_OFFSET + at + SLOT_HEADER, message, 0, length);
			removeHead(memory, head, at, length);
		}
		finally {
			this.lock.unlock();
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
		Checks.checkNotNull(target, "target");
		if ((long) LONG.getVolatile(this.memory, (long) MESSAGES_OFFSET) == 0) {
			return EMPTY;
		}
		int length;
		MemorySegment memory = this.memory;
		this.lock.lock();
		try {
			if (memory.get(ValueLayout.JAVA_LONG, MESSAGES_OFFSET) == 0) {
				return EMPTY;
			}
			long head = memory.get(ValueLayout.JAVA_LONG, HEAD_OFFSET);
			long at = head % this.capacity;
			length = memory.get(SLOT_LENGTH, RING_OFFSET + at);
			if (length > target.length) {
				return BUFFER_TOO_SMALL;
			}
			MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, RING_OFFSET + at + SLOT_HEADER, target, 0, length);
			removeHead(memory, head, at, length);
		}
		finally {
			this.lock.unlock();
		}
		signal(PUSH_WAITERS_OFFSET, this.notFull);
		return length;
	}

	/**
	 * Pops the oldest message, waiting at most {@code timeout} for one.
	 * @param timeout the longest wait
	 * @return the message, or null if none came in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	public byte[] pop(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
		for (int spin = 0;; spin++) {
			long pushed = (long) LONG.getVolatile(this.memory, (long) PUSHED_OFFSET);
			byte[] message = pop();
			if (message != null) {
				return message;
			}
			if (spin < SPINS) {
				Thread.onSpinWait();
			}
			else if (!await(POP_WAITERS_OFFSET, this.notEmpty, PUSHED_OFFSET, pushed, deadline)) {
				return null;
			}
		}
	}

	private void removeHead(MemorySegment memory, long head, long at, int length) {
		memory.set(ValueLayout.JAVA_LONG, HEAD_OFFSET, next(head, at, ChannelDescriptor.slotLength(length)));
		memory.set(ValueLayout.JAVA_LONG, BYTES_OFFSET, memory.get(ValueLayout.JAVA_LONG, BYTES_OFFSET) - length);
		LONG.setVolatile(memory, (long) MESSAGES_OFFSET, (long) LONG.get(memory, (long) MESSAGES_OFFSET) - 1);
		LONG.setVolatile(memory, (long) POPPED_OFFSET, (long) LONG.get(memory, (long) POPPED_OFFSET) + 1);
	}

	/**
	 * Advances a position past a slot; a slot that reaches the end of the ring (running
	 * into the overflow area) ends the lap.
	 */
	private long next(long position, long at, int slot) {
		return (at + slot >= this.capacity) ? position - at + this.capacity : position + slot;
	}

	/**
	 * Wakes one sleeper of {@code word} if its waiter count says there is one. The
	 * caller's unlock (a CAS) orders its ring update before this read, and the sleeper
	 * counts itself before it checks the ring, so one of the two always sees the other.
	 */
	private void signal(long waitersOffset, MemorySegment word) {
		if ((int) INT.getVolatile(this.memory, waitersOffset) > 0) {
			INT.getAndAdd(word, 0L, 1);
			Native.futexWake(word, 1);
		}
	}

	/**
	 * Sleeps on {@code word} until woken, the deadline, or a slice passes, unless the
	 * other side's progress counter moved since the caller's failed attempt.
	 * @param progressOffset the counter the other side bumps ({@code pushed} for a
	 * consumer, {@code popped} for a producer)
	 * @param progressSeen its value before the failed attempt
	 * @return false once the deadline has passed
	 */
	private boolean await(long waitersOffset, MemorySegment word, long progressOffset, long progressSeen, long deadline)
			throws InterruptedException {
		if (Thread.interrupted()) {
			throw new InterruptedException();
		}
		long left = deadline - System.nanoTime();
		if (left <= 0) {
			return false;
		}
		INT.getAndAdd(this.memory, waitersOffset, 1);
		try {
			int seen = (int) INT.getVolatile(word, 0L);
			if ((long) LONG.getVolatile(this.memory, progressOffset) == progressSeen) {
				Native.futexWait(word, seen, Math.min(left, SLICE_NANOS));
			}
		}
		finally {
			INT.getAndAdd(this.memory, waitersOffset, -1);
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
	 * Returns an exact snapshot of the fill, taken under the lock.
	 * @return messages and bytes queued, and the capacity
	 */
	public ChannelStats stats() {
		this.lock.lock();
		try {
			return new ChannelStats(this.memory.get(ValueLayout.JAVA_LONG, MESSAGES_OFFSET),
					this.memory.get(ValueLayout.JAVA_LONG, BYTES_OFFSET), this.capacity, this.maxMessageLength);
		}
		finally {
			this.lock.unlock();
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
			return read(MESSAGES_OFFSET);
		}

		@Override
		public long queuedBytes() {
			return read(BYTES_OFFSET);
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
