package io.swoole4j.process;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
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

		final List<String> all = new CopyOnWriteArrayList<>();

		private final BlockingQueue<String> arrived = new LinkedBlockingQueue<>();

		private final List<String> skipped = new ArrayList<>();

		private void record(String event) {
			this.all.add(event);
			this.arrived.add(event);
		}

		@Override
		public void onWorkerStart(ProcessPool pool, int workerId, long pid) {
			record("start " + workerId + " " + pid);
		}

		@Override
		public void onWorkerStop(ProcessPool pool, int workerId, ExitStatus status) {
			record("stop " + workerId + " " + status.pid() + " " + status.code() + " " + status.signal());
		}

		@Override
		public void onWorkerError(ProcessPool pool, int workerId, ExitStatus status) {
			record("error " + workerId + " " + status.pid() + " " + status.code() + " " + status.signal());
		}

		@Override
		public void onMessage(ProcessPool pool, int workerId, byte[] message) {
			record("message " + workerId + " " + new String(message, StandardCharsets.UTF_8));
		}

		/**
		 * Takes the oldest event not taken yet that starts with {@code prefix}, waiting
		 * for it; events passed over stay for later calls.
		 */
		String next(String prefix) throws InterruptedException {
			for (int i = 0; i < this.skipped.size(); i++) {
				if (this.skipped.get(i).startsWith(prefix)) {
					return this.skipped.remove(i);
				}
			}
			long deadline = System.nanoTime() + UP.toNanos();
			while (true) {
				String event = this.arrived.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				if (event == null) {
					throw new AssertionError(
							"no event starting with \"" + prefix + "\" within " + UP + "; got " + this.all);
				}
				if (event.startsWith(prefix)) {
					return event;
				}
				this.skipped.add(event);
			}
		}

		long count(String prefix) {
			return this.all.stream().filter((event) -> event.startsWith(prefix)).count();
		}

	}

	@Test
	@Timeout(180)
	void restartsAWorkerKilledWithSigkillUnderTheSameIdReloadsOneByOneAndShutsEveryWorkerDown() throws Exception {
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
		List<Long> pids = new ArrayList<>();
		try {
			pool.start();
			assertThatIllegalStateException().isThrownBy(pool::start);
			recorder.next("message 0 ready 0");
			recorder.next("message 1 ready 1");
			long first = pool.workerPid(1);
			long other = pool.workerPid(0);
			assertThat(recorder.next("start 0")).isEqualTo("start 0 " + other);
			assertThat(recorder.next("start 1")).isEqualTo("start 1 " + first);
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
			assertThat(pool.trySendMessage(1, "pong".getBytes(StandardCharsets.UTF_8))).isTrue();
			recorder.next("message 1 echo 1 pong");

			ProcessPoolStats stats = pool.stats();
			assertThat(stats.workerNum()).isEqualTo(2);
			assertThat(stats.runningWorkers()).isEqualTo(2);
			assertThat(stats.workerStarts()).isEqualTo(3);
			assertThat(stats.workerRestarts()).isEqualTo(1);
			assertThat(stats.workerErrors()).isEqualTo(1);
			assertThat(stats.messagesReceived()).isEqualTo(5);
			assertThat(stats.workers()).extracting(ProcessPoolStats.Worker::starts).containsExactly(1L, 2L);

			// reload: one worker after the other; worker 1 ignores SIGTERM and is killed
			assertThat(pool.reload()).isTrue();
			assertThat(pool.reload()).isFalse();
			assertThat(recorder.next("stop 0")).isEqualTo("stop 0 " + other + " 0 15");
			long third = Long.parseLong(recorder.next("start 0").substring("start 0 ".length()));
			assertThat(recorder.next("stop 1")).isEqualTo("stop 1 " + second + " 0 9");
			long fourth = Long.parseLong(recorder.next("start 1").substring("start 1 ".length()));
			pids.addAll(List.of(third, fourth));
			long deadline = System.nanoTime() + UP.toNanos();
			while (pool.isReloading() && System.nanoTime() - deadline < 0) {
				TimeUnit.MILLISECONDS.sleep(10);
			}
			assertThat(pool.isReloading()).isFalse();
			assertThat(List.of(pool.workerPid(0), pool.workerPid(1))).containsExactly(third, fourth);
			assertThat(pool.stats().workerErrors()).isEqualTo(1);
			assertThat(pool.stats().workerRestarts()).isEqualTo(3);
			recorder.next("message 1 ready 1");
		}
		finally {
			pool.shutdown();
		}
		// worker 0 ends on SIGTERM; worker 1 blocks its shutdown and is killed after the
		// wait
		assertThat(recorder.all).contains("stop 0 " + pids.get(3) + " 0 15", "stop 1 " + pids.get(4) + " 0 9");
		assertThat(recorder.count("error")).isOne();
		assertThat(recorder.count("start")).isEqualTo(5);
		for (long pid : pids) {
			assertThat(ProcessTests.runs(pid)).as("pid %d", pid).isFalse();
		}
		ProcessPoolStats stats = pool.stats();
		assertThat(stats.runningWorkers()).isZero();
		assertThat(stats.workers()).extracting(ProcessPoolStats.Worker::state).containsOnly(WorkerState.STOPPED);
		assertThat(pool.isRunning()).isFalse();
		assertThat(pool.sendMessage(0, new byte[0])).isFalse();
		assertThat(pool.trySendMessage(0, new byte[0])).isFalse();
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
