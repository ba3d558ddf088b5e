package io.swoole4j.benchmarks.task;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

import io.swoole4j.server.Server;
import io.swoole4j.server.ServerConfig;
import io.swoole4j.server.ServerHandler;

/**
 * Round trip of one {@code taskwait}: encode the payload into a task message, queue it,
 * wake the task worker, run {@code onTask} (which returns its input), encode the result
 * and complete the waiter. The peer is a single-thread {@link ExecutorService} running
 * the same identity function through {@code submit(...).get()}, with no encoding: the
 * ratio is the cost of Swoole's message format and scheduling over a bare hand-off.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TaskwaitRoundTripBenchmark {

	@Param({ "16", "65536" })
	public int payloadSize;

	private byte[] payload;

	private Server server;

	private ExecutorService executor;

	@Setup(Level.Trial)
	public void setUp() {
		this.payload = new byte[this.payloadSize];
		this.server = new Server(ServerConfig.builder().host("127.0.0.1").workerNum(1).taskWorkerNum(1).build(),
				new ServerHandler() {

					@Override
					public Object onTask(Server server, long taskId, int srcWorkerId, Object data) {
						return data;
					}

				});
		this.server.start();
		this.executor = Executors.newSingleThreadExecutor();
	}

	@TearDown(Level.Trial)
	public void tearDown() throws InterruptedException {
		this.server.shutdown();
		this.executor.shutdown();
		this.executor.awaitTermination(10, TimeUnit.SECONDS);
	}

	@Benchmark
	public Object taskwaitRoundTrip() {
		return this.server.taskwait(this.payload, Duration.ofSeconds(5));
	}

	@Benchmark
	public Object executorSubmitGet() throws InterruptedException, ExecutionException {
		byte[] data = this.payload;
		return this.executor.submit(() -> data).get();
	}

}
