package io.swoole4j.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.memory.SharedMemory;
import io.swoole4j.testing.ChildJvm;
import io.swoole4j.testing.UniqueNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract every {@link Lock} kind keeps, between threads and between JVMs. Each kind
 * runs it through a subclass.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
abstract class AbstractLockContractTests {

	/** Where the plain counter guarded by the lock lives in the shared region. */
	static final long COUNTER_OFFSET = 0;

	/** Where the lock lives in the shared region. */
	static final long LOCK_OFFSET = 64;

	static final Duration CHILD_TIMEOUT = Duration.ofSeconds(30);

	/** Rounds each of two JVMs runs in the lost-update test. */
	int crossJvmRounds() {
		return 1_000_000;
	}

	SharedMemory region;

	/** The kind's name, as {@link LockKinds} knows it. */
	abstract String kind();

	/** A lock for the threads of this JVM. */
	abstract Lock newLock();

	/** Whether the kind records its owner (reentry and foreign unlock are detected). */
	boolean recordsOwner() {
		return true;
	}

	/**
	 * Whether the metric counts the acquisitions of every JVM (it lives in the region).
	 */
	boolean countsAcrossJvms() {
		return true;
	}

	/** Whether a lock held by a killed process becomes free again. */
	boolean recoversDeadOwner() {
		return true;
	}

	/** Whether such a recovery is ours, logged with a warning (not the kernel's). */
	boolean recoversDeadOwnerWithWarning() {
		return true;
	}

	@BeforeEach
	void createRegion() {
		this.region = SharedMemory.create(UniqueNames.next(kind().toLowerCase()), 4096);
	}

	@AfterEach
	void removeRegion() {
		this.region.unlink();
		this.region.close();
	}

	Lock sharedLock() {
		return LockKinds.create(kind(), this.region, LOCK_OFFSET);
	}

	ChildJvm startChild() throws InterruptedException {
		ChildJvm child = ChildJvm.start(LockChild.class, kind(), this.region.name(), Long.toString(LOCK_OFFSET));
		child.expectLine("ready", CHILD_TIMEOUT);
		return child;
	}

	@Test
	void tryLockSucceedsWhenFreeAndFailsWhileAnotherThreadHoldsIt() throws Exception {
		Lock lock = newLock();
		assertThat(lock.tryLock()).isTrue();
		assertThat(inOtherThread(lock::tryLock)).isFalse();
		lock.unlock();
		assertThat(inOtherThread(() -> {
			boolean taken = lock.tryLock();
			lock.unlock();
			return taken;
		})).isTrue();
	}

	@Test
	void lockWaitsUntilTheHolderUnlocks() throws Exception {
		Lock lock = newLock();
		lock.lock();
		CountDownLatch acquired = new CountDownLatch(1);
		Thread waiter = Thread.ofPlatform().start(() -> {
			lock.lock();
			acquired.countDown();
			lock.unlock();
		});
		assertThat(acquired.await(200, TimeUnit.MILLISECONDS)).isFalse();
		lock.unlock();
		assertThat(acquired.await(10, TimeUnit.SECONDS)).isTrue();
		waiter.join();
	}

	@Test
	void timedLockReturnsFalseAfterTheTimeoutWhileHeld() throws Exception {
		Lock lock = newLock();
		lock.lock();
		long[] elapsed = new long[1];
		boolean taken = inOtherThread(() -> {
			long start = System.nanoTime();
			boolean result = lock.lock(Duration.ofMillis(200));
			elapsed[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			return result;
		});
		assertThat(taken).isFalse();
		assertThat(elapsed[0]).isBetween(195L, 3000L);
		lock.unlock();
	}

	@Test
	void timedLockSucceedsWhenTheHolderUnlocksDuringTheWait() throws Exception {
		Lock lock = newLock();
		CountDownLatch locked = new CountDownLatch(1);
		Thread holder = Thread.ofPlatform().start(() -> {
			lock.lock();
			locked.countDown();
			sleep(100);
			lock.unlock();
		});
		assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(inOtherThread(() -> {
			boolean taken = lock.lock(Duration.ofSeconds(20));
			lock.unlock();
			return taken;
		})).isTrue();
		holder.join();
	}

	@Test
	void unlockingAFreeLockThrows() {
		Lock lock = newLock();
		assertThatExceptionOfType(IllegalMonitorStateException.class).isThrownBy(lock::unlock);
	}

	@Test
	void unlockingFromAThreadThatDoesNotHoldTheLockThrows() throws Exception {
		assumeTrue(recordsOwner(), "only kinds that record their owner");
		Lock lock = newLock();
		lock.lock();
		assertThat(inOtherThread(() -> {
			try {
				lock.unlock();
				return "unlocked";
			}
			catch (IllegalMonitorStateException ex) {
				return ex.getMessage();
			}
		})).contains("not");
		lock.unlock();
	}

	@Test
	void lockingAgainFromTheHoldingThreadFailsInsteadOfDeadlocking() {
		assumeTrue(recordsOwner(), "only kinds that record their owner");
		Lock lock = newLock();
		lock.lock();
		assertThatIllegalStateException().isThrownBy(lock::lock).withMessageContaining("not reentrant");
		assertThatIllegalStateException().isThrownBy(() -> lock.lock(Duration.ofMillis(10)));
		lock.unlock();
		assertThat(lock.tryLock()).isTrue();
		lock.unlock();
	}

	@Test
	void threadsIncrementingUnderTheLockLoseNoUpdates() throws Exception {
		Lock lock = newLock();
		long[] counter = new long[1];
		int threads = 4;
		int rounds = 50_000;
		List<Thread> started = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			started.add(Thread.ofPlatform().start(() -> {
				for (int i = 0; i < rounds; i++) {
					lock.lock();
					counter[0]++;
					lock.unlock();
				}
			}));
		}
		for (Thread thread : started) {
			thread.join();
		}
		lock.lock();
		assertThat(counter[0]).isEqualTo((long) threads * rounds);
		lock.unlock();
		assertThat(lock.metric().acquisitions()).isEqualTo((long) threads * rounds + 1);
	}

