package io.swoole4j.ipc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.swoole4j.internal.Checks;
import io.swoole4j.internal.Native;
import io.swoole4j.internal.NativeIpc;

/**
 * A notification pipe on a Linux {@code eventfd}: Swoole's PipeEventfd. The kernel keeps
 * a 64-bit counter; {@link #write} adds to it, a read returns it and resets it to zero
 * (or, for a {@link #createSemaphore() semaphore} pipe, returns 1 and decrements by one).
 * It carries "something happened", not data.
 * <p>
 * Between JVMs: the creating JVM passes {@link Native#pid()} and {@link #fd()} to the
 * other one (e.g. on its command line), which calls {@link #attach(long, int)}; the
 * kernel duplicates the descriptor with {@code pidfd_getfd}, which it allows when the
 * attaching process may ptrace the creator (same user, no Yama restriction).
 * <p>
 * An eventfd cannot be registered with a {@link java.nio.channels.Selector}; a reactor
 * that wants readiness must poll {@link #fd()} itself.
 * <p>
 * Threading: any number of threads may read and write concurrently; the kernel serialises
 * them. Blocking calls wait in slices of at most 100 ms so that
 * {@link Thread#interrupt()} is noticed. Close only when no thread uses the pipe any
 * more.
 */
public final class EventPipe implements AutoCloseable {

	/**
	 * What a read returns when the counter stayed zero: a read never yields 0 otherwise.
	 */
	public static final long NOTHING = 0;

	/** The largest value the counter can hold (2^64 - 2). */
	public static final long MAX_COUNTER = 0xFFFFFFFFFFFFFFFEL;

	private static final int SLICE_MILLIS = 100;

	private static final ThreadLocal<MemorySegment> WORD = ThreadLocal
		.withInitial(() -> Arena.ofAuto().allocate(ValueLayout.JAVA_LONG));

	private final int fd;

	private final boolean semaphore;

	private final PipeCounters counters = new PipeCounters("event");

	private volatile boolean closed;

	private EventPipe(int fd, boolean semaphore) {
		this.fd = fd;
		this.semaphore = semaphore;
	}

	/**
	 * Creates a counter pipe: a read returns the whole counter and resets it.
	 * @return the pipe, owned by the caller
	 * @throws IllegalStateException if the kernel refuses (e.g. EMFILE)
	 */
	public static EventPipe create() {
		return open(0);
	}

	/**
	 * Creates a semaphore pipe: a read returns 1 and decrements the counter by one.
	 * @return the pipe, owned by the caller
	 * @throws IllegalStateException if the kernel refuses
	 */
	public static EventPipe createSemaphore() {
		return open(NativeIpc.EFD_SEMAPHORE);
	}

	private static EventPipe open(int flags) {
		int fd = NativeIpc.eventfd(0, flags | NativeIpc.EFD_NONBLOCK | NativeIpc.EFD_CLOEXEC);
		if (fd < 0) {
			throw new IllegalStateException("eventfd failed: errno " + -fd);
		}
		return new EventPipe(fd, flags == NativeIpc.EFD_SEMAPHORE);
	}

	/**
	 * Opens, in this process, the event pipe that process {@code pid} created as
	 * descriptor {@code fd}. Both then share one kernel counter.
	 * @param pid the creator's pid
	 * @param fd the creator's {@link #fd()}
	 * @param semaphore whether the creator made a semaphore pipe (reads then return 1;
	 * the flag lives in the kernel object, this only records it for
	 * {@link #isSemaphore()})
	 * @return this process's handle, to close when done (the creator's stays open)
	 * @throws IllegalStateException if the kernel refuses (no such process, not
	 * permitted, no such descriptor)
	 */
	public static EventPipe attach(long pid, int fd, boolean semaphore) {
		Checks.checkPositive(pid, "pid");
		Checks.checkPositiveOrZero(fd, "fd");
		int local = NativeIpc.importDescriptor((int) pid, fd);
		if (local < 0) {
			throw new IllegalStateException("Cannot import eventfd " + fd + " of process " + pid + ": errno " + -local);
		}
		return new EventPipe(local, semaphore);
	}

	/**
	 * Same as {@link #attach(long, int, boolean)} for a counter pipe.
	 * @param pid the creator's pid
	 * @param fd the creator's descriptor
	 * @return this process's handle
	 */
	public static EventPipe attach(long pid, int fd) {
		return attach(pid, fd, false);
	}

