package io.swoole4j.ipc;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

import io.swoole4j.internal.Checks;
import io.swoole4j.internal.Native;
import io.swoole4j.internal.NativeIpc;

/**
 * A System V message queue (Swoole's MsgQueue), through FFM: {@code msgget},
 * {@code msgsnd}, {@code msgrcv}, {@code msgctl}. Linux only.
 * <p>
 * A message carries a type ({@code mtype} &gt; 0) and up to {@link #maxMessageLength()}
 * bytes (the kernel's {@code msgmax}, read from {@code /proc/sys/kernel/msgmax}); a
 * longer message is refused with {@link IllegalArgumentException}, never truncated.
 * Targeted delivery uses the type: a reader popping type {@code t > 0} only gets messages
 * pushed with type {@code t}; type 0 takes the oldest message of any type; a negative
 * type takes the lowest type &lt;= |t|. Messages of one type stay in FIFO order.
 * <p>
 * Processes meet by key: {@link #create(int)} on one side, {@link #open(int)} on the
 * other, or a key derived from a file with {@link #create(Path, int)} ({@code ftok}); a
 * {@link #createPrivate() private} queue is reached by its {@link #id()} with
 * {@link #attach(int)}. Queues are created owner-only (0600). A queue outlives every
 * process until {@link #destroy()}; {@link #close()} destroys only a private queue this
 * handle created.
 * <p>
 * Blocking {@link #push} waits while the queue holds {@code msg_qbytes}; blocking
 * {@link #pop} waits for a matching message. Both wait inside the kernel, so
 * {@link Thread#interrupt()} does not end the wait; {@link #destroy()} does (from any
 * process), and the waiter gets {@link IllegalStateException}. Signals (EINTR) are
 * retried.
 * <p>
 * Threading: every method may be called from any thread; the kernel serialises queue
 * operations across threads and processes.
 */
public final class MessageQueue implements AutoCloseable {

	private static final Path MSGMAX_FILE = Path.of("/proc/sys/kernel/msgmax");

	private static final int PERMISSIONS = 0600;

	private static final int MTYPE = 8;

	private static final int MSGMAX = readMsgmax();

	private static final ThreadLocal<MemorySegment> BUFFER = ThreadLocal
		.withInitial(() -> Arena.ofAuto().allocate(MTYPE + (long) MSGMAX, 8));

	private static final ThreadLocal<MemorySegment> STAT = ThreadLocal
		.withInitial(() -> Arena.ofAuto().allocate(NativeIpc.MSQID_DS_SIZE, 8));

	private final int id;

	private final int key;

	private final boolean ownsPrivate;

	private final Counters counters = new Counters();

	private volatile boolean destroyed;

	private MessageQueue(int id, int key, boolean ownsPrivate) {
		this.id = id;
		this.key = key;
		this.ownsPrivate = ownsPrivate;
	}

	private static int readMsgmax() {
		try {
			// not Files.readString: on this kernel it returns only the first byte of a
			// /proc/sys file ("8" for 8192), while a line reader reads to the end
			return Integer.parseInt(Files.readAllLines(MSGMAX_FILE).getFirst().trim());
		}
		catch (IOException | RuntimeException ex) {
			// Linux's compiled-in default, used when /proc is not readable
			return 8192;
		}
	}

	/**
	 * Returns the largest message the kernel accepts ({@code msgmax}).
	 * @return bytes
	 */
	public static int maxMessageLength() {
		return MSGMAX;
	}

	/**
	 * Creates the queue of {@code key}, or opens it if it exists.
	 * @param key a non-zero key agreed between the processes
	 * @return the handle
	 * @throws IllegalStateException if the kernel refuses (limit reached, permissions)
	 */
	public static MessageQueue create(int key) {
		if (key == NativeIpc.IPC_PRIVATE) {
			throw Checks.fail("key", key, "not 0 (IPC_PRIVATE); use createPrivate()");
		}
		return new MessageQueue(get(key, NativeIpc.IPC_CREAT | PERMISSIONS), key, false);
	}

	/**
	 * Creates or opens the queue whose key {@code ftok} derives from an existing file and
	 * a project id.
	 * @param path an existing file both processes can see
	 * @param projectId 1 to 127
	 * @return the handle
	 * @throws IllegalArgumentException if the file does not exist
	 * @throws IllegalStateException if the kernel refuses
	 */
	public static MessageQueue create(Path path, int projectId) {
		return create(keyOf(path, projectId));
	}

