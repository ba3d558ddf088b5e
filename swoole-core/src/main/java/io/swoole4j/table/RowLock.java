package io.swoole4j.table;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.internal.Native;

/**
 * A process-shared lock that is one 64-bit word in shared memory: 0 is free, otherwise
 * the owner {@code pid << 32 | thread tag}. Kept small and package-private so that it can
 * be swapped for the {@code io.swoole4j.sync} primitives later.
 * <p>
 * Taking it: one CAS from 0; under contention a bounded spin ({@value #SPIN_LIMIT} rounds
 * of {@link Thread#onSpinWait()}), then {@link Thread#yield()}, then parking with a
 * back-off up to {@value #MAX_PARK_MICROS} µs. A holder only ever runs a few hundred
 * nanoseconds of table code, so no futex is needed. While it waits, every
 * {@value #OWNER_CHECK_MILLIS} ms the waiter checks the owner with
 * {@link Native#isAlive(int)} and {@code /proc/<pid>/stat} (a zombie is dead): a dead
 * owner's lock is taken over with a warning, so a killed worker blocks others for about
 * that long, well inside Swoole's 2 s.
 * <p>
 * Unlike Swoole, a live owner is never forced out after 2 s: that would let two writers
 * into one row (a GC pause of the holder is enough), so a live owner is waited for and
 * reported once per wait after {@value #FORCE_WARN_MILLIS} ms.
 * <p>
 * Not reentrant: taking a lock this thread already holds throws
 * {@link IllegalStateException} rather than deadlocking.
 */
final class RowLock {

	static final int SPIN_LIMIT = 1024;

	static final int YIELD_LIMIT = 64;

	static final long MAX_PARK_MICROS = 1000;

	static final long OWNER_CHECK_MILLIS = 10;

	static final long FORCE_WARN_MILLIS = 2000;

	private static final Logger logger = LoggerFactory.getLogger(RowLock.class);

	private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle().withInvokeExactBehavior();

	private RowLock() {
	}

	/**
	 * Returns the calling thread's owner word.
	 * @return {@code pid << 32 | (thread id & 0xffffffff)}, never 0
	 */
	static long ownerTag() {
		return ((long) Native.pid() << 32) | (Thread.currentThread().threadId() & 0xffff_ffffL);
	}

	/**
	 * Takes the lock.
	 * @param segment the region
	 * @param offset the lock word, 8-byte aligned
	 * @param tag the caller's {@link #ownerTag()}
	 * @return true if the lock was taken over from a dead owner, whose changes may be
	 * half done
	 */
	static boolean lock(MemorySegment segment, long offset, long tag) {
		if (LONG.compareAndSet(segment, offset, 0L, tag)) {
			return false;
		}
		return lockContended(segment, offset, tag);
	}

	/**
	 * Tries to take the lock once.
	 * @param segment the region
	 * @param offset the lock word
	 * @param tag the caller's tag
	 * @return true if taken
	 */
	static boolean tryLock(MemorySegment segment, long offset, long tag) {
		return LONG.compareAndSet(segment, offset, 0L, tag);
	}

	/**
	 * Releases the lock; only its holder may call this.
	 * @param segment the region
	 * @param offset the lock word
	 */
	static void unlock(MemorySegment segment, long offset) {
		LONG.setRelease(segment, offset, 0L);
	}

	/**
	 * Returns the current owner word.
	 * @param segment the region
	 * @param offset the lock word
	 * @return 0 if free
	 */
	static long owner(MemorySegment segment, long offset) {
		return (long) LONG.getVolatile(segment, offset);
	}

	/**
	 * Tells whether a process is gone: no such pid, or a zombie that its parent has not
	 * reaped yet (kill(pid, 0) still succeeds for a zombie).
	 */
	static boolean isDead(int pid) {
		if (!Native.isAlive(pid)) {
			return true;
		}
		try {
			String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
			int end = stat.lastIndexOf(')');
			return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
		}
		catch (IOException | RuntimeException ex) {
			// no /proc (or the process vanished meanwhile): kill(pid, 0) has the last
			// word
			return !Native.isAlive(pid);
		}
	}

	private static boolean lockContended(MemorySegment segment, long offset, long tag) {
		long start = System.nanoTime();
		long nextOwnerCheck = start + TimeUnit.MILLISECONDS.toNanos(OWNER_CHECK_MILLIS);
		boolean warned = false;
		long parkMicros = 1;
		for (int round = 0;; round++) {
			long owner = (long) LONG.getVolatile(segment, offset);
			if (owner == 0) {
				if (LONG.compareAndSet(segment, offset, 0L, tag)) {
					return false;
				}
				continue;
			}
			if (owner == tag) {
				throw new IllegalStateException("row lock already held by this thread");
			}
			if (round < SPIN_LIMIT) {
				Thread.onSpinWait();
				continue;
			}
			if (round < SPIN_LIMIT + YIELD_LIMIT) {
				Thread.yield();
				continue;
			}
			LockSupport.parkNanos(parkMicros * 1000);
			parkMicros = Math.min(MAX_PARK_MICROS, parkMicros * 2);
			long now = System.nanoTime();
			if (now - nextOwnerCheck >= 0) {
				nextOwnerCheck = now + TimeUnit.MILLISECONDS.toNanos(OWNER_CHECK_MILLIS);
				int pid = (int) (owner >>> 32);
				if (pid != Native.pid() && !Native.isAlive(pid) && LONG.compareAndSet(segment, offset, owner, tag)) {
					logger.warn("Recovered a table lock held by dead process {} after {} ms", pid,
							TimeUnit.NANOSECONDS.toMillis(now - start));
					return true;
				}
				if (!warned && now - start > TimeUnit.MILLISECONDS.toNanos(FORCE_WARN_MILLIS)) {
					warned = true;
					logger.warn("Waiting more than {} ms for a table lock held by live process {}", FORCE_WARN_MILLIS,
							pid);
				}
			}
		}
	}

}
