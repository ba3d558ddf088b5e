package io.swoole4j.benchmarks.memory;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.swoole4j.memory.FixedPool;
import io.swoole4j.memory.MemoryPool;

/**
 * Allocate + free of one 256-byte block: {@link FixedPool} (one pool shared by all
 * threads, as across JVMs) beside Netty's pooled direct allocator and
 * {@link ByteBuffer#allocateDirect}, on one and two threads. Compare the ratios within
 * one run: the machine is shared.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class FixedPoolAllocationBenchmark {

	private static final int SIZE = 256;

	private FixedPool pool;

	@Setup(Level.Trial)
	public void setUp() {
		this.pool = FixedPool.anonymous(SIZE, 1024);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.pool.close();
	}

	private long fixedPool() {
		long handle = this.pool.allocate();
		if (handle != MemoryPool.NO_ROOM) {
			this.pool.free(handle);
		}
		return handle;
	}

	private static int nettyPooled() {
		ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(SIZE);
		int capacity = buffer.capacity();
		buffer.release();
		return capacity;
	}

	private static ByteBuffer allocateDirect() {
		return ByteBuffer.allocateDirect(SIZE);
	}

	@Benchmark
	@Threads(1)
	public long fixedPool1Thread() {
		return fixedPool();
	}

	@Benchmark
	@Threads(2)
	public long fixedPool2Threads() {
		return fixedPool();
	}

	@Benchmark
	@Threads(1)
	public int nettyPooled1Thread() {
		return nettyPooled();
	}

	@Benchmark
	@Threads(2)
	public int nettyPooled2Threads() {
		return nettyPooled();
	}

	@Benchmark
	@Threads(1)
	public ByteBuffer allocateDirect1Thread() {
		return allocateDirect();
	}

	@Benchmark
	@Threads(2)
	public ByteBuffer allocateDirect2Threads() {
		return allocateDirect();
	}

}
