package io.swoole4j.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.swoole4j.internal.Checks;

/**
 * A read-write lock on a whole file, shared with other processes that lock the same file
 * (Swoole's {@code SWOOLE_FILELOCK}, there an {@code fcntl} lock).
 * <p>
 * Java's file locks belong to the JVM, not to a thread, so the lock is two-level: an
 * in-JVM {@link ReentrantReadWriteLock} orders this JVM's threads, and the holder(s) then
 * take the OS lock with {@link FileChannel#tryLock(long, long, boolean)} (readers of this
 * JVM share one shared OS lock). Waiting for another process polls the OS lock, backing
 * off from 1 to 10 ms, so a cross-process hand-over takes up to ~10 ms; the kernel frees
 * the locks of a process that dies, so no recovery is needed.
 * <p>
 * Not reentrant: a thread that holds the lock (read or write) and asks again gets
 * {@link IllegalStateException}. Only the writer can {@link #unlock()}, only a reader
 * {@link #unlockRead()}; otherwise {@link IllegalMonitorStateException}. Interrupts are
 * ignored while waiting and kept for the caller. Close the lock when done: that releases
 * the file.
 */
public final class FileLock implements Lock, AutoCloseable {

	private static final long MIN_BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

	private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final Path path;

	private final FileChannel channel;

	private final ReentrantReadWriteLock jvmLock = new ReentrantReadWriteLock();

	private final ReentrantLock osGuard = new ReentrantLock();

	private final LongAdder acquisitions = new LongAdder();

	private final LongAdder contended = new LongAdder();

	private final LockMetric metric;

	private java.nio.channels.FileLock osLock;

	private int osReaders;

	private FileLock(Path path, FileChannel channel) {
		this.path = path;
		this.channel = channel;
		this.metric = new SuppliedLockMetric(this.acquisitions::sum, this.contended::sum, () -> 0L);
	}

	/**
	 * Opens the lock file, creating it (mode 0600) if needed. Every process that opens
	 * the same path shares the lock.
	 * @param path the file
	 * @return the lock, free as far as this JVM is concerned
	 * @throws UncheckedIOException if the file cannot be opened
	 */
	public static FileLock open(Path path) {
		Checks.checkNotNull(path, "path");
		try {
			FileChannel channel;
			try {
				channel = FileChannel.open(path,
						EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE),
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			catch (FileAlreadyExistsException ex) {
				channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
			}
			return new FileLock(path, channel);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot open lock file " + path, ex);
		}
	}

	/**
	 * Returns the lock file.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	@Override
	public void lock() {
		acquireWrite(false, 0L);
	}

	@Override
	public boolean tryLock() {
		checkNotHolder();
		if (!this.jvmLock.writeLock().tryLock()) {
			return false;
		}
		if (lockFile(false, true, System.nanoTime())) {
			this.acquisitions.increment();
			return true;
		}
		this.jvmLock.writeLock().unlock();
		return false;
	}

	@Override
	public boolean lock(Duration timeout) {
		return acquireWrite(true, Timeouts.deadline(timeout));
	}

	private boolean acquireWrite(boolean timed, long deadline) {
		checkNotHolder();
		if (this.jvmLock.writeLock().tryLock()) {
			if (lockFile(false, true, System.nanoTime())) {
				this.acquisitions.increment();
				return true;
			}
			this.contended.increment();
		}
		else {
			this.contended.increment();
			if (!lockInJvm(this.jvmLock.writeLock(), timed, deadline)) {
				return false;
			}
		}
		if (!lockFile(false, timed, deadline)) {
			this.jvmLock.writeLock().unlock();
			return false;
		}
		this.acquisitions.increment();
		return true;
	}

	@Override
	public void unlock() {
		if (!this.jvmLock.isWriteLockedByCurrentThread()) {
			throw new IllegalMonitorStateException("FileLock " + this.path + " is not write-locked by this thread");
		}
		releaseFile();
		this.jvmLock.writeLock().unlock();
	}

	@Override
	public void lockRead() {
		acquireRead(false, 0L);
	}

	@Override
	public boolean tryLockRead() {
		checkNotHolder();
		if (!this.jvmLock.readLock().tryLock()) {
			return false;
		}
		if (enterFileRead(true, System.nanoTime())) {
			this.acquisitions.increment();
			return true;
		}
		this.jvmLock.readLock().unlock();
		return false;
	}

	@Override
	public boolean lockRead(Duration timeout) {
		return acquireRead(true, Timeouts.deadline(timeout));
	}

	private boolean acquireRead(boolean timed, long deadline) {
		checkNotHolder();
		if (!this.jvmLock.readLock().tryLock()) {
			this.contended.increment();
			if (!lockInJvm(this.jvmLock.readLock(), timed, deadline)) {
				return false;
			}
		}
		if (!enterFileRead(timed, deadline)) {
			this.jvmLock.readLock().unlock();
			return false;
		}
		this.acquisitions.increment();
		return true;
	}

	private boolean enterFileRead(boolean timed, long deadline) {
		if (!lockInJvm(this.osGuard, timed, deadline)) {
			return false;
		}
		try {
			if (this.osReaders == 0 && !lockFile(true, timed, deadline)) {
				return false;
			}
			this.osReaders++;
			return true;
		}
		finally {
			this.osGuard.unlock();
		}
	}

	@Override
	public void unlockRead() {
		if (this.jvmLock.getReadHoldCount() == 0) {
			throw new IllegalMonitorStateException("FileLock " + this.path + " is not read-locked by this thread");
		}
		this.osGuard.lock();
		try {
			if (--this.osReaders == 0) {
				releaseFile();
			}
		}
		finally {
			this.osGuard.unlock();
		}
		this.jvmLock.readLock().unlock();
	}

	/**
	 * Takes a lock of this JVM, to the deadline when timed; interrupts do not end the
	 * wait but are kept.
	 */
	private static boolean lockInJvm(java.util.concurrent.locks.Lock lock, boolean timed, long deadline) {
		if (!timed) {
			lock.lock();
			return true;
		}
		boolean interrupted = false;
		try {
			while (true) {
				try {
					return lock.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Takes the OS lock, polling with back-off until the deadline (or forever when not
	 * timed; a deadline of now tries once). The caller holds the in-JVM lock that makes
	 * it the only one to try.
	 */
	private boolean lockFile(boolean shared, boolean timed, long deadline) {
		long backoff = MIN_BACKOFF_NANOS;
		while (true) {
			try {
				java.nio.channels.FileLock taken = this.channel.tryLock(0L, Long.MAX_VALUE, shared);
				if (taken != null) {
					this.osLock = taken;
					return true;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot lock " + this.path, ex);
			}
			long now = System.nanoTime();
			if (timed && now - deadline >= 0) {
				return false;
			}
			LockSupport.parkNanos(timed ? Math.min(backoff, deadline - now) : backoff);
			backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
		}
	}

	private void releaseFile() {
		try {
			this.osLock.release();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot unlock " + this.path, ex);
		}
		finally {
			this.osLock = null;
		}
	}

	private void checkNotHolder() {
		if (this.jvmLock.isWriteLockedByCurrentThread() || this.jvmLock.getReadHoldCount() > 0) {
			throw new IllegalStateException(
					"FileLock " + this.path + " is already held by this thread (locks are not reentrant)");
		}
	}

	@Override
	public LockMetric metric() {
		return this.metric;
	}

	/**
	 * Closes the file, which releases any lock this JVM still holds on it. The lock file
	 * stays; delete it when no process needs it.
	 */
	@Override
	public void close() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot close lock file " + this.path, ex);
		}
	}

}
