package io.swoole4j.benchmarks.memory;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.swoole4j.memory.MemoryPool;
import io.swoole4j.memory.RingBufferPool;

/**
 * {@link RingBufferPool} on one thread: allocate + free of one block, and a burst of
 * {@code burst} blocks allocated then freed in order (the reactor filling packet slots
 * that a worker drains), which keeps the ring wrapping.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class RingBufferPoolAllocationBenchmark {

	@Param({ "256" })
	public int size;

	@Param({ "16" })
	public int burst;

	private RingBufferPool pool;

	private long[] handles;

	@Setup(Level.Trial)
	public void setUp() {
		this.pool = RingBufferPool.anonymous(64 * 1024);
		this.handles = new long[this.burst];
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.pool.close();
	}

	@Benchmark
	public long allocateAndFree() {
		long handle = this.pool.allocate(this.size);
		if (handle != MemoryPool.NO_ROOM) {
			this.pool.free(handle);
		}
		return handle;
	}

	/** One operation is a burst: divide the score by burst for blocks per second. */
	@Benchmark
	public long allocateBurstThenFreeInOrder() {
		long[] handles = this.handles;
		long sum = 0;
		for (int i = 0; i < handles.length; i++) {
			handles[i] = this.pool.allocate(this.size);
			sum += handles[i];
		}
		for (long handle : handles) {
			if (handle != MemoryPool.NO_ROOM) {
				this.pool.free(handle);
			}
		}
		return sum;
	}

}
