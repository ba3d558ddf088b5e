package io.swoole4j.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.memory.SharedMemory;
import io.swoole4j.testing.ChildJvm;
import io.swoole4j.testing.UniqueNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BarrierTests {

	@Test
	void nobodyPassesUntilEveryPartyArrivesAndThenAllDo() throws Exception {
		Barrier barrier = Barrier.create(3);
		CountDownLatch passed = new CountDownLatch(2);
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			threads.add(Thread.ofPlatform().start(() -> {
				barrier.await();
				passed.countDown();
			}));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> barrier.arrived() == 2);
		assertThat(passed.await(200, TimeUnit.MILLISECONDS)).isFalse();
		assertThat(barrier.await(Duration.ofSeconds(10))).isTrue();
		assertThat(passed.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(barrier.arrived()).isZero();
		for (Thread thread : threads) {
			thread.join();
		}
	}

	@Test
	void barrierIsReusableForManyRounds() throws Exception {
		Barrier barrier = Barrier.create(2);
		AtomicInteger rounds = new AtomicInteger();
		Thread other = Thread.ofPlatform().start(() -> {
			for (int i = 0; i < 1000; i++) {
				barrier.await();
			}
		});
		for (int i = 0; i < 1000; i++) {
			assertThat(barrier.await(Duration.ofSeconds(10))).isTrue();
			rounds.incrementAndGet();
		}
		other.join();
		assertThat(rounds).hasValue(1000);
	}

	@Test
	void awaitTimesOutAndWithdrawsItsArrival() {
		Barrier barrier = Barrier.create(2);
		long start = System.nanoTime();
		assertThat(barrier.await(Duration.ofMillis(200))).isFalse();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(195L, 3000L);
		assertThat(barrier.arrived()).isZero();
	}

	@Test
	void partiesOfTwoJvmsMeet() throws Exception {
		try (SharedMemory region = SharedMemory.create(UniqueNames.next("barrier"), 4096)) {
			try {
				Barrier barrier = Barrier.create(region, 16, 2);
				try (ChildJvm child = ChildJvm.start(BarrierChild.class, region.name(), "16")) {
					child.expectLine("ready", Duration.ofSeconds(30));
					assertThat(barrier.await(Duration.ofSeconds(20))).isTrue();
					child.expectLine("passed true", Duration.ofSeconds(20));
					assertThat(child.waitFor(Duration.ofSeconds(20))).isZero();
				}
			}
			finally {
				region.unlink();
			}
		}
	}

	@Test
	void partiesMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> Barrier.create(0))
			.withMessage("parties: 0 (expected: > 0)");
	}

}
