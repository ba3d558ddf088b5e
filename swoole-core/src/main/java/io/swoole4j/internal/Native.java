package io.swoole4j.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The home of FFM downcalls into libc (Linux x86_64 and aarch64, glibc 2.34+).
 * <p>
 * Other classes of this package named {@code Native<Subsystem>} add downcalls of their
 * own through {@link #downcall} and {@link #downcallWithErrno}; nothing outside
 * {@code io.swoole4j.internal} touches {@link Linker}.
 * <p>
 * Every method is thread-safe. Methods that can fail return the raw result and leave the
 * errno of the calling thread in {@link #lastErrno()}.
 */
public final class Native {

	/** {@code EINTR}: a signal interrupted the call. */
	public static final int EINTR = 4;

	/** {@code EAGAIN}: try again (also {@code EWOULDBLOCK}). */
	public static final int EAGAIN = 11;

	/** {@code ETIMEDOUT}: a futex wait timed out. */
	public static final int ETIMEDOUT = 110;

	/** {@code ESRCH}: no such process. */
	public static final int ESRCH = 3;

	/** {@code EPERM}: operation not permitted. */
	public static final int EPERM = 1;

	private static final Linker LINKER = Linker.nativeLinker();

	private static final SymbolLookup LIBC = LINKER.defaultLookup();

	private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();

	private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"))
		.withInvokeExactBehavior();

	private static final ThreadLocal<MemorySegment> CAPTURE = ThreadLocal
		.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

	private static final ThreadLocal<MemorySegment> TIMESPEC = ThreadLocal
		.withInitial(() -> Arena.ofAuto().allocate(16, 8));

	private static final boolean AARCH64 = System.getProperty("os.arch", "").contains("aarch64");

	private static final long SYS_FUTEX = AARCH64 ? 98 : 202;

	private static final int FUTEX_WAIT = 0;

	private static final int FUTEX_WAKE = 1;

	private static final MethodHandle GETPID = downcall("getpid", FunctionDescriptor.of(ValueLayout.JAVA_INT),
			Linker.Option.critical(false));

	private static final MethodHandle KILL = downcallWithErrno("kill",
			FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

	// syscall is variadic: the syscall number is fixed, everything after it is variadic
	private static final MethodHandle SYSCALL_FUTEX = downcallWithErrno("syscall",
			FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
					ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
					ValueLayout.JAVA_INT),
			Linker.Option.firstVariadicArg(1));

	private static final int PID = (int) ProcessHandle.current().pid();

	private Native() {
	}

	/**
	 * Links a libc function.
	 * @param name the symbol
	 * @param descriptor its C signature
	 * @param options linker options
	 * @return the downcall handle
	 * @throws UnsatisfiedLinkError if libc has no such symbol
	 */
	public static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
		MemorySegment symbol = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
		return LINKER.downcallHandle(symbol, descriptor, options);
	}

	/**
	 * Links a libc function whose errno is captured: the handle takes the thread's
	 * capture segment ({@link #captureSegment()}) as an extra first argument.
	 * @param name the symbol
	 * @param descriptor its C signature
	 * @param options further linker options
	 * @return the downcall handle
	 */
	public static MethodHandle downcallWithErrno(String name, FunctionDescriptor descriptor, Linker.Option... options) {
		Linker.Option[] all = new Linker.Option[options.length + 1];
		all[0] = Linker.Option.captureCallState("errno");
		System.arraycopy(options, 0, all, 1, options.length);
		return downcall(name, descriptor, all);
	}

	/**
	 * Returns this thread's errno capture segment, to pass as the first argument of a
	 * handle made by {@link #downcallWithErrno}.
	 * @return the segment, reused by every call on this thread
	 */
	public static MemorySegment captureSegment() {
		return CAPTURE.get();
	}

	/**
	 * Returns the errno captured by the last {@link #downcallWithErrno} call on this
	 * thread.
	 * @return errno
	 */
	public static int lastErrno() {
		return (int) ERRNO.get(CAPTURE.get(), 0L);
	}

	/**
	 * Returns this process's id, cached.
	 * @return the pid
	 */
	public static int pid() {
		return PID;
	}

	/**
	 * Calls getpid(2) itself, for tests that check the cached value.
	 * @return the pid the kernel reports
	 */
	public static int getpid() {
		try {
			return (int) GETPID.invokeExact();
		}
		catch (Throwable ex) {
			throw new IllegalStateException("getpid failed", ex);
		}
	}

	/**
	 * Sends a signal with kill(2).
	 * @param pid the target process
	 * @param signal the signal number (0 checks existence)
	 * @return 0 on success, otherwise the errno ({@link #ESRCH}, {@link #EPERM}, ...)
	 */
	public static int kill(int pid, int signal) {
		try {
			int rc = (int) KILL.invokeExact(CAPTURE.get(), pid, signal);
			return rc == 0 ? 0 : lastErrno();
		}
		catch (Throwable ex) {
			throw new IllegalStateException("kill failed", ex);
		}
	}

	/**
	 * Tells whether a process exists: kill(pid, 0) succeeds or fails with EPERM. A pid of
	 * 0 or less is never alive.
	 * @param pid the process id
	 * @return true if a process with that pid exists
	 */
	public static boolean isAlive(int pid) {
		if (pid <= 0) {
			return false;
		}
		int rc = kill(pid, 0);
		return rc == 0 || rc == EPERM;
	}

	/**
	 * Sleeps on a 32-bit word while it holds {@code expected} (FUTEX_WAIT, shared across
	 * processes: no private flag).
	 * @param word a segment whose first 4 bytes are the futex word, 4-byte aligned
	 * @param expected the value that makes the caller sleep
	 * @param timeoutNanos the longest sleep; negative for none
	 * @return 0 when woken, otherwise the errno: {@link #EAGAIN} (the value differed),
	 * {@link #ETIMEDOUT}, or {@link #EINTR}
	 */
	public static int futexWait(MemorySegment word, int expected, long timeoutNanos) {
		MemorySegment timeout = MemorySegment.NULL;
		if (timeoutNanos >= 0) {
			timeout = TIMESPEC.get();
			timeout.set(ValueLayout.JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
			timeout.set(ValueLayout.JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
		}
		try {
			long rc = (long) SYSCALL_FUTEX.invokeExact(CAPTURE.get(), SYS_FUTEX, word, FUTEX_WAIT, expected, timeout,
					MemorySegment.NULL, 0);
			return rc == 0 ? 0 : lastErrno();
		}
		catch (Throwable ex) {
			throw new IllegalStateException("futex wait failed", ex);
		}
	}

	/**
	 * Wakes up to {@code count} sleepers of a futex word (FUTEX_WAKE, shared across
	 * processes).
	 * @param word a segment whose first 4 bytes are the futex word
	 * @param count the most sleepers to wake
	 * @return how many were woken, or a negative errno
	 */
	public static int futexWake(MemorySegment word, int count) {
		try {
			long rc = (long) SYSCALL_FUTEX.invokeExact(CAPTURE.get(), SYS_FUTEX, word, FUTEX_WAKE, count,
					MemorySegment.NULL, MemorySegment.NULL, 0);
			return rc >= 0 ? (int) rc : -lastErrno();
		}
		catch (Throwable ex) {
			throw new IllegalStateException("futex wake failed", ex);
		}
	}

}
