package io.swoole4j.sync;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.swoole4j.testing.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RwLockTests extends AbstractLockContractTests {

	@Override
	String kind() {
		return "RwLock";
	}

	@Override
	Lock newLock() {
		return RwLock.create();
	}

	@Test
	void readersShareTheLockAndExcludeWriters() throws Exception {
		RwLock lock = RwLock.create();
		lock.lockRead();
		assertThat(inOtherThread(lock::tryLockRead)).isTrue();
		assertThat(lock.readers()).isEqualTo(2);
		assertThat(inOtherThread(lock::tryLock)).isFalse();
		assertThat(inOtherThread(() -> lock.lock(Duration.ofMillis(100)))).isFalse();
		lock.unlockRead();
		lock.unlockRead();
		assertThat(inOtherThread(() -> {
			boolean taken = lock.tryLock();
			lock.unlock();
			return taken;
		})).isTrue();
		assertThat(lock.metric().acquisitions()).isEqualTo(3);
	}

	@Test
	void writerExcludesReaders() throws Exception {
		RwLock lock = RwLock.create();
		lock.lock();
		assertThat(inOtherThread(lock::tryLockRead)).isFalse();
		assertThat(inOtherThread(() -> lock.lockRead(Duration.ofMillis(100)))).isFalse();
		lock.unlock();
		assertThat(inOtherThread(() -> {
			boolean taken = lock.tryLockRead();
			lock.unlockRead();
			return taken;
		})).isTrue();
	}

	@Test
	void readersWaitingForTheWriterAllEnterWhenItUnlocks() throws Exception {
		RwLock lock = RwLock.create();
		lock.lock();
		int readers = 3;
		CountDownLatch inside = new CountDownLatch(readers);
		CountDownLatch leave = new CountDownLatch(1);
		for (int i = 0; i < readers; i++) {
			Thread.ofPlatform().start(() -> {
				lock.lockRead();
				inside.countDown();
				await(leave);
				lock.unlockRead();
			});
		}
		assertThat(inside.await(200, TimeUnit.MILLISECONDS)).isFalse();
		lock.unlock();
		// all at once, well before the 100 ms liveness slices would let them in one by
		// one
		assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(lock.readers()).isEqualTo(readers);
		leave.countDown();
	}

	@Test
	void waitingWriterGetsTheLockBeforeNewReaders() throws Exception {
		RwLock lock = RwLock.create();
		lock.lockRead();
		AtomicBoolean writerDone = new AtomicBoolean();
		Thread writer = Thread.ofPlatform().start(() -> {
			lock.lock();
			writerDone.set(true);
			lock.unlock();
		});
		while (!lock.isWriteLocked()) {
			Thread.onSpinWait();
		}
		assertThat(inOtherThread(lock::tryLockRead)).isFalse();
		assertThat(writerDone).isFalse();
		lock.unlockRead();
		writer.join(Duration.ofSeconds(10));
		assertThat(writerDone).isTrue();
	}

	@Test
	void unlockReadWithoutReadersThrows() {
		RwLock lock = RwLock.create();
		assertThatExceptionOfType(IllegalMonitorStateException.class).isThrownBy(lock::unlockRead);
	}

	@Test
	void readersOfTwoJvmsShareTheLockAndExcludeWriters() throws Exception {
		RwLock lock = (RwLock) sharedLock();
		try (ChildJvm child = startChild()) {
			child.writeLine("read");
			child.expectLine("read-locked", CHILD_TIMEOUT);
			assertThat(lock.tryLockRead()).isTrue();
			assertThat(lock.readers()).isEqualTo(2);
			assertThat(lock.tryLock()).isFalse();
			assertThat(lock.lock(Duration.ofMillis(200))).isFalse();
			lock.unlockRead();
			assertThat(lock.tryLock()).isFalse();
			child.writeLine("unread");
			child.expectLine("read-unlocked", CHILD_TIMEOUT);
			assertThat(lock.tryLock()).isTrue();
			child.writeLine("tryread");
			child.expectLine("tryread false", CHILD_TIMEOUT);
			lock.unlock();
			child.writeLine("tryread");
			child.expectLine("tryread true", CHILD_TIMEOUT);
			child.writeLine("exit");
			assertThat(child.waitFor(CHILD_TIMEOUT)).isZero();
		}
	}

	@Test
	void readerWaitingForAKilledWriterOfAnotherJvmGetsIn() throws Exception {
		RwLock lock = (RwLock) sharedLock();
		try (LogCapture log = LogCapture.of(OwnerWord.class); ChildJvm child = startChild()) {
			child.writeLine("lock");
			child.expectLine("locked", CHILD_TIMEOUT);
			assertThat(lock.tryLockRead()).isFalse();
			child.killHard();
			assertThat(lock.lockRead(Duration.ofSeconds(2))).isTrue();
			lock.unlockRead();
			assertThat(log.warnings()).anySatisfy((warning) -> assertThat(warning).contains("RwLock")
				.contains("process " + child.pid())
				.contains("died"));
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
