package io.swoole4j.benchmarks.sync;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

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

import io.swoole4j.sync.Mutex;
import io.swoole4j.sync.SpinLock;

/**
 * Lock then unlock, with an empty critical section: our {@link Mutex} and
 * {@link SpinLock} (one CAS storing the owner, futex or spin when contended) beside
 * {@link ReentrantLock}, on one thread (uncontended) and on two threads sharing the lock
 * (contended).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class MutexLockBenchmark {

	private final Mutex mutex = Mutex.create();

	private final SpinLock spinLock = SpinLock.create();

	private final ReentrantLock reentrantLock = new ReentrantLock();

	private long counter;

	@Benchmark
	@Threads(1)
	public long mutexUncontended() {
		this.mutex.lock();
		long value = ++this.counter;
		this.mutex.unlock();
		return value;
	}

	@Benchmark
	@Threads(1)
	public long spinLockUncontended() {
		this.spinLock.lock();
		long value = ++this.counter;
		this.spinLock.unlock();
		return value;
	}

	@Benchmark
	@Threads(1)
	public long reentrantLockUncontended() {
		this.reentrantLock.lock();
		long value = ++this.counter;
		this.reentrantLock.unlock();
		return value;
	}

	@Benchmark
	@Threads(2)
	public long mutexContended() {
		this.mutex.lock();
		long value = ++this.counter;
		this.mutex.unlock();
		return value;
	}

	@Benchmark
	@Threads(2)
	public long spinLockContended() {
		this.spinLock.lock();
		long value = ++this.counter;
		this.spinLock.unlock();
		return value;
	}

	@Benchmark
	@Threads(2)
	public long reentrantLockContended() {
		this.reentrantLock.lock();
		long value = ++this.counter;
		this.reentrantLock.unlock();
		return value;
	}

}