	@Test
	void metricCountsAcquisitionsAndContendedWaits() throws Exception {
		Lock lock = newLock();
		lock.lock();
		lock.unlock();
		assertThat(lock.metric().acquisitions()).isEqualTo(1);
		assertThat(lock.metric().contendedWaits()).isZero();
		lock.lock();
		assertThat(inOtherThread(lock::tryLock)).isFalse();
		assertThat(lock.metric().contendedWaits()).isZero();
		assertThat(inOtherThread(() -> lock.lock(Duration.ofMillis(50)))).isFalse();
		lock.unlock();
		assertThat(lock.metric().acquisitions()).isEqualTo(2);
		assertThat(lock.metric().contendedWaits()).isEqualTo(1);
		assertThat(lock.metric().recoveries()).isZero();
	}

	@Test
	void twoJvmsIncrementingUnderTheLockLoseNoUpdates() throws Exception {
		Lock lock = sharedLock();
		MemorySegment memory = this.region.segment();
		int rounds = crossJvmRounds();
		try (ChildJvm child = startChild()) {
			child.writeLine("count " + rounds);
			for (int i = 0; i < rounds; i++) {
				lock.lock();
				long value = memory.get(ValueLayout.JAVA_LONG, COUNTER_OFFSET);
				memory.set(ValueLayout.JAVA_LONG, COUNTER_OFFSET, value + 1);
				lock.unlock();
			}
			child.expectLine("counted", Duration.ofSeconds(60));
			child.writeLine("exit");
			assertThat(child.waitFor(CHILD_TIMEOUT)).isZero();
		}
		assertThat(memory.get(ValueLayout.JAVA_LONG, COUNTER_OFFSET)).isEqualTo(2L * rounds);
		assertThat(lock.metric().acquisitions()).isEqualTo(rounds);
	}

	@Test
	void tryLockAndTimedLockFailWhileAnotherJvmHoldsTheLock() throws Exception {
		Lock lock = sharedLock();
		try (ChildJvm child = startChild()) {
			child.writeLine("lock");
			child.expectLine("locked", CHILD_TIMEOUT);
			assertThat(lock.tryLock()).isFalse();
			long start = System.nanoTime();
			assertThat(lock.lock(Duration.ofMillis(200))).isFalse();
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(195L, 3000L);
			child.writeLine("unlock");
			child.expectLine("unlocked", CHILD_TIMEOUT);
			assertThat(lock.tryLock()).isTrue();
			child.writeLine("trylock");
			child.expectLine("trylock false", CHILD_TIMEOUT);
			lock.unlock();
			child.writeLine("exit");
			assertThat(child.waitFor(CHILD_TIMEOUT)).isZero();
		}
	}

	@Test
	void lockHeldByAKilledJvmIsRecoveredWithinTwoSeconds() throws Exception {
		assumeTrue(recoversDeadOwner(), "only kinds that recover a dead holder's lock");
		Lock lock = sharedLock();
		try (LogCapture log = LogCapture.of(OwnerWord.class); ChildJvm child = startChild()) {
			child.writeLine("lock");
			child.expectLine("locked", CHILD_TIMEOUT);
			assertThat(lock.tryLock()).isFalse();
			child.killHard();
			long start = System.nanoTime();
			assertThat(lock.lock(Duration.ofSeconds(10))).isTrue();
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
			lock.unlock();
			if (recoversDeadOwnerWithWarning()) {
				assertThat(log.warnings()).anySatisfy((warning) -> assertThat(warning).contains(kind())
					.contains("process " + child.pid())
					.contains("died"));
				assertThat(lock.metric().recoveries()).isEqualTo(1);
			}
		}
	}

	static <T> T inOtherThread(java.util.concurrent.Callable<T> task) throws Exception {
		Object[] result = new Object[1];
		Exception[] failure = new Exception[1];
		AtomicBoolean done = new AtomicBoolean();
		Thread thread = Thread.ofPlatform().start(() -> {
			try {
				result[0] = task.call();
			}
			catch (Exception ex) {
				failure[0] = ex;
			}
			done.set(true);
		});
		thread.join(Duration.ofSeconds(30));
		assertThat(done).isTrue();
		if (failure[0] != null) {
			throw failure[0];
		}
		@SuppressWarnings("unchecked")
		T value = (T) result[0];
		return value;
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
