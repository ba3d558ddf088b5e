package io.swoole4j.process;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link ProcessPool}: restarts with the same id, error reports, messages, shutdown.
 */
class ProcessPoolTests {

	private static final Duration UP = Duration.ofSeconds(60);

	/**
	 * Records every event as a line, in order.
	 */
	static final class Recorder implements ProcessPoolHandler {

		final BlockingQueue<String> events = new LinkedBlockingQueue<>();

		@Override
		public void onWorkerStart(ProcessPool pool, int workerId, long pid) {
			this.events.add("start " + workerId + " " + pid);
		}

		@Override
		public void onWorkerStop(ProcessPool pool, int workerId, ExitStatus status) {
			this.events.add("stop " + workerId + " " + status.pid() + " " + status.code() + " " + status.signal());
		}

		@Override
		public void onWorkerError(ProcessPool pool, int workerId, ExitStatus status) {
			this.events.add("error " + workerId + " " + status.pid() + " " + status.code() + " " + status.signal());
		}

		@Override
		public void onMessage(ProcessPool pool, int workerId, byte[] message) {
			this.events.add("message " + workerId + " " + new String(message, StandardCharsets.UTF_8));
		}

		String next(String prefix) throws InterruptedException {
			long deadline = System.nanoTime() + UP.toNanos();
			while (true) {
				String event = this.events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				if (event == null) {
					throw new AssertionError("no event starting with \"" + prefix + "\" within " + UP);
				}
				if (event.startsWith(prefix)) {
					return event;
				}
			}
		}

	}

	@Test
	@Timeout(180)
	void restartsAWorkerKilledWithSigkillUnderTheSameIdAndShutsEveryWorkerDown() throws Exception {
		Recorder recorder = new Recorder();
		Process.Builder worker = Process.builder(PoolWorkerEntry.class)
			.name("pool-test")
			.args("hang=1")
			.jvmOptions(Process.FAST_START_OPTIONS);
		ProcessPool pool = ProcessPool.builder(worker, 2)
			.handler(recorder)
			.maxWaitTime(Duration.ofSeconds(2))
			.restartBackoff(Duration.ofMillis(50), Duration.ofSeconds(1))
			.build();
		List<Long> pids = new java.util.ArrayList<>();
		try {
			pool.start();
			assertThatIllegalStateException().isThrownBy(pool::start);
			recorder.next("message 0 ready 0");
			recorder.next("message 1 ready 1");
			long first = pool.workerPid(1);
			long other = pool.workerPid(0);
			pids.add(first);
			pids.add(other);
			assertThat(pool.workerState(1)).isEqualTo(WorkerState.RUNNING);

			assertThat(pool.sendMessage(0, "ping".getBytes(StandardCharsets.UTF_8))).isTrue();
			recorder.next("message 0 echo 0 ping");

			assertThat(Process.kill(first, Signal.KILL)).isTrue();
			assertThat(recorder.next("stop 1")).isEqualTo("stop 1 " + first + " 0 9");
			assertThat(recorder.next("error 1")).isEqualTo("error 1 " + first + " 0 9");
			String restarted = recorder.next("start 1");
			recorder.next("message 1 ready 1");
			long second = pool.workerPid(1);
			pids.add(second);
			assertThat(restarted).isEqualTo("start 1 " + second);
			assertThat(second).isNotEqualTo(first);
			assertThat(pool.workerPid(0)).isEqualTo(other);
			assertThat(pool.sendMessage(1, "pong".getBytes(StandardCharsets.UTF_8))).isTrue();
			recorder.next("message 1 echo 1 pong");

			ProcessPoolStats stats = pool.stats();
			assertThat(stats.workerNum()).isEqualTo(2);
			assertThat(stats.runningWorkers()).isEqualTo(2);
			assertThat(stats.workerStarts()).isEqualTo(3);
			assertThat(stats.workerRestarts()).isEqualTo(1);
			assertThat(stats.workerErrors()).isEqualTo(1);
			assertThat(stats.messagesReceived()).isEqualTo(5);
			assertThat(stats.workers()).extracting(ProcessPoolStats.Worker::starts).containsExactly(1L, 2L);
		}
		finally {
			pool.shutdown();
		}
		// worker 0 ends on SIGTERM; worker 1 blocks its shutdown and is killed after the
		// wait
		assertThat(recorder.events).contains("stop 0 " + pids.get(1) + " 0 15", "stop 1 " + pids.get(2) + " 0 9");
		assertThat(recorder.events).noneMatch((event) -> event.startsWith("error") || event.startsWith("start"));
		for (long pid : pids) {
			assertThat(ProcessTests.runs(pid)).as("pid %d", pid).isFalse();
		}
		ProcessPoolStats stats = pool.stats();
		assertThat(stats.runningWorkers()).isZero();
		assertThat(stats.workers()).extracting(ProcessPoolStats.Worker::state).containsOnly(WorkerState.STOPPED);
		assertThat(pool.isRunning()).isFalse();
		assertThat(pool.sendMessage(0, new byte[0])).isFalse();
		pool.shutdown();
	}

