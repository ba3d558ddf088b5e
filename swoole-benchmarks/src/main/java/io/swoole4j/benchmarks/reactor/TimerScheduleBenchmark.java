package io.swoole4j.benchmarks.reactor;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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

import io.swoole4j.timer.Timer;
import io.swoole4j.timer.TimerCallback;

/**
 * Adding a timer and cancelling it again, on our heap {@link Timer} and on a
 * {@link ScheduledThreadPoolExecutor} (remove-on-cancel, so its queue stays the same
 * size), each already holding {@code pending} far-future timers so the heap has depth.
 * <p>
 * The timer runs on the caller's thread as it would inside its loop; the executor is
 * called from outside its worker, its normal use. Goal: the timer at least 3x the
 * executor's throughput.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TimerScheduleBenchmark {

	private static final TimerCallback CALLBACK = (id) -> {
	};

	private static final Runnable TASK = () -> {
	};

	@Param({ "0", "1000" })
	public int pending;

	private Timer timer;

	private ScheduledThreadPoolExecutor executor;

	@Setup(Level.Trial)
	public void setUp() {
		this.timer = new Timer();
		this.executor = new ScheduledThreadPoolExecutor(1);
		this.executor.setRemoveOnCancelPolicy(true);
		for (int i = 0; i < this.pending; i++) {
			this.timer.after(3_600_000 + i, CALLBACK);
			this.executor.schedule(TASK, 3_600_000 + i, TimeUnit.MILLISECONDS);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.timer.clearAll();
		this.executor.shutdownNow();
	}

	@Benchmark
	public boolean timerAfterAndClear() {
		return this.timer.clear(this.timer.after(1_000, CALLBACK));
	}

	@Benchmark
	public boolean timerTickAndClear() {
		return this.timer.clear(this.timer.tick(1_000, CALLBACK));
	}

	@Benchmark
	public boolean executorScheduleAndCancel() {
		ScheduledFuture<?> future = this.executor.schedule(TASK, 1_000, TimeUnit.MILLISECONDS);
		return future.cancel(false);
	}

	@Benchmark
	public boolean executorScheduleAtFixedRateAndCancel() {
		ScheduledFuture<?> future = this.executor.scheduleAtFixedRate(TASK, 1_000, 1_000, TimeUnit.MILLISECONDS);
		return future.cancel(false);
	}

}
