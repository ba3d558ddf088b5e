package io.swoole4j.benchmarks.reactor;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
import org.openjdk.jmh.annotations.Warmup;

import io.swoole4j.reactor.Reactor;

/**
 * Cross-thread hand-off latency, as a round trip: the benchmark thread posts a task and
 * waits (spinning) until the task has run on the other thread. The reactor is idle in its
 * poller between tasks, so each post pays a wakeup (an eventfd write and an
 * {@code epoll_wait} return); the peer is a single-thread {@link ExecutorService} whose
 * worker parks on its queue (an unpark).
 * <p>
 * The task object is allocated once, so only the hand-off itself is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ReactorExecuteBenchmark {

	private final AtomicLong done = new AtomicLong();

	private final Runnable task = this.done::incrementAndGet;

	private Reactor reactor;

	private ExecutorService executor;

	@Setup(Level.Trial)
	public void setUp() {
		this.reactor = new Reactor("bench-reactor");
		this.reactor.start();
		this.executor = Executors.newSingleThreadExecutor();
	}

	@TearDown(Level.Trial)
	public void tearDown() throws InterruptedException {
		this.reactor.stop();
		this.reactor.awaitTermination(Duration.ofSeconds(10));
		this.executor.shutdown();
		this.executor.awaitTermination(10, TimeUnit.SECONDS);
	}

	@Benchmark
	public long reactorExecuteRoundTrip() {
		long target = this.done.get() + 1;
		this.reactor.execute(this.task);
		return awaitDone(target);
	}

	@Benchmark
	public long executorServiceRoundTrip() {
		long target = this.done.get() + 1;
		this.executor.execute(this.task);
		return awaitDone(target);
	}

	private long awaitDone(long target) {
		long value;
		while ((value = this.done.get()) < target) {
			Thread.onSpinWait();
		}
		return value;
	}

}
