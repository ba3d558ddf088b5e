package io.swoole4j.sync;

import org.junit.jupiter.api.Test;

import io.swoole4j.memory.SharedMemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MutexTests extends AbstractLockContractTests {

	@Override
	String kind() {
		return "Mutex";
	}

	@Override
	Lock newLock() {
		return Mutex.create();
	}

	@Test
	void attachedViewsOfTheSameMemoryShareTheLock() {
		Mutex mutex = Mutex.create(this.region, 128);
		Mutex view = Mutex.attach(this.region, 128);
		mutex.lock();
		assertThat(view.isLocked()).isTrue();
		assertThat(view.isHeldByCurrentThread()).isTrue();
		view.unlock();
		assertThat(mutex.isLocked()).isFalse();
	}

	@Test
	void placementOutsideTheRegionOrMisalignedIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> Mutex.create(this.region, 4))
			.withMessage("offset: 4 (expected: a multiple of 8)");
		assertThatIllegalArgumentException().isThrownBy(() -> Mutex.create(this.region, 4096 - 8))
			.withMessageStartingWith("offset: 4088 (expected: in [0, ");
		assertThatIllegalArgumentException().isThrownBy(() -> Mutex.create(this.region, -8));
	}

	@Test
	void createResetsALockLeftInTheRegion() {
		Mutex.create(this.region, 256).lock();
		assertThat(Mutex.create(this.region, 256).isLocked()).isFalse();
		assertThat(SharedMemory.exists(this.region.name())).isTrue();
	}

}