	/**
	 * Returns the key {@code ftok} derives from a file and a project id.
	 * @param path an existing file
	 * @param projectId 1 to 127
	 * @return the key
	 * @throws IllegalArgumentException if the file does not exist
	 */
	public static int keyOf(Path path, int projectId) {
		Checks.checkNotNull(path, "path");
		Checks.checkInRange(projectId, 1, 127, "projectId");
		int key = NativeIpc.ftok(path.toAbsolutePath().toString(), projectId);
		if (key < 0) {
			throw Checks.fail("path", path, "an existing file (ftok errno " + -key + ")");
		}
		return key;
	}

	/**
	 * Creates a queue no key reaches ({@code IPC_PRIVATE}); other processes use
	 * {@link #attach(int)} with its {@link #id()}. {@link #close()} destroys it.
	 * @return the handle
	 * @throws IllegalStateException if the kernel refuses
	 */
	public static MessageQueue createPrivate() {
		return new MessageQueue(get(NativeIpc.IPC_PRIVATE, NativeIpc.IPC_CREAT | PERMISSIONS), NativeIpc.IPC_PRIVATE,
				true);
	}

	/**
	 * Opens the existing queue of {@code key}.
	 * @param key the key
	 * @return the handle
	 * @throws IllegalStateException if no queue has that key, or access is denied
	 */
	public static MessageQueue open(int key) {
		return new MessageQueue(get(key, 0), key, false);
	}

	/**
	 * Uses an existing queue by id, e.g. a private queue of another process.
	 * @param id the queue id
	 * @return the handle
	 * @throws IllegalStateException if no such queue exists
	 */
	public static MessageQueue attach(int id) {
		Checks.checkPositiveOrZero(id, "id");
		MessageQueue queue = new MessageQueue(id, NativeIpc.IPC_PRIVATE, false);
		queue.stats();
		return queue;
	}

	private static int get(int key, int flags) {
		int id = NativeIpc.msgget(key, flags);
		if (id < 0) {
			throw new IllegalStateException("msgget(key " + key + ") failed: errno " + -id);
		}
		return id;
	}

	/**
	 * Returns the kernel's id of this queue.
	 * @return the id
	 */
	public int id() {
		return this.id;
	}

	/**
	 * Returns the key this handle was made with.
	 * @return the key, 0 for a private or attached queue
	 */
	public int key() {
		return this.key;
	}

	/**
	 * Pushes a message, waiting while the queue is full.
	 * @param type the message type, &gt; 0
	 * @param message at most {@link #maxMessageLength()} bytes
	 * @throws IllegalArgumentException for a bad type or a message over the limit
	 * @throws IllegalStateException if the queue was destroyed
	 */
	public void push(long type, byte[] message) {
		send(type, message, 0);
	}

	/**
	 * Pushes a message unless the queue is full.
	 * @param type the message type, &gt; 0
	 * @param message at most {@link #maxMessageLength()} bytes
	 * @return false if the queue is full
	 * @throws IllegalArgumentException for a bad type or a message over the limit
	 * @throws IllegalStateException if the queue was destroyed
	 */
	public boolean tryPush(long type, byte[] message) {
		return send(type, message, NativeIpc.IPC_NOWAIT);
	}

	private boolean send(long type, byte[] message, int flags) {
		Checks.checkPositive(type, "type");
		Checks.checkNotNull(message, "message");
		if (message.length > MSGMAX) {
			throw Checks.fail("message length", message.length, "<= msgmax " + MSGMAX + " (" + MSGMAX_FILE + ")");
		}
		MemorySegment buffer = BUFFER.get();
		buffer.set(ValueLayout.JAVA_LONG, 0, type);
		MemorySegment.copy(message, 0, buffer, ValueLayout.JAVA_BYTE, MTYPE, message.length);
		while (true) {
			int rc = NativeIpc.msgsnd(this.id, buffer, message.length, flags);
			if (rc == 0) {
				this.counters.pushed.increment();
				return true;
			}
			if (rc == -Native.EAGAIN) {
				this.counters.refused.increment();
				return false;
			}
			if (rc != -Native.EINTR) {
				throw failure("msgsnd", rc);
			}
		}
	}

	/**
	 * Pops the first message of {@code type}, waiting for one.
	 * @param type 0 for any type, &gt; 0 for exactly this type, &lt; 0 for the lowest
	 * type &lt;= |type|
	 * @return the message's bytes
	 * @throws IllegalStateException if the queue was destroyed, before or while waiting
	 */
	public byte[] pop(long type) {
		return receive(type, 0);
	}

