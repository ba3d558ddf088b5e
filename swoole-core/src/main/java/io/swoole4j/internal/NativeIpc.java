package io.swoole4j.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * FFM downcalls for the IPC subsystem: eventfd, read/write/poll/close on raw descriptors,
 * pidfd_open/pidfd_getfd to import a descriptor of another process, and the System V
 * message queue calls (msgget, msgsnd, msgrcv, msgctl, ftok). Linux x86_64 and aarch64,
 * glibc 2.34+.
 * <p>
 * Every method is thread-safe and returns the C result when it is &gt;= 0, otherwise
 * {@code -errno}, so callers never read errno separately. None retries on
 * {@link Native#EINTR}: the caller decides.
 */
public final class NativeIpc {

	/** {@code EFD_SEMAPHORE}: each read returns 1 and decrements by one. */
	public static final int EFD_SEMAPHORE = 1;

	/** {@code EFD_NONBLOCK} (same value as {@code O_NONBLOCK}). */
	public static final int EFD_NONBLOCK = 04000;

	/** {@code EFD_CLOEXEC}: child processes do not inherit the descriptor. */
	public static final int EFD_CLOEXEC = 02000000;

	/** {@code IPC_PRIVATE}: a key that always makes a new queue. */
	public static final int IPC_PRIVATE = 0;

	/** {@code IPC_CREAT}. */
	public static final int IPC_CREAT = 01000;

	/** {@code IPC_NOWAIT}: fail with EAGAIN / ENOMSG instead of blocking. */
	public static final int IPC_NOWAIT = 04000;

	/** {@code IPC_RMID}: remove the queue. */
	public static final int IPC_RMID = 0;

	/** {@code IPC_STAT}: copy the queue's {@code struct msqid_ds}. */
	public static final int IPC_STAT = 2;

	/** {@code POLLIN}. */
	public static final short POLLIN = 1;

	/** {@code POLLOUT}. */
	public static final short POLLOUT = 4;

	/** {@code ENOENT}: no such queue for a key. */
	public static final int ENOENT = 2;

	/** {@code EBADF}. */
	public static final int EBADF = 9;

	/** {@code EINVAL}: for message queues also "the queue was removed". */
	public static final int EINVAL = 22;

	/** {@code E2BIG}: message longer than the receive buffer. */
	public static final int E2BIG = 7;

	/** {@code ENOMSG}: no message of the wanted type and IPC_NOWAIT was given. */
	public static final int ENOMSG = 42;

	/** {@code EIDRM}: the queue was removed while the caller waited. */
	public static final int EIDRM = 43;

	/**
	 * Size of {@code struct msqid_ds} on x86_64 and aarch64 glibc (checked with
	 * {@code sizeof} on this platform: 120).
	 */
	public static final int MSQID_DS_SIZE = 120;

	/** Offset of {@code __msg_cbytes} (bytes queued) in {@code struct msqid_ds}. */
	public static final int MSQID_DS_CBYTES = 72;

	/** Offset of {@code msg_qnum} (messages queued). */
	public static final int MSQID_DS_QNUM = 80;

	/** Offset of {@code msg_qbytes} (the queue's byte limit). */
	public static final int MSQID_DS_QBYTES = 88;

	// the same numbers on x86_64 and aarch64: both come from the unified syscall table
	private static final long SYS_PIDFD_OPEN = 434;

	private static final long SYS_PIDFD_GETFD = 438;

	private static final MethodHandle EVENTFD = Native.downcallWithErrno("eventfd",
			FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

	private static final MethodHandle READ = Native.downcallWithErrno("read", FunctionDescriptor
		.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));

	private static final MethodHandle WRITE = Native.downcallWithErrno("write", FunctionDescriptor
		.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));

	private static final MethodHandle CLOSE = Native.downcallWithErrno("close",
			FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

	private static final MethodHandle POLL = Native.downcallWithErrno("poll", FunctionDescriptor
		.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));

	// syscall is variadic; pidfd_open(pid, flags) and pidfd_getfd(pidfd, fd, flags)
	private static final MethodHandle SYSCALL_3 = Native.downcallWithErrno("syscall",
			FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
					ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
			Linker.Option.firstVariadicArg(1));

	private static final MethodHandle MSGGET = Native.downcallWithErrno("msgget",
			FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

	private static final MethodHandle MSGSND = Native.downcallWithErrno("msgsnd",
			FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
					ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));

	private static final MethodHandle MSGRCV = Native.downcallWithErrno("msgrcv",
			FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
					ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));

	private static final MethodHandle MSGCTL = Native.downcallWithErrno("msgctl", FunctionDescriptor
		.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

	private static final MethodHandle FTOK = Native.downcallWithErrno("ftok",
			FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

	private static final ThreadLocal<MemorySegment> POLLFD = ThreadLocal
		.withInitial(() -> Arena.ofAuto().allocate(8, 4));

	private NativeIpc() {
	}

	private static int result(long rc) {
		return rc >= 0 ? (int) Math.min(rc, Integer.MAX_VALUE) : -Native.lastErrno();
	}

	private static IllegalStateException failure(String call, Throwable ex) {
		return new IllegalStateException(call + " failed", ex);
	}

	/**
	 * Creates an eventfd.
	 * @param initialValue the counter's start value
	 * @param flags {@link #EFD_SEMAPHORE}, {@link #EFD_NONBLOCK}, {@link #EFD_CLOEXEC}
	 * @return the descriptor or {@code -errno}
	 */
	public static int eventfd(int initialValue, int flags) {
		try {
			return result((int) EVENTFD.invokeExact(Native.captureSegment(), initialValue, flags));
		}
		catch (Throwable ex) {
			throw failure("eventfd", ex);
		}
	}

	/**
	 * read(2) into native memory.
	 * @param fd the descriptor
	 * @param buffer where to read
	 * @param length at most this many bytes
	 * @return bytes read (0 at end of file) or {@code -errno}
	 */
	public static int read(int fd, MemorySegment buffer, long length) {
		try {
			return result((long) READ.invokeExact(Native.captureSegment(), fd, buffer, length));
		}
		catch (Throwable ex) {
			throw failure("read", ex);
		}
	}

	/**
	 * write(2) from native memory.
	 * @param fd the descriptor
	 * @param buffer what to write
	 * @param length how many bytes
	 * @return bytes written or {@code -errno}
	 */
	public static int write(int fd, MemorySegment buffer, long length) {
		try {
			return result((long) WRITE.invokeExact(Native.captureSegment(), fd, buffer, length));
		}
		catch (Throwable ex) {
			throw failure("write", ex);
		}
	}

	/**
	 * close(2).
	 * @param fd the descriptor
	 * @return 0 or {@code -errno}
	 */
	public static int close(int fd) {
		try {
			return result((int) CLOSE.invokeExact(Native.captureSegment(), fd));
		}
		catch (Throwable ex) {
			throw failure("close", ex);
		}
	}

	/**
	 * poll(2) on one descriptor.
	 * @param fd the descriptor
	 * @param events {@link #POLLIN} and/or {@link #POLLOUT}
	 * @param timeoutMillis the longest wait; negative waits forever
	 * @return the revents (0 on timeout) or {@code -errno}
	 */
	public static int poll(int fd, short events, int timeoutMillis) {
		MemorySegment pollfd = POLLFD.get();
		pollfd.set(ValueLayout.JAVA_INT, 0, fd);
		pollfd.set(ValueLayout.JAVA_SHORT, 4, events);
		pollfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
		try {
			int rc = (int) POLL.invokeExact(Native.captureSegment(), pollfd, 1L, timeoutMillis);
			if (rc <= 0) {
				return rc == 0 ? 0 : -Native.lastErrno();
			}
			return pollfd.get(ValueLayout.JAVA_SHORT, 6) & 0xFFFF;
		}
		catch (Throwable ex) {
			throw failure("poll", ex);
		}
	}

	/**
	 * Duplicates a descriptor of another process into this one: pidfd_open(pid) then
	 * pidfd_getfd(pidfd, fd). The kernel allows it when this process may ptrace the other
	 * (same user, and no Yama restriction, or this process is an ancestor).
	 * @param pid the process that owns the descriptor
	 * @param fd its descriptor number in that process
	 * @return the new descriptor in this process or {@code -errno}
	 */
	public static int importDescriptor(int pid, int fd) {
		try {
			long pidfd = (long) SYSCALL_3.invokeExact(Native.captureSegment(), SYS_PIDFD_OPEN, pid, 0, 0);
			if (pidfd < 0) {
				return -Native.lastErrno();
			}
			long copy = (long) SYSCALL_3.invokeExact(Native.captureSegment(), SYS_PIDFD_GETFD, (int) pidfd, fd, 0);
			int rc = result(copy);
			close((int) pidfd);
			return rc;
		}
		catch (Throwable ex) {
			throw failure("pidfd_getfd", ex);
		}
	}

	/**
	 * msgget(2).
	 * @param key the key, or {@link #IPC_PRIVATE}
	 * @param flags {@link #IPC_CREAT} and permission bits
	 * @return the queue id or {@code -errno}
	 */
	public static int msgget(int key, int flags) {
		try {
			return result((int) MSGGET.invokeExact(Native.captureSegment(), key, flags));
		}
		catch (Throwable ex) {
			throw failure("msgget", ex);
		}
	}

	/**
	 * msgsnd(2).
	 * @param queueId the queue
	 * @param message {@code long mtype} followed by the text
	 * @param textLength the text's length (mtype excluded)
	 * @param flags 0 or {@link #IPC_NOWAIT}
	 * @return 0 or {@code -errno}
	 */
	public static int msgsnd(int queueId, MemorySegment message, long textLength, int flags) {
		try {
			return result((int) MSGSND.invokeExact(Native.captureSegment(), queueId, message, textLength, flags));
		}
		catch (Throwable ex) {
			throw failure("msgsnd", ex);
		}
	}

	/**
	 * msgrcv(2).
	 * @param queueId the queue
	 * @param message receives {@code long mtype} followed by the text
	 * @param maxTextLength room for the text
	 * @param type 0 any, &gt; 0 exactly this type, &lt; 0 lowest type &lt;= |type|
	 * @param flags 0 or {@link #IPC_NOWAIT}
	 * @return the text's length or {@code -errno}
	 */
	public static int msgrcv(int queueId, MemorySegment message, long maxTextLength, long type, int flags) {
		try {
			return result(
					(long) MSGRCV.invokeExact(Native.captureSegment(), queueId, message, maxTextLength, type, flags));
		}
		catch (Throwable ex) {
			throw failure("msgrcv", ex);
		}
	}

	/**
	 * msgctl(2).
	 * @param queueId the queue
	 * @param command {@link #IPC_STAT} or {@link #IPC_RMID}
	 * @param buffer a {@link #MSQID_DS_SIZE}-byte {@code struct msqid_ds}, or
	 * {@link MemorySegment#NULL}
	 * @return 0 or {@code -errno}
	 */
	public static int msgctl(int queueId, int command, MemorySegment buffer) {
		try {
			return result((int) MSGCTL.invokeExact(Native.captureSegment(), queueId, command, buffer));
		}
		catch (Throwable ex) {
			throw failure("msgctl", ex);
		}
	}

	/**
	 * ftok(3): a System V key from an existing file and a project id.
	 * @param path the file's path
	 * @param projectId the low 8 bits are used, must not be 0
	 * @return the key or {@code -errno} (the key is never negative for real files with
	 * project ids below 128)
	 */
	public static int ftok(String path, int projectId) {
		try (Arena arena = Arena.ofConfined()) {
			int key = (int) FTOK.invokeExact(Native.captureSegment(), arena.allocateFrom(path), projectId);
			return key == -1 ? -Native.lastErrno() : key;
		}
		catch (Throwable ex) {
			throw failure("ftok", ex);
		}
	}

}
