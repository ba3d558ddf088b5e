package io.swoole4j.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The contract every {@link MemoryPool} keeps, run once per implementation. Where pool
 * semantics differ (GlobalMemory reuses memory only after a reset), the subclass says how
 * through the hooks, and the assertions stay the same.
 */
abstract class AbstractMemoryPoolContractTests {

	protected MemoryPool pool;

	/** A small pool, so that filling it is quick. */
	protected abstract MemoryPool newPool();

	/** The largest request the random sequences make. */
	protected abstract long maxRequest();

	/**
	 * Used bytes the pool must report with these blocks live, after these since start.
	 */
	protected abstract long expectedUsedBytes(List<Long> liveSizes, List<Long> allSizes);

	/** Gives every block back so that the pool can serve again. */
	protected void releaseAll(List<Long> handles) {
		handles.forEach(this.pool::free);
	}

	@BeforeEach
	void openPool() {
		this.pool = newPool();
	}

	@AfterEach
	void closePool() {
		this.pool.close();
	}

	@Test
	void allocatingUntilFullAnswersNoRoomAndCountsTheFailure() {
		List<Long> handles = fill();
		assertThat(handles).isNotEmpty();
		long failedBefore = this.pool.metric().failedAllocations();
		assertThat(this.pool.allocate(maxRequest())).isEqualTo(MemoryPool.NO_ROOM);
		assertThat(this.pool.metric().failedAllocations()).isEqualTo(failedBefore + 1);
		assertThat(this.pool.metric().allocations()).isEqualTo(handles.size());
	}

	@Test
	void blocksOfAFullPoolNeverOverlap() {
		List<Long> handles = fill();
		for (int i = 0; i < handles.size(); i++) {
			this.pool.slice(handles.get(i)).fill((byte) i);
		}
		for (int i = 0; i < handles.size(); i++) {
			MemorySegment slice = this.pool.slice(handles.get(i));
			assertThat(slice.byteSize()).isGreaterThanOrEqualTo(maxRequest());
			assertThat(handles.get(i) % 8).isZero();
			for (long j = 0; j < slice.byteSize(); j++) {
				assertThat(slice.get(ValueLayout.JAVA_BYTE, j)).isEqualTo((byte) i);
			}
		}
	}

	@Test
	void freeingThenAllocatingWorksAgain() {
		List<Long> handles = fill();
		releaseAll(handles);
		List<Long> again = fill();
		assertThat(again).hasSameSizeAs(handles);
	}

	@Test
	void doubleFreeRaisesAndLeavesThePoolUsable() {
		long kept = this.pool.allocate(maxRequest());
		long handle = this.pool.allocate(maxRequest());
		this.pool.free(handle);
		assertThatIllegalStateException().isThrownBy(() -> this.pool.free(handle)).withMessageContaining("Double free");
		assertThat(this.pool.metric().frees()).isEqualTo(1);
		long next = this.pool.allocate(maxRequest());
		assertThat(next).isNotEqualTo(MemoryPool.NO_ROOM);
		this.pool.free(next);
		this.pool.free(kept);
		assertThat(this.pool.metric().frees()).isEqualTo(3);
	}

	@ParameterizedTest
	@ValueSource(longs = { 8, 3, -8 })
	void freeOfMemoryThePoolNeverGaveRaisesAndLeavesThePoolUsable(long shift) {
		long handle = this.pool.allocate(maxRequest());
		this.pool.slice(handle).fill((byte) 0x5A);
		assertThatIllegalArgumentException().isThrownBy(() -> this.pool.free(handle + shift))
			.withMessageContaining("Not a block of this pool");
		assertThatIllegalArgumentException().isThrownBy(() -> this.pool.free(MemoryPool.NO_ROOM));
		assertThatIllegalArgumentException().isThrownBy(() -> this.pool.free(this.pool.segment().byteSize() + 64));
		assertThat(this.pool.metric().frees()).isZero();
		this.pool.free(handle);
		assertThat(this.pool.allocate(maxRequest())).isNotEqualTo(MemoryPool.NO_ROOM);
	}

	@Test
	void sizeThePoolCanNeverServeIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.pool.allocate(0))
			.withMessage("size: 0 (expected: in [1, " + this.pool.maxAllocationSize() + "])");
		assertThatIllegalArgumentException().isThrownBy(() -> this.pool.allocate(this.pool.maxAllocationSize() + 1));
		assertThat(this.pool.metric().failedAllocations()).isZero();
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 42, 20261129 })
	void metricsMatchTheTruthAfterRandomAllocationsAndFrees(long seed) {
		Random random = new Random(seed);
		List<Long> live = new ArrayList<>();
		List<Long> liveSizes = new ArrayList<>();
		List<Long> allSizes = new ArrayList<>();
		long allocations = 0;
		long frees = 0;
		long failed = 0;
		long maxUsed = 0;
		for (int step = 0; step < 3000; step++) {
			if (live.isEmpty() || random.nextInt(100) < 55) {
				long size = 1 + random.nextLong(maxRequest());
				long handle = this.pool.allocate(size);
				if (handle == MemoryPool.NO_ROOM) {
					failed++;
					continue;
				}
				allocations++;
				this.pool.segment().asSlice(handle, size).fill((byte) allocations);
				live.add(handle);
				liveSizes.add(size);
				allSizes.add(size);
			}
			else {
				int victim = random.nextInt(live.size());
				long handle = live.remove(victim);
				long size = liveSizes.remove(victim);
				byte mark = this.pool.segment().get(ValueLayout.JAVA_BYTE, handle);
				for (long i = 0; i < size; i++) {
					assertThat(this.pool.segment().get(ValueLayout.JAVA_BYTE, handle + i)).isEqualTo(mark);
				}
				this.pool.free(handle);
				frees++;
			}
			long used = expectedUsedBytes(liveSizes, allSizes);
			maxUsed = Math.max(maxUsed, used);
			assertThat(this.pool.metric().usedBytes()).isEqualTo(used);
		}
		MemoryPoolMetric metric = this.pool.metric();
		assertThat(failed).isPositive();
		assertThat(metric.allocations()).isEqualTo(allocations);
		assertThat(metric.frees()).isEqualTo(frees);
		assertThat(metric.failedAllocations()).isEqualTo(failed);
		assertThat(metric.usedBytes()).isEqualTo(expectedUsedBytes(liveSizes, allSizes));
		assertThat(metric.freeBytes()).isBetween(0L, metric.capacityBytes() - metric.usedBytes());
		assertThat(metric.highWaterMarkBytes()).isGreaterThanOrEqualTo(maxUsed)
			.isLessThanOrEqualTo(metric.capacityBytes());
		assertThat(metric.name()).isNotBlank();
	}

	private List<Long> fill() {
		List<Long> handles = new ArrayList<>();
		long handle;
		while ((handle = this.pool.allocate(maxRequest())) != MemoryPool.NO_ROOM) {
			handles.add(handle);
		}
		return handles;
	}

	static long blockBytes(long size) {
		return PoolSupport.BLOCK_HEADER + PoolSupport.align8(size);
	}

}