	/**
	 * Returns the descriptor in this process, for {@link #attach} by another process or
	 * for polling.
	 * @return the fd
	 */
	public int fd() {
		return this.fd;
	}

	/**
	 * Tells whether reads return 1 at a time.
	 * @return true for a semaphore pipe
	 */
	public boolean isSemaphore() {
		return this.semaphore;
	}

	/**
	 * Adds {@code value} to the counter, waiting while that would overflow it.
	 * @param value 1 to {@link #MAX_COUNTER}, read as unsigned
	 * @throws InterruptedException if interrupted while waiting for room
	 */
	public void write(long value) throws InterruptedException {
		while (!tryWrite(value)) {
			waitFor(NativeIpc.POLLOUT, SLICE_MILLIS);
		}
	}

	/**
	 * Adds {@code value} to the counter unless that would overflow it.
	 * @param value 1 to {@link #MAX_COUNTER}, read as unsigned
	 * @return false if the counter has no room for it (readers are behind)
	 */
	public boolean tryWrite(long value) {
		if (value == 0 || value == -1) {
			throw Checks.fail("value", Long.toUnsignedString(value), "1 to 2^64-2, unsigned");
		}
		checkOpen();
		MemorySegment word = WORD.get();
		word.set(ValueLayout.JAVA_LONG, 0, value);
		while (true) {
			int rc = NativeIpc.write(this.fd, word, 8);
			if (rc == 8) {
				this.counters.wrote(8);
				return true;
			}
			if (rc != -Native.EINTR) {
				if (rc == -Native.EAGAIN) {
					return false;
				}
				throw new IllegalStateException("eventfd write failed: errno " + -rc);
			}
		}
	}

	/**
	 * Waits until the counter is non-zero, then reads it.
	 * @return the counter (reset to 0), or 1 for a semaphore pipe
	 * @throws InterruptedException if interrupted while waiting
	 */
	public long read() throws InterruptedException {
		while (true) {
			long value = tryRead();
			if (value != NOTHING) {
				return value;
			}
			waitFor(NativeIpc.POLLIN, SLICE_MILLIS);
		}
	}

	/**
	 * Waits at most {@code timeout} for the counter to become non-zero.
	 * @param timeout the longest wait
	 * @return the counter (or 1 for a semaphore pipe), or {@link #NOTHING} after the
	 * timeout
	 * @throws InterruptedException if interrupted while waiting
	 */
	public long read(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long value = tryRead();
			if (value != NOTHING) {
				return value;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return NOTHING;
			}
			waitFor(NativeIpc.POLLIN, (int) Math.min(SLICE_MILLIS, TimeUnit.NANOSECONDS.toMillis(left) + 1));
		}
	}

	/**
	 * Reads the counter if it is non-zero, without waiting.
	 * @return the counter (or 1 for a semaphore pipe), or {@link #NOTHING}
	 */
	public long tryRead() {
		checkOpen();
		MemorySegment word = WORD.get();
		while (true) {
			int rc = NativeIpc.read(this.fd, word, 8);
			if (rc == 8) {
				this.counters.read(8);
				return word.get(ValueLayout.JAVA_LONG, 0);
			}
			if (rc == -Native.EAGAIN) {
				return NOTHING;
			}
			if (rc != -Native.EINTR) {
				throw new IllegalStateException("eventfd read failed: errno " + -rc);
			}
		}
	}

	private void waitFor(short events, int millis) throws InterruptedException {
		if (Thread.interrupted()) {
			throw new InterruptedException();
		}
		checkOpen();
		int rc = NativeIpc.poll(this.fd, events, millis);
		if (rc < 0 && rc != -Native.EINTR) {
			throw new IllegalStateException("poll on eventfd failed: errno " + -rc);
		}
	}

	private void checkOpen() {
		if (this.closed) {
			throw new IllegalStateException("EventPipe " + this.fd + " is closed");
		}
	}

	/**
	 * Returns this end's traffic.
	 * @return the live metric view
	 */
	public PipeMetric metric() {
		return this.counters;
	}

	/**
	 * Closes this process's descriptor. Idempotent. Other processes' handles stay valid.
	 */
	@Override
	public synchronized void close() {
		if (!this.closed) {
			this.closed = true;
			NativeIpc.close(this.fd);
		}
	}

	@Override
	public String toString() {
		return "EventPipe[fd=" + this.fd + (this.semaphore ? ", semaphore" : "") + "]";
	}

}