	@Test
	@Timeout(120)
	void restartsAnEntryThatKeepsFailingAndReportsEachFailure() throws Exception {
		Recorder recorder = new Recorder();
		Process.Builder worker = Process.builder(CrashEntry.class)
			.jvmOptions(Process.FAST_START_OPTIONS)
			.redirectError(java.lang.ProcessBuilder.Redirect.DISCARD);
		ProcessPool pool = ProcessPool.builder(worker, 1)
			.handler(recorder)
			.restartBackoff(Duration.ofMillis(200), Duration.ofSeconds(30))
			.build();
		try {
			pool.start();
			String firstError = recorder.next("error 0");
			String secondError = recorder.next("error 0");
			assertThat(firstError).endsWith(" " + ProcessMain.ENTRY_FAILED + " 0");
			assertThat(secondError).endsWith(" " + ProcessMain.ENTRY_FAILED + " 0").isNotEqualTo(firstError);
		}
		finally {
			pool.shutdown();
		}
		ProcessPoolStats stats = pool.stats();
		assertThat(stats.workerErrors()).isGreaterThanOrEqualTo(2);
		assertThat(stats.workerRestarts()).isEqualTo(stats.workerStarts() - 1);
		assertThat(stats.runningWorkers()).isZero();
	}

	@Test
	void backsOffExponentiallyUpToTheMaximumForAWorkerThatKeepsDyingYoung() {
		long initial = 100;
		long max = 1_000;
		assertThat(ProcessPool.restartDelayNanos(0, initial, max)).isZero();
		assertThat(ProcessPool.restartDelayNanos(1, initial, max)).isEqualTo(100);
		assertThat(ProcessPool.restartDelayNanos(2, initial, max)).isEqualTo(200);
		assertThat(ProcessPool.restartDelayNanos(4, initial, max)).isEqualTo(800);
		assertThat(ProcessPool.restartDelayNanos(5, initial, max)).isEqualTo(1_000);
		assertThat(ProcessPool.restartDelayNanos(Integer.MAX_VALUE, initial, max)).isEqualTo(1_000);
	}

	@Test
	void validatesItsSettings() throws Exception {
		Process.Builder worker = Process.builder(PoolWorkerEntry.class);
		assertThatIllegalArgumentException().isThrownBy(() -> ProcessPool.builder(worker, 0))
			.withMessage("workerNum: 0 (expected: > 0)");
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> ProcessPool.builder(worker, 1).restartBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
			.withMessage("maxRestartBackoff: PT1S (expected: >= restartBackoff PT2S)");
		ProcessPool pool = ProcessPool.builder(worker, 1).build();
		assertThatIllegalArgumentException().isThrownBy(() -> pool.workerPid(1))
			.withMessage("workerId: 1 (expected: in [0, 0])");
		pool.shutdown();
		assertThatIllegalStateException().isThrownBy(pool::start);
	}

}