	/**
	 * Pops the first message of {@code type} if one is queued.
	 * @param type as for {@link #pop(long)}
	 * @return the message's bytes, or null if none matches
	 * @throws IllegalStateException if the queue was destroyed
	 */
	public byte[] tryPop(long type) {
		return receive(type, NativeIpc.IPC_NOWAIT);
	}

	private byte[] receive(long type, int flags) {
		MemorySegment buffer = BUFFER.get();
		while (true) {
			int rc = NativeIpc.msgrcv(this.id, buffer, MSGMAX, type, flags);
			if (rc >= 0) {
				this.counters.popped.increment();
				return buffer.asSlice(MTYPE, rc).toArray(ValueLayout.JAVA_BYTE);
			}
			if (rc == -NativeIpc.ENOMSG || rc == -Native.EAGAIN) {
				return null;
			}
			if (rc != -Native.EINTR) {
				throw failure("msgrcv", rc);
			}
		}
	}

	/**
	 * Asks the kernel how full the queue is.
	 * @return messages and bytes queued, and the byte capacity
	 * @throws IllegalStateException if the queue no longer exists
	 */
	public MessageQueueStats stats() {
		MessageQueueStats stats = statsOrNull();
		if (stats == null) {
			throw new IllegalStateException("message queue " + this.id + " does not exist");
		}
		return stats;
	}

	/**
	 * Tells whether the queue still exists in the kernel.
	 * @return false once destroyed by any process
	 */
	public boolean exists() {
		return statsOrNull() != null;
	}

	private MessageQueueStats statsOrNull() {
		MemorySegment stat = STAT.get();
		if (NativeIpc.msgctl(this.id, NativeIpc.IPC_STAT, stat) < 0) {
			return null;
		}
		return new MessageQueueStats(stat.get(ValueLayout.JAVA_LONG, NativeIpc.MSQID_DS_QNUM),
				stat.get(ValueLayout.JAVA_LONG, NativeIpc.MSQID_DS_CBYTES),
				stat.get(ValueLayout.JAVA_LONG, NativeIpc.MSQID_DS_QBYTES));
	}

	/**
	 * Removes the queue from the system ({@code IPC_RMID}): queued messages are lost and
	 * processes waiting on it fail. Idempotent.
	 */
	public void destroy() {
		this.destroyed = true;
		int rc = NativeIpc.msgctl(this.id, NativeIpc.IPC_RMID, MemorySegment.NULL);
		if (rc < 0 && rc != -NativeIpc.EINVAL && rc != -NativeIpc.EIDRM) {
			throw failure("msgctl(IPC_RMID)", rc);
		}
	}

	/**
	 * Returns this handle's traffic and the queue's fill.
	 * @return the live metric view
	 */
	public MessageQueueMetric metric() {
		return this.counters;
	}

	/**
	 * Destroys a private queue this handle created; for any other queue does nothing (the
	 * queue lives on for the other processes until {@link #destroy()}).
	 */
	@Override
	public void close() {
		if (this.ownsPrivate && !this.destroyed) {
			destroy();
		}
	}

	private IllegalStateException failure(String call, int rc) {
		if (rc == -NativeIpc.EIDRM || rc == -NativeIpc.EINVAL) {
			return new IllegalStateException("message queue " + this.id + " was removed (" + call + ")");
		}
		return new IllegalStateException(call + " on message queue " + this.id + " failed: errno " + -rc);
	}

	@Override
	public String toString() {
		return "MessageQueue[id=" + this.id + ", key=" + this.key + "]";
	}

	private final class Counters implements MessageQueueMetric {

		final LongAdder pushed = new LongAdder();

		final LongAdder popped = new LongAdder();

		final LongAdder refused = new LongAdder();

		@Override
		public long pushed() {
			return this.pushed.sum();
		}

		@Override
		public long popped() {
			return this.popped.sum();
		}

		@Override
		public long pushesRefused() {
			return this.refused.sum();
		}

		@Override
		public long queuedMessages() {
			MessageQueueStats stats = statsOrNull();
			return (stats != null) ? stats.messages() : -1;
		}

		@Override
		public long queuedBytes() {
			MessageQueueStats stats = statsOrNull();
			return (stats != null) ? stats.bytes() : -1;
		}

	}

}
