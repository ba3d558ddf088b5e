package io.swoole4j.benchmarks.sync;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.swoole4j.sync.Atomic;
import io.swoole4j.sync.AtomicLong;

/**
 * {@code add(1)} on our off-heap {@link AtomicLong} and {@link Atomic} (a VarHandle
 * getAndAdd on a memory segment) beside {@link java.util.concurrent.atomic.AtomicLong},
 * on one thread and on two threads sharing the counter.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class AtomicLongAddBenchmark {

	private final AtomicLong atomicLong = AtomicLong.create(0);

	private final Atomic atomic = Atomic.create(0);

	private final java.util.concurrent.atomic.AtomicLong jdkAtomicLong = new java.util.concurrent.atomic.AtomicLong();

	@Benchmark
	@Threads(1)
	public long atomicLongAdd() {
		return this.atomicLong.add(1);
	}

	@Benchmark
	@Threads(1)
	public long atomicAdd() {
		return this.atomic.add(1);
	}

	@Benchmark
	@Threads(1)
	public long jdkAtomicLongAdd() {
		return this.jdkAtomicLong.addAndGet(1);
	}

	@Benchmark
	@Threads(2)
	public long atomicLongAddTwoThreads() {
		return this.atomicLong.add(1);
	}

	@Benchmark
	@Threads(2)
	public long jdkAtomicLongAddTwoThreads() {
		return this.jdkAtomicLong.addAndGet(1);
	}

}
