package io.swoole4j.sync;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SemaphoreTests extends AbstractLockContractTests {

	@Override
	String kind() {
		return "Semaphore";
	}

	@Override
	Lock newLock() {
		return Semaphore.create(1);
	}

	@Override
	boolean recordsOwner() {
		return false;
	}

	@Override
	boolean recoversDeadOwner() {
		return false;
	}

	@Test
	void admitsAsManyHoldersAsPermitsAndNoMore() throws Exception {
		Semaphore semaphore = Semaphore.create(2);
		assertThat(semaphore.tryLock()).isTrue();
		assertThat(inOtherThread(semaphore::tryLock)).isTrue();
		assertThat(semaphore.availablePermits()).isZero();
		assertThat(inOtherThread(() -> semaphore.lock(Duration.ofMillis(100)))).isFalse();
		semaphore.unlock();
		assertThat(inOtherThread(semaphore::tryLock)).isTrue();
		semaphore.unlock();
		semaphore.unlock();
		assertThat(semaphore.availablePermits()).isEqualTo(2);
		assertThatExceptionOfType(IllegalMonitorStateException.class).isThrownBy(semaphore::unlock)
			.withMessageContaining("all its 2 permits");
	}

	@Test
	void readMethodsTakePermitsLikeTheWriteOnes() {
		Semaphore semaphore = Semaphore.create(1);
		semaphore.lockRead();
		assertThat(semaphore.tryLockRead()).isFalse();
		semaphore.unlockRead();
		assertThat(semaphore.availablePermits()).isEqualTo(1);
	}

	@Test
	void permitsMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> Semaphore.create(0))
			.withMessage("permits: 0 (expected: > 0)");
	}

}
