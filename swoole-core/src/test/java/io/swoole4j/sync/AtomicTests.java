package io.swoole4j.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.memory.SharedMemory;
import io.swoole4j.testing.ChildJvm;
import io.swoole4j.testing.UniqueNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AtomicTests {

	static final long ATOMIC_OFFSET = 0;

	static final long ATOMIC_LONG_OFFSET = 8;

	static final Duration CHILD_TIMEOUT = Duration.ofSeconds(30);

	SharedMemory region;

	@BeforeEach
	void createRegion() {
		this.region = SharedMemory.create(UniqueNames.next("atomic"), 4096);
	}

	@AfterEach
	void removeRegion() {
		this.region.unlink();
		this.region.close();
	}

	ChildJvm startChild() throws InterruptedException {
		ChildJvm child = ChildJvm.start(AtomicChild.class, this.region.name(), Long.toString(ATOMIC_OFFSET),
				Long.toString(ATOMIC_LONG_OFFSET));
		child.expectLine("ready", CHILD_TIMEOUT);
		return child;
	}

	@Test
	void addAndSubReturnTheNewValue() {
		Atomic atomic = Atomic.create(5);
		assertThat(atomic.add(3)).isEqualTo(8);
		assertThat(atomic.sub(2)).isEqualTo(6);
		assertThat(atomic.get()).isEqualTo(6);
		AtomicLong atomicLong = AtomicLong.create(5);
		assertThat(atomicLong.add(3)).isEqualTo(8);
		assertThat(atomicLong.sub(10)).isEqualTo(-2);
		assertThat(atomicLong.get()).isEqualTo(-2);
	}

	@Test
	void atomicIsUnsignedAndWrapsAtTwoToThe32() {
		Atomic atomic = Atomic.create(Atomic.MAX_VALUE);
		assertThat(atomic.get()).isEqualTo(4_294_967_295L);
		assertThat(atomic.add(1)).isZero();
		assertThat(atomic.sub(1)).isEqualTo(Atomic.MAX_VALUE);
		atomic.set(1L << 32 | 7);
		assertThat(atomic.get()).isEqualTo(7);
		assertThat(atomic.add(Atomic.MAX_VALUE)).isEqualTo(6);
	}

	@Test
	void atomicLongIsSigned64Bit() {
		AtomicLong atomicLong = AtomicLong.create(Long.MAX_VALUE);
		assertThat(atomicLong.add(1)).isEqualTo(Long.MIN_VALUE);
		atomicLong.set(-1);
		assertThat(atomicLong.get()).isEqualTo(-1);
	}

	@Test
	void cmpsetSetsOnlyWhenTheValueIsTheExpectedOne() {
		Atomic atomic = Atomic.create(1);
		assertThat(atomic.cmpset(2, 3)).isFalse();
		assertThat(atomic.get()).isEqualTo(1);
		assertThat(atomic.cmpset(1, Atomic.MAX_VALUE)).isTrue();
		assertThat(atomic.get()).isEqualTo(Atomic.MAX_VALUE);
		AtomicLong atomicLong = AtomicLong.create(-5);
		assertThat(atomicLong.cmpset(5, 6)).isFalse();
		assertThat(atomicLong.cmpset(-5, 6)).isTrue();
		assertThat(atomicLong.get()).isEqualTo(6);
	}

	@Test
	void threadsAddingConcurrentlyLoseNoUpdates() throws Exception {
		Atomic atomic = Atomic.create(0);
		AtomicLong atomicLong = AtomicLong.create(0);
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			threads.add(Thread.ofPlatform().start(() -> {
				for (int i = 0; i < 100_000; i++) {
					atomic.add(1);
					atomicLong.add(1);
				}
			}));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(atomic.get()).isEqualTo(400_000);
		assertThat(atomicLong.get()).isEqualTo(400_000);
	}

	@Test
	void twoJvmsAddingConcurrentlyLoseNoUpdates() throws Exception {
		Atomic atomic = Atomic.create(this.region, ATOMIC_OFFSET, 0);
		AtomicLong atomicLong = AtomicLong.create(this.region, ATOMIC_LONG_OFFSET, 0);
		int rounds = 1_000_000;
		try (ChildJvm child = startChild()) {
			child.writeLine("add " + rounds);
			for (int i = 0; i < rounds; i++) {
				atomic.add(1);
				atomicLong.add(1);
			}
			child.expectLine("added", Duration.ofSeconds(60));
			child.writeLine("exit");
			assertThat(child.waitFor(CHILD_TIMEOUT)).isZero();
		}
		assertThat(atomic.get()).isEqualTo(2L * rounds);
		assertThat(atomicLong.get()).isEqualTo(2L * rounds);
	}

	@Test
	void waitAfterWakeupReturnsAtOnceAndConsumesTheEvent() {
		Atomic atomic = Atomic.create(0);
		assertThat(atomic.wakeup(1)).isTrue();
		assertThat(atomic.get()).isEqualTo(1);
		assertThat(atomic.wait(Duration.ofSeconds(10))).isTrue();
		assertThat(atomic.get()).isZero();
	}

	@Test
	void waitWithoutWakeupReturnsFalseAfterTheTimeout() {
		Atomic atomic = Atomic.create(0);
		long start = System.nanoTime();
		assertThat(atomic.wait(Duration.ofMillis(200))).isFalse();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(195L, 3000L);
	}

	@Test
	void waitOnAValueOtherThanZeroOrOneReturnsFalseAtOnce() {
		Atomic atomic = Atomic.create(5);
		assertThat(atomic.wait(Duration.ofSeconds(10))).isFalse();
		assertThat(atomic.get()).isEqualTo(5);
	}

	@Test
	void wakeupWakesAWaiterOfThisJvm() throws Exception {
		Atomic atomic = Atomic.create(0);
		CountDownLatch woken = new CountDownLatch(1);
		AtomicInteger result = new AtomicInteger();
		Thread waiter = Thread.ofPlatform().start(() -> {
			result.set(atomic.wait(Duration.ofSeconds(20)) ? 1 : 2);
			woken.countDown();
		});
		assertThat(woken.await(200, TimeUnit.MILLISECONDS)).isFalse();
		atomic.wakeup(1);
		assertThat(woken.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(result.get()).isEqualTo(1);
		waiter.join();
	}

	@Test
	void wakeupCountMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> Atomic.create(0).wakeup(0))
			.withMessage("count: 0 (expected: > 0)");
	}

	@Test
	void waiterInAnotherJvmReturnsPromptlyAfterWakeup() throws Exception {
		Atomic atomic = Atomic.create(this.region, ATOMIC_OFFSET, 0);
		try (ChildJvm child = startChild()) {
			child.writeLine("wait 1 20000");
			awaitSleepers(child, 1);
			long start = System.nanoTime();
			atomic.wakeup(1);
			String line = child.readLine(Duration.ofSeconds(10));
			assertThat(line).startsWith("waited true");
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
			assertThat(atomic.get()).isZero();
			child.writeLine("exit");
			assertThat(child.waitFor(CHILD_TIMEOUT)).isZero();
		}
	}

	@Test
	void waiterInAnotherJvmReturnsFalseAfterItsTimeoutWithoutWakeup() throws Exception {
		Atomic.create(this.region, ATOMIC_OFFSET, 0);
		try (ChildJvm child = startChild()) {
			child.writeLine("wait 1 300");
			assertThat(child.readLine(CHILD_TIMEOUT)).startsWith("waiting");
			String[] line = child.readLine(Duration.ofSeconds(10)).split(" ");
			assertThat(line[1]).isEqualTo("false");
			assertThat(Long.parseLong(line[2])).isBetween(295L, 5000L);
			child.writeLine("exit");
			assertThat(child.waitFor(CHILD_TIMEOUT)).isZero();
		}
	}

	@Test
	void wakeupOfAnotherJvmWakesAtMostTheRequestedNumberOfWaiters() throws Exception {
		Atomic atomic = Atomic.create(this.region, ATOMIC_OFFSET, 0);
		try (ChildJvm child = startChild()) {
			child.writeLine("wait 3 6000");
			awaitSleepers(child, 3);
			atomic.wakeup(2);
			// two wake at once: one consumes the event, the other finds it gone
			List<String> woken = List.of(child.readLine(Duration.ofSeconds(5)), child.readLine(Duration.ofSeconds(5)));
			assertThat(woken).allSatisfy((line) -> assertThat(elapsedMillis(line)).isLessThan(5900));
			assertThat(woken).filteredOn((line) -> line.startsWith("waited true")).hasSize(1);
			assertThat(woken).filteredOn((line) -> line.startsWith("waited false")).hasSize(1);
			// the third sleeps on until its timeout
			String last = child.readLine(Duration.ofSeconds(15));
			assertThat(last).startsWith("waited false");
			assertThat(elapsedMillis(last)).isGreaterThanOrEqualTo(5995);
			child.writeLine("exit");
			assertThat(child.waitFor(CHILD_TIMEOUT)).isZero();
		}
	}

	private static long elapsedMillis(String line) {
		return Long.parseLong(line.split(" ")[2]);
	}

	/**
	 * Waits until {@code count} threads of the child sleep in futex wait on the child's
	 * atomic, as {@code /proc/<pid>/task/<tid>/syscall} shows (syscall number, then the
	 * futex address), so that a wakeup really crosses processes.
	 */
	private static void awaitSleepers(ChildJvm child, int count) throws Exception {
		String line = child.readLine(CHILD_TIMEOUT);
		assertThat(line).startsWith("waiting ");
		String address = "0x" + line.substring("waiting ".length());
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> futexSleepers(child.pid(), address) == count);
	}

	private static long futexSleepers(long pid, String address) throws IOException {
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			return tasks.map((task) -> task.resolve("syscall")).filter((syscall) -> {
				try {
					String[] fields = Files.readString(syscall).trim().split(" ");
					return fields.length > 1 && (fields[0].equals("202") || fields[0].equals("98"))
							&& fields[1].equals(address);
				}
				catch (IOException ex) {
					// the thread ended between listing and reading
					return false;
				}
			}).count();
		}
	}

}
