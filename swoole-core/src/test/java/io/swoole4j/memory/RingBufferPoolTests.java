package io.swoole4j.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RingBufferPoolTests {

	/** Four blocks of this payload fill a 4096-byte ring exactly. */
	private static final long QUARTER = 1024 - RingBufferPoolDescriptor.BLOCK_HEADER;

	@Test
	void blockFreedOutOfOrderIsReclaimedOnlyOnceTheBlocksBeforeItAreFreed() {
		try (RingBufferPool pool = RingBufferPool.anonymous(4096)) {
			long a = pool.allocate(QUARTER);
			long b = pool.allocate(QUARTER);
			long c = pool.allocate(QUARTER);
			long d = pool.allocate(QUARTER);
			assertThat(pool.allocate(8)).isEqualTo(MemoryPool.NO_ROOM);
			pool.free(b);
			pool.free(c);
			assertThat(pool.allocate(QUARTER)).as("b and c wait behind a").isEqualTo(MemoryPool.NO_ROOM);
			assertThat(pool.metric().usedBytes()).isEqualTo(2048);
			assertThat(pool.metric().freeBytes()).isZero();
			pool.free(a);
			long e = pool.allocate(QUARTER);
			long f = pool.allocate(QUARTER);
			long g = pool.allocate(QUARTER);
			assertThat(List.of(e, f, g)).containsExactly(a, b, c);
			assertThat(pool.allocate(8)).as("d still live").isEqualTo(MemoryPool.NO_ROOM);
			pool.free(d);
			assertThat(pool.allocate(QUARTER)).isEqualTo(d);
		}
	}

	@Test
	void aBlockThatDoesNotFitBeforeTheEndWrapsWholeToTheStart() {
		try (RingBufferPool pool = RingBufferPool.anonymous(4096)) {
			long a = pool.allocate(2048 - 8);
			long b = pool.allocate(QUARTER);
			pool.free(a);
			// 1024 bytes left at the end, 2048 free at the start: 3000 fits nowhere
			assertThat(pool.allocate(3000)).isEqualTo(MemoryPool.NO_ROOM);
			long c = pool.allocate(1500);
			assertThat(c).as("did not fit the 1024-byte tail, so it starts the ring").isEqualTo(a);
			assertThat(pool.blockSize(c)).isEqualTo(1504);
			pool.free(b);
			pool.free(c);
			assertThat(pool.metric().usedBytes()).isZero();
			assertThat(pool.allocate(4096 - 8)).as("empty ring serves its whole capacity").isEqualTo(a);
		}
	}

	@Test
	void requestLargerThanTheRingIsRefused() {
		try (RingBufferPool pool = RingBufferPool.anonymous(1024)) {
			assertThatIllegalArgumentException().isThrownBy(() -> pool.allocate(1024))
				.withMessage("size: 1024 (expected: in [1, 1016])");
		}
	}

	@Test
	void attachedViewSeesTheSameRing() {
		try (SharedMemory region = SharedMemory.anonymous(RingBufferPoolDescriptor.requiredSize(2048))) {
			RingBufferPool owner = RingBufferPool.create(region);
			long handle = owner.allocate(100);
			RingBufferPool other = RingBufferPool.attach(region);
			assertThat(other.metric().allocations()).isEqualTo(1);
			other.free(handle);
			assertThat(owner.metric().frees()).isEqualTo(1);
			assertThat(owner.metric().usedBytes()).isZero();
		}
	}

	@Test
	@Timeout(60)
	void producerAndConsumerThreadsKeepEveryBlockIntactThroughManyWrapArounds() throws Exception {
		int blocks = 200_000;
		long capacity = 16 * 1024;
		// two threads of our own: the common pool may have a single thread on 2 CPUs
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try (RingBufferPool pool = RingBufferPool.anonymous(capacity)) {
			BlockingQueue<long[]> handoff = new ArrayBlockingQueue<>(64);
			long[] producedBytes = new long[1];
			CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
				Random random = new Random(7);
				MemorySegment segment = pool.segment();
				for (int seq = 0; seq < blocks;) {
					long size = 1 + random.nextInt(600);
					long handle = pool.allocate(size);
					if (handle == MemoryPool.NO_ROOM) {
						Thread.onSpinWait();
						continue;
					}
					for (long i = 0; i < size; i++) {
						segment.set(ValueLayout.JAVA_BYTE, handle + i, (byte) (seq + i));
					}
					producedBytes[0] += size;
					put(handoff, new long[] { handle, size, seq });
					seq++;
				}
				put(handoff, new long[] { -1, 0, 0 });
			}, threads);
			CompletableFuture<Long> consumer = CompletableFuture.supplyAsync(() -> {
				Random random = new Random(8);
				MemorySegment segment = pool.segment();
				List<long[]> batch = new ArrayList<>();
				int target = 1;
				long corrupt = 0;
				while (true) {
					long[] block = handoff.poll();
					if (block == null) {
						// nothing more is coming until we free: the producer may be
						// waiting behind the oldest block, which sits in our batch
						block = batch.isEmpty() ? take(handoff) : FLUSH;
					}
					if (block[0] >= 0) {
						batch.add(block);
					}
					// free in shuffled batches so blocks are often freed out of order
					if (block[0] < 0 || block == FLUSH || batch.size() >= target) {
						Collections.shuffle(batch, random);
						for (long[] held : batch) {
							for (long i = 0; i < held[1]; i++) {
								if (segment.get(ValueLayout.JAVA_BYTE, held[0] + i) != (byte) (held[2] + i)) {
									corrupt++;
									break;
								}
							}
							pool.free(held[0]);
						}
						batch.clear();
						target = 1 + random.nextInt(8);
					}
					if (block[0] < 0 && block != FLUSH) {
						return corrupt;
					}
				}
			}, threads);
			producer.get(50, TimeUnit.SECONDS);
			assertThat(consumer.get(50, TimeUnit.SECONDS)).as("blocks with changed contents").isZero();
			assertThat(producedBytes[0]).as("enough traffic for many wrap-arounds").isGreaterThan(1000 * capacity);
			MemoryPoolMetric metric = pool.metric();
			assertThat(metric.allocations()).isEqualTo(blocks);
			assertThat(metric.frees()).isEqualTo(blocks);
			assertThat(metric.usedBytes()).isZero();
			assertThat(metric.highWaterMarkBytes()).isLessThanOrEqualTo(capacity);
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static final long[] FLUSH = { -1, 0, 0 };

	private static void put(BlockingQueue<long[]> queue, long[] value) {
		try {
			queue.put(value);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static long[] take(BlockingQueue<long[]> queue) {
		try {
			return queue.take();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
