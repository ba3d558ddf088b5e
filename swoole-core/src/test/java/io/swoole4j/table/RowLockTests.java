package io.swoole4j.table;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.internal.Native;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RowLockTests {

	@Test
	@Timeout(30)
	void excludesOtherThreadsUntilUnlocked() throws Exception {
		try (Arena arena = Arena.ofShared()) {
			MemorySegment word = arena.allocate(8, 8);
			assertThat(RowLock.lock(word, 0, RowLock.ownerTag())).isFalse();
			assertThat(RowLock.owner(word, 0)).isEqualTo(RowLock.ownerTag());
			CompletableFuture<Boolean> other = CompletableFuture
				.supplyAsync(() -> RowLock.tryLock(word, 0, 42L << 32 | 1));
			assertThat(other.get(10, TimeUnit.SECONDS)).isFalse();
			CompletableFuture<Boolean> waiter = CompletableFuture
				.supplyAsync(() -> RowLock.lock(word, 0, RowLock.ownerTag()));
			Thread.sleep(100);
			assertThat(waiter).isNotDone();
			RowLock.unlock(word, 0);
			assertThat(waiter.get(10, TimeUnit.SECONDS)).as("taken from a live owner, not recovered").isFalse();
		}
	}

	@Test
	void refusesToDeadlockOnItsOwnHolder() {
		try (Arena arena = Arena.ofShared()) {
			MemorySegment word = arena.allocate(8, 8);
			RowLock.lock(word, 0, RowLock.ownerTag());
			assertThatIllegalStateException().isThrownBy(() -> RowLock.lock(word, 0, RowLock.ownerTag()));
		}
	}

	@Test
	@Timeout(30)
	void recoversLockOfProcessThatNoLongerExists() throws Exception {
		Process finished = new ProcessBuilder("true").start();
		finished.waitFor();
		int deadPid = (int) finished.pid();
		try (Arena arena = Arena.ofShared()) {
			MemorySegment word = arena.allocate(8, 8);
			word.set(ValueLayout.JAVA_LONG, 0, ((long) deadPid << 32) | 7);
			long start = System.nanoTime();
			assertThat(RowLock.lock(word, 0, RowLock.ownerTag())).isTrue();
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
			assertThat(RowLock.owner(word, 0)).isEqualTo(RowLock.ownerTag());
		}
		assertThat(RowLock.isDead(deadPid)).isTrue();
		assertThat(RowLock.isDead(Native.pid())).isFalse();
	}

}
