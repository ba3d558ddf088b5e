package io.swoole4j.server.task;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.server.Mode;
import io.swoole4j.server.Server;
import io.swoole4j.server.ServerConfig;
import io.swoole4j.server.ServerHandler;
import io.swoole4j.server.WorkerStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Task workers and pipe messages (spec §20 items 18-20), run once per {@link Mode} by the
 * subclasses. Event workers are 0 and 1, task workers 2 and 3 unless a test says
 * otherwise.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class AbstractTaskContractTests {

	static final Duration WAIT = Duration.ofSeconds(10);

	private final List<Server> servers = new ArrayList<>();

	private final List<TaskRecorder> recorders = new ArrayList<>();

	protected abstract Mode mode();

	@AfterEach
	void stopEverything() {
		for (TaskRecorder r : this.recorders) {
			r.release.countDown();
		}
		for (Server s : this.servers) {
			s.shutdown();
		}
	}

	ServerConfig.Builder config() {
		return ServerConfig.builder()
			.host("127.0.0.1")
			.port(0)
			.mode(mode())
			.reactorNum(2)
			.workerNum(2)
			.taskWorkerNum(2)
			.maxWaitTime(Duration.ofSeconds(2));
	}

	Server start(ServerConfig.Builder config, TaskRecorder recorder) {
		Server server = new Server(config.build(), recorder);
		this.servers.add(server);
		this.recorders.add(recorder);
		server.start();
		return server;
	}

	// ---------------------------------------------------------------- §20.18

	@Test
	void asyncTaskRunsInATaskWorkerAndItsResultReachesOnFinishOnTheCallingWorker() {
		TaskRecorder recorder = new TaskRecorder();
		Server server = start(config(), recorder);
		List<Long> ids = new CopyOnWriteArrayList<>();
		CompletableFuture<Thread> caller = new CompletableFuture<>();
		recorder.onWorker(server, 1, (s) -> {
			caller.complete(Thread.currentThread());
			for (String data : List.of("a", "b", "c")) {
				ids.add(s.task(data));
			}
		});
		await().atMost(WAIT).until(() -> recorder.finishes.size() == 3);
		assertThat(ids).hasSize(3).isSorted().doesNotHaveDuplicates().allMatch((id) -> id >= 0);
		assertThat(recorder.calls).allSatisfy((call) -> {
			assertThat(call.workerId()).isBetween(2, 3);
			assertThat(call.taskWorker()).isTrue();
			assertThat(call.srcWorkerId()).isEqualTo(1);
		});
		assertThat(recorder.finishes).allSatisfy((finish) -> {
			assertThat(finish.workerId()).isEqualTo(1);
			assertThat(finish.thread()).isSameAs(caller.join());
		});
		assertThat(recorder.finishes).extracting(TaskRecorder.Finish::result)
			.containsExactlyInAnyOrder("done:a", "done:b", "done:c");
		assertThat(recorder.finishes).extracting(TaskRecorder.Finish::taskId).containsExactlyInAnyOrderElementsOf(ids);
	}

	@Test
	void everyResultOfConcurrentSendersArrivesExactlyOnceOnItsSender() {
		TaskRecorder recorder = new TaskRecorder();
		Server server = start(config(), recorder);
		Map<Long, Integer> senders = new java.util.concurrent.ConcurrentHashMap<>();
		List<Long> ids = new CopyOnWriteArrayList<>();
		for (int worker = 0; worker < 2; worker++) {
			recorder.onWorker(server, worker, (s) -> {
				for (int i = 0; i < 300; i++) {
					ids.add(s.task("n" + i, -1,
							(srv, id, result) -> senders.merge(id, srv.getWorkerId() + 1, Integer::sum)));
				}
			});
		}
		await().atMost(WAIT).until(() -> senders.size() == 600);
		assertThat(ids).hasSize(600).doesNotHaveDuplicates().allMatch((id) -> id >= 0);
		assertThat(senders.keySet()).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(senders.values()).containsOnly(1, 2);
		assertThat(senders.values().stream().filter((w) -> w == 1).count()).isEqualTo(300);
		assertThat(recorder.finishes).isEmpty();
	}

	@Test
	void aPerCallCallbackReplacesOnFinish() {
		TaskRecorder recorder = new TaskRecorder();
		Server server = start(config(), recorder);
		List<Object> viaCallback = new CopyOnWriteArrayList<>();
		List<Long> ids = new CopyOnWriteArrayList<>();
		recorder.onWorker(server, 0, (s) -> {
			ids.add(s.task("with-callback", -1, (srv, id, result) -> viaCallback.add(id + "=" + result)));
			ids.add(s.task("plain"));
		});
		await().atMost(WAIT).until(() -> viaCallback.size() == 1 && recorder.finishes.size() == 1);
		assertThat(viaCallback).containsExactly(ids.get(0) + "=done:with-callback");
		assertThat(recorder.finishes).singleElement().satisfies((f) -> {
			assertThat(f.taskId()).isEqualTo(ids.get(1));
			assertThat(f.result()).isEqualTo("done:plain");
		});
	}

	@Test
	void finishSendsTheResultAndASecondResultOfTheSameTaskIsIgnored() {
		TaskRecorder recorder = new TaskRecorder();
		Server server = start(config(), recorder);
		assertThat(server.taskwait("finish-twice", WAIT)).isEqualTo("first");
		// the waiter wakes at the first finish, while onTask goes on
		await().atMost(WAIT).until(() -> recorder.notes.size() == 2);
		assertThat(recorder.notes).containsExactly(true, false);
		assertThat(server.finish("outside a task")).isFalse();
	}

	@Test
	void taskAndTaskwaitInsideATaskWorkerFail() {
		TaskRecorder recorder = new TaskRecorder();
		Server server = start(config(), recorder);
		assertThat(server.taskwait("nested", WAIT)).isEqualTo("-1,null");
		assertThat(recorder.calls).extracting(TaskRecorder.Call::data).containsExactly("nested");
	}

	@Test
	void aDstWorkerIdOutOfRangeFailsAndAValidOneTargetsThatTaskWorker() {
		TaskRecorder recorder = new TaskRecorder();
		Server server = start(config(), recorder);
		long refusedBefore = server.taskMetric().refusedCount();
		assertThat(server.task("x", 2)).isEqualTo(TaskPool.FAILED);
		assertThat(server.task("x", -2)).isEqualTo(TaskPool.FAILED);
		assertThat(server.taskwait("x", Duration.ofMillis(200), 2)).isNull();
		assertThat(server.taskMetric().refusedCount()).isEqualTo(refusedBefore + 3);
		if (server.config().taskIpcMode() == ServerConfig.TASK_IPC_TARGETED) {
			for (int i = 0; i < 3; i++) {
				assertThat(server.taskwait("whoami", WAIT, 1)).isEqualTo("3");
				assertThat(server.taskwait("whoami", WAIT, 0)).isEqualTo("2");
			}
		}
	}

	@Test
	void payloadsLargerThanAnIpcChunkRoundTripUnchangedWithoutTemporaryFiles() {
		TaskRecorder recorder = new TaskRecorder();
		Server server = start(config().taskCodec(TaskRecorder.POINT_CODEC), recorder);
		byte[] bytes = new byte[3 * 1024 * 1024 + 7];
		new Random(18).nextBytes(bytes);
		String text = "é€".repeat(700_000);
		// compared with Arrays.equals: a failure must not print megabytes
		assertThat(Arrays.equals((byte[]) server.taskwait(bytes, WAIT), bytes)).isTrue();
		assertThat(((String) server.taskwait(text, WAIT)).equals("done:" + text)).isTrue();
		assertThat(server.taskwait(new TaskRecorder.Point(1, 2), WAIT)).isEqualTo(new TaskRecorder.Point(2, 3));
		recorder.onWorker(server, 0, (s) -> s.task(bytes));
		await().atMost(WAIT).until(() -> recorder.finishes.size() == 1);
		assertThat(Arrays.equals((byte[]) recorder.finishes.get(0).result(), bytes)).isTrue();
		assertThat(recorder.calls).hasSize(4);
		assertThat(Arrays.equals((byte[]) recorder.calls.get(0).data(), bytes)).isTrue();
		assertThat(((String) recorder.calls.get(1).data()).getBytes(StandardCharsets.UTF_8)).hasSize(3_500_000);
		assertThat(Arrays.equals((byte[]) recorder.calls.get(3).data(), bytes)).isTrue();
		// the queue accounting of megabyte messages returns to zero
		await().atMost(WAIT).until(() -> server.taskMetric().runningCount() == 0);
		assertThat(server.taskMetric().queuedBytes()).isZero();
		assertThat(server.taskMetric().queuedCount()).isZero();
	}

	// ---------------------------------------------------------------- §20.19

	@Test
	void taskwaitReturnsTheResultWithinTheTimeout() {
		TaskRecorder recorder = new TaskRecorder();
		Server server = start(config(), recorder);
		assertThat(server.taskwait("quick", WAIT)).isEqualTo("done:quick");
		assertThat(server.taskwait("none", WAIT)).isNull();
	}

	@Test
	void taskwaitReturnsNullAfterTheTimeoutAndTheLateResultIsNotReturnedByTheNextCall() {
		TaskRecorder recorder = new TaskRecorder();
		Server server = start(config().taskWorkerNum(1), recorder);
		long begin = System.nanoTime();
		assertThat(server.taskwait("sleep:800", Duration.ofMillis(250))).isNull();
		assertThat(Duration.ofNanos(System.nanoTime() - begin)).isBetween(Duration.ofMillis(240),
				Duration.ofMillis(790));
		// queued behind the slow task on the only task worker: its result comes first
		assertThat(server.taskwait("quick", WAIT)).isEqualTo("done:quick");
		assertThat(server.taskMetric().lateResultCount()).isEqualTo(1);
	}

	@Test
	void taskWaitMultiReturnsResultsByInputIndexWithNullForTimedOutTasks() {
		TaskRecorder recorder = new TaskRecorder();
		Server server = start(config().taskWorkerNum(4), recorder);
		List<Object> results = server.taskWaitMulti(List.of("sleep:2000", "one", "two"), Duration.ofMillis(700));
		assertThat(results).containsExactly(null, "done:one", "done:two");
		await().atMost(WAIT).until(() -> server.taskMetric().lateResultCount() == 1);
		assertThat(server.taskWaitMulti(Collections.emptyList())).isEmpty();
	}

	@Test
	void anExceptionInOnTaskIsCountedAndTheTaskWorkerKeepsServing() {
		TaskRecorder recorder = new TaskRecorder();
		Server server = start(config().taskWorkerNum(1), recorder);
		assertThat(server.taskwait("throw", WAIT)).isNull();
		// a result without a codec fails the task; the waiter hears of it at once
		long begin = System.nanoTime();
		assertThat(server.taskwait("bad-result", WAIT)).isNull();
		assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(WAIT);
		assertThat(server.taskwait("after", WAIT)).isEqualTo("done:after");
		TaskMetric metric = server.taskMetric();
		// counted after the result is sent
		await().atMost(WAIT).until(() -> metric.doneCount() == 1);
		assertThat(metric.failedCount()).isEqualTo(2);
		assertThat(metric.workers().get(0).callbackErrors()).isEqualTo(2);
	}

	@Test
	void aFullTaskQueueRefusesTasksAndNeverDropsAnAcceptedOne() {
		TaskRecorder recorder = new TaskRecorder();
		Server server = start(config().taskWorkerNum(1).taskQueueCapacity(4), recorder);
		assertThat(server.task("block")).isGreaterThanOrEqualTo(0);
		await().atMost(WAIT).until(() -> server.taskMetric().runningCount() == 1);
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			ids.add(server.task("filler-" + i));
		}
		assertThat(ids.subList(0, 4)).allMatch((id) -> id > 0).isSorted();
		assertThat(ids.subList(4, 10)).containsOnly(TaskPool.FAILED);
		assertThat(server.taskMetric().refusedCount()).isEqualTo(6);
		assertThat(server.stats()).containsEntry("tasking_num", 4L);
		recorder.release.countDown();
		await().atMost(WAIT).until(() -> server.taskMetric().doneCount() == 5);
		assertThat(recorder.calls).extracting(TaskRecorder.Call::data)
			.containsExactly("block", "filler-0", "filler-1", "filler-2", "filler-3");
		assertThat(server.taskMetric().queuedCount()).isZero();
	}

	@Test
	void idleFirstSchedulingSkipsABusyTaskWorker() {
		TaskRecorder recorder = new TaskRecorder();
		Server server = start(config(), recorder);
		TaskWorkerMetric first = server.taskMetric().workers().get(0);
		TaskWorkerMetric second = server.taskMetric().workers().get(1);
		assertThat(server.task("block", 0)).isGreaterThanOrEqualTo(0);
		await().atMost(WAIT).until(() -> first.status() == WorkerStatus.BUSY);
		assertThat(server.getWorkerStatus(2)).isEqualTo(WorkerStatus.BUSY);
		for (int i = 0; i < 6; i++) {
			await().atMost(WAIT).until(() -> second.status() == WorkerStatus.IDLE && second.queuedMessages() == 0);
			assertThat(server.taskwait("whoami", WAIT)).isEqualTo("3");
		}
	}

	@Test
	void preemptiveModeLetsAnyIdleTaskWorkerTakeTasks() {
		TaskRecorder recorder = new TaskRecorder();
		Server server = start(config().taskIpcMode(ServerConfig.TASK_IPC_PREEMPTIVE), recorder);
		assertThat(server.task("block")).isGreaterThanOrEqualTo(0);
		await().atMost(WAIT).until(() -> server.taskMetric().runningCount() == 1);
		TaskWorkerMetric blocked = server.taskMetric()
			.workers()
			.stream()
			.filter((w) -> w.status() == WorkerStatus.BUSY)
			.findFirst()
			.orElseThrow();
		String other = String.valueOf(blocked.workerId() == 2 ? 3 : 2);
		List<Object> results = server.taskWaitMulti(Collections.nCopies(8, "whoami"), WAIT);
		assertThat(results).containsOnly(other).hasSize(8);
		// the destination is ignored in preemptive mode
		assertThat(server.taskwait("whoami", WAIT, blocked.workerId() - 2)).isEqualTo(other);
	}

	// ---------------------------------------------------------------- §20.20

	@Test
	void sendMessageReachesEventAndTaskWorkersAndFailsForSelfOrUnknownIds() {
		TaskRecorder recorder = new TaskRecorder();
		Server server = start(config().taskCodec(TaskRecorder.POINT_CODEC), recorder);
		List<Boolean> sent = new CopyOnWriteArrayList<>();
		recorder.onWorker(server, 0, (s) -> {
			sent.add(s.sendMessage("to-event", 1));
			sent.add(s.sendMessage(new TaskRecorder.Point(7, 8), 3));
			sent.add(s.sendMessage("self", 0));
			sent.add(s.sendMessage("unknown", 4));
			sent.add(s.sendMessage("negative", -1));
		});
		await().atMost(WAIT).until(() -> recorder.pipes.size() == 2 && sent.size() == 5);
		assertThat(sent).containsExactly(true, true, false, false, false);
		assertThat(recorder.pipes).containsExactlyInAnyOrder(new TaskRecorder.Pipe(1, 0, "to-event"),
				new TaskRecorder.Pipe(3, 0, new TaskRecorder.Point(7, 8)));
		assertThat(server.taskwait("pipe-to:1", WAIT, 0)).isEqualTo("true");
		await().atMost(WAIT).until(() -> recorder.pipes.size() == 3);
		assertThat(recorder.pipes.get(2)).isEqualTo(new TaskRecorder.Pipe(1, 2, "from-task"));
		assertThat(server.taskwait("pipe-to:2", WAIT, 0)).isEqualTo("false");
	}

	@Test
	void aLargePipeMessageArrivesUnchanged() {
		TaskRecorder recorder = new TaskRecorder();
		Server server = start(config(), recorder);
		byte[] big = new byte[2 * 1024 * 1024 + 1];
		new Random(20).nextBytes(big);
		assertThat(server.sendMessage(big, 1)).isTrue();
		assertThat(server.sendMessage(big, 2)).isTrue();
		await().atMost(WAIT).until(() -> recorder.pipes.size() == 2);
		assertThat(recorder.pipes).extracting(TaskRecorder.Pipe::dstWorkerId).containsExactlyInAnyOrder(1, 2);
		assertThat(recorder.pipes).allSatisfy((p) -> {
			assertThat(p.srcWorkerId()).isEqualTo(-1);
			assertThat(Arrays.equals((byte[]) p.message(), big)).isTrue();
		});
	}

	// ---------------------------------------------------------------- stats and start

	@Test
	void statsReportTheTaskKeys() {
		TaskRecorder recorder = new TaskRecorder();
		Server server = start(config(), recorder);
		for (int i = 0; i < 4; i++) {
			assertThat(server.taskwait("s" + i, WAIT)).isEqualTo("done:s" + i);
		}
		await().atMost(WAIT).until(() -> server.taskMetric().idleWorkerCount() == 2);
		Map<String, Long> stats = server.stats();
		assertThat(stats).containsEntry("task_worker_num", 2L)
			.containsEntry("task_idle_worker_num", 2L)
			.containsEntry("tasking_num", 0L)
			.containsEntry("task_count", 4L)
			.containsEntry("task_queue_num", 0L)
			.containsEntry("task_queue_bytes", 0L);
		assertThat(stats.get("task_worker_2_task_count") + stats.get("task_worker_3_task_count")).isEqualTo(4L);
		TaskMetric metric = server.taskMetric();
		assertThat(metric.acceptedCount()).isEqualTo(4);
		assertThat(metric.doneCount()).isEqualTo(4);
		assertThat(metric.runningCount()).isZero();
	}

	@Test
	void startFailsWhenTaskWorkersHaveNoOnTask() {
		Server server = new Server(config().build(), new ServerHandler() {
		});
		this.servers.add(server);
		assertThatIllegalStateException().isThrownBy(server::start).withMessageContaining("onTask");
		assertThat(server.isRunning()).isFalse();
	}

	@Test
	void taskWorkersStartAndStopWithTheirOwnIdsAndRefuseTasksAfterShutdown() {
		List<Integer> started = new CopyOnWriteArrayList<>();
		List<Integer> stopped = new CopyOnWriteArrayList<>();
		TaskRecorder recorder = new TaskRecorder() {

			@Override
			public void onWorkerStart(Server server, int workerId) {
				if (server.isTaskWorker()) {
					started.add(server.getWorkerId());
				}
			}

			@Override
			public void onWorkerStop(Server server, int workerId) {
				stopped.add(workerId);
			}

		};
		Server server = start(config(), recorder);
		assertThat(server.taskwait("x", WAIT)).isEqualTo("done:x");
		// start() does not wait for onWorkerStart: one task worker may answer before the
		// other has started
		await().atMost(WAIT).until(() -> started.size() == 2);
		assertThat(started).containsExactlyInAnyOrder(2, 3);
		// from a thread that is not an event worker the task runs, but no result comes
		// back
		List<Object> viaCallback = new CopyOnWriteArrayList<>();
		assertThat(server.task("no-reply", -1, (s, id, r) -> viaCallback.add(r))).isGreaterThanOrEqualTo(0);
		await().atMost(WAIT).until(() -> server.taskMetric().doneCount() == 2);
		server.shutdown();
		assertThat(viaCallback).isEmpty();
		assertThat(recorder.finishes).isEmpty();
		assertThat(stopped).contains(2, 3);
		assertThat(server.task("late")).isEqualTo(TaskPool.FAILED);
		assertThat(server.taskMetric().workers()).allMatch((w) -> w.status() == WorkerStatus.EXIT);
		assertThat(server.getWorkerStatus(3)).isEqualTo(WorkerStatus.EXIT);
	}

}
