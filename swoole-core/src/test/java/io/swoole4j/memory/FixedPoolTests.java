package io.swoole4j.memory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.testing.ChildJvm;
import io.swoole4j.testing.UniqueNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FixedPoolTests {

	@Test
	void holdsExactlyTheRequestedSliceCount() {
		try (FixedPool pool = FixedPool.anonymous(100, 7)) {
			assertThat(pool.sliceSize()).isEqualTo(104);
			assertThat(pool.metric().slicesTotal()).isEqualTo(7);
			assertThat(pool.metric().capacityBytes()).isEqualTo(7 * 104);
			int count = 0;
			while (pool.allocate() != MemoryPool.NO_ROOM) {
				count++;
			}
			assertThat(count).isEqualTo(7);
			assertThat(pool.metric().slicesUsed()).isEqualTo(7);
			assertThat(pool.metric().freeBytes()).isZero();
		}
	}

	@Test
	void reusesTheMostRecentlyFreedSliceFirst() {
		try (FixedPool pool = FixedPool.anonymous(32, 8)) {
			long a = pool.allocate();
			long b = pool.allocate();
			long c = pool.allocate();
			pool.free(a);
			pool.free(c);
			assertThat(pool.allocate()).isEqualTo(c);
			assertThat(pool.allocate()).isEqualTo(a);
			assertThat(pool.metric().slicesUsed()).isEqualTo(3);
			assertThat(pool.metric().highWaterMarkBytes()).isEqualTo(3 * 32);
			pool.free(b);
		}
	}

	@Test
	void fitsAsManySlicesAsTheRegionHoldsAndSaysHowMany() {
		try (SharedMemory region = SharedMemory.anonymous(FixedPoolDescriptor.requiredSize(256, 10) + 100)) {
			FixedPool pool = FixedPool.createFitting(region, 256);
			assertThat(pool.sliceCount()).isEqualTo(10);
			assertThat(pool.metric().slicesTotal()).isEqualTo(10);
		}
	}

	@Test
	void refusesARegionTooSmallAndBadSettings() {
		try (SharedMemory region = SharedMemory.anonymous(1024)) {
			assertThatIllegalArgumentException().isThrownBy(() -> FixedPool.create(region, 256, 10))
				.withMessage("region size: 1024 (expected: >= " + FixedPoolDescriptor.requiredSize(256, 10) + ")");
			assertThatIllegalArgumentException().isThrownBy(() -> FixedPool.create(region, 0, 1))
				.withMessage("sliceSize: 0 (expected: in [1, 2147483647])");
			assertThatIllegalArgumentException().isThrownBy(() -> FixedPool.attach(region))
				.withMessageContaining("holds no FixedPool");
		}
	}

	@Test
	void slicesFreedInOneViewAreSeenFreeInAnAttachedView() {
		String name = UniqueNames.next("fixed-attach");
		try (SharedMemory created = SharedMemory.create(name, FixedPoolDescriptor.requiredSize(64, 4));
				SharedMemory opened = SharedMemory.open(name)) {
			try {
				FixedPool first = FixedPool.create(created, 64, 4);
				long handle = first.allocate();
				first.segment().set(ValueLayout.JAVA_LONG, handle, 77L);
				FixedPool second = FixedPool.attach(opened);
				assertThat(second.sliceCount()).isEqualTo(4);
				assertThat(second.metric().slicesUsed()).isEqualTo(1);
				assertThat(second.segment().get(ValueLayout.JAVA_LONG, handle)).isEqualTo(77L);
				second.free(handle);
				assertThat(first.metric().slicesUsed()).isZero();
				assertThat(first.allocate()).isEqualTo(handle);
			}
			finally {
				created.unlink();
			}
		}
	}

	@Test
	@Timeout(60)
	void threadsOfOneJvmNeverShareASlice() throws Exception {
		try (FixedPool pool = FixedPool.anonymous(64, 6)) {
			// more threads than CPUs, so preemption lands inside the pop's read-CAS
			// window: with the head's ABA tag removed, this test fails within seconds
			int threads = 8;
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			try {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Long>> results = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					long owner = t + 1;
					results.add(executor.submit(() -> {
						start.await();
						return OwnerMarks.run(pool, owner, 200_000);
					}));
				}
				start.countDown();
				for (Future<Long> result : results) {
					assertThat(result.get(50, TimeUnit.SECONDS)).as("slices seen with another owner's mark").isZero();
				}
			}
			finally {
				executor.shutdownNow();
			}
			assertThat(pool.metric().slicesUsed()).isZero();
			assertThat(pool.metric().allocations()).isEqualTo(8 * 200_000);
			assertThat(pool.metric().frees()).isEqualTo(8 * 200_000);
			assertThat(OwnerMarks.drain(pool)).isEqualTo(6);
		}
	}

	@Test
	@Timeout(90)
	void twoJvmsSharingANamedPoolNeverHandOneSliceToTwoOwners() throws Exception {
		String name = UniqueNames.next("fixed-xjvm");
		int pairs = 300_000;
		try (SharedMemory region = SharedMemory.create(name, FixedPoolDescriptor.requiredSize(64, 8) + 64)) {
			try {
				FixedPool pool = FixedPool.create(region, 64, 8);
				try (ChildJvm child = ChildJvm.start(OwnerMarksChild.class, name, String.valueOf(pairs))) {
					child.expectLine("ready", Duration.ofSeconds(30));
					child.writeLine("go");
					long parentViolations = OwnerMarks.run(pool, 1, pairs, region.segment(), flagOffset(region, 0),
							flagOffset(region, 1));
					String report = child.readLine(Duration.ofSeconds(60));
					assertThat(child.waitFor(Duration.ofSeconds(30))).isZero();
					assertThat(parentViolations).as("parent saw a foreign mark").isZero();
					assertThat(report).isEqualTo("violations 0");
				}
				assertThat(pool.metric().slicesUsed()).isZero();
				assertThat(OwnerMarks.drain(pool)).as("free list intact after both JVMs").isEqualTo(8);
			}
			finally {
				region.unlink();
			}
		}
	}

	/** The two "done" flags sit in the 64 bytes after the pool. */
	static long flagOffset(SharedMemory region, int side) {
		return (region.size() - 64) / 8 * 8 + 8L * side;
	}

	/**
	 * Alloc, mark, hold briefly, verify, free: counts slices found with a foreign mark.
	 */
	static final class OwnerMarks {

		static final java.lang.invoke.VarHandle FLAG = ValueLayout.JAVA_LONG.varHandle();

		private OwnerMarks() {
		}

		static long run(FixedPool pool, long owner, int pairs) {
			return run(pool, owner, pairs, null, 0, 0);
		}

		/**
		 * With flags: raises its own flag word once {@code pairs} are done, and keeps
		 * going until the other side's flag is up, so the two loops surely overlap.
		 */
		static long run(FixedPool pool, long owner, int pairs, MemorySegment flags, long mine, long theirs) {
			MemorySegment segment = pool.segment();
			long last = pool.sliceSize() - 8;
			long violations = 0;
			long giveUp = 0;
			int i = 0;
			while (true) {
				if (i >= pairs) {
					if (flags == null) {
						break;
					}
					if (giveUp == 0) {
						FLAG.setVolatile(flags, mine, 1L);
						// never wait forever for a side that died
						giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
					}
					if ((long) FLAG.getVolatile(flags, theirs) != 0 || System.nanoTime() > giveUp) {
						break;
					}
				}
				long handle = pool.allocate();
				if (handle == MemoryPool.NO_ROOM) {
					Thread.onSpinWait();
					continue;
				}
				long mark = (owner << 40) | i;
				segment.set(ValueLayout.JAVA_LONG, handle, mark);
				segment.set(ValueLayout.JAVA_LONG, handle + last, mark);
				if ((i & 63) == 0) {
					Thread.yield();
				}
				if (segment.get(ValueLayout.JAVA_LONG, handle) != mark
						|| segment.get(ValueLayout.JAVA_LONG, handle + last) != mark) {
					violations++;
				}
				pool.free(handle);
				i++;
			}
			return violations;
		}

		static int drain(FixedPool pool) {
			List<Long> handles = new ArrayList<>();
			long handle;
			while ((handle = pool.allocate()) != MemoryPool.NO_ROOM) {
				handles.add(handle);
			}
			assertThat(handles).doesNotHaveDuplicates();
			handles.forEach(pool::free);
			return handles.size();
		}

	}

	/** Runs in the child JVM: attaches the named pool and runs the owner-mark loop. */
	static final class OwnerMarksChild {

		public static void main(String[] args) throws Exception {
			try (SharedMemory region = SharedMemory.open(args[0])) {
				FixedPool pool = FixedPool.attach(region);
				System.out.println("ready");
				new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
				long violations = OwnerMarks.run(pool, 2, Integer.parseInt(args[1]), region.segment(),
						flagOffset(region, 1), flagOffset(region, 0));
				System.out.println("violations " + violations);
			}
		}

	}

}
