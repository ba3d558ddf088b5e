package io.swoole4j.server;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.swoole4j.client.Client;

import static io.swoole4j.server.ServerTestSupport.WAIT;
import static io.swoole4j.server.ServerTestSupport.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * THREAD-model worker lifecycle (spec §20 items 14, 15, and the {@code maxWaitTime}
 * bounds of 16, 17): a worker is a thread, so "a new pid" is a new thread serving the
 * same worker id and queue.
 */
class ThreadModeWorkerLifecycleTests extends AbstractWorkerLifecycleContractTests {

	@Override
	protected Mode mode() {
		return Mode.THREAD;
	}

	private static long threadOf(String reply) {
		return Long.parseLong(reply.split("\\|")[1]);
	}

	// ---------------------------------------------------------------- §20.14

	@Test
	void maxRequestRecyclesTheWorkerOnANewThreadWithTheSameIdAndTheConnectionLives() throws Exception {
		LifecycleHandler handler = new LifecycleHandler();
		Server server = start(config().workerNum(1).maxRequest(5), handler);
		Client client = client(server);
		List<Long> threads = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			String reply = ask(client, "echo:" + i);
			assertThat(reply).startsWith(i + "|").endsWith("|0");
			threads.add(threadOf(reply));
		}
		assertThat(threads.subList(0, 5)).containsOnly(threads.get(0));
		assertThat(threads.subList(5, 10)).containsOnly(threads.get(5));
		assertThat(threads.get(10)).isNotIn(threads.get(0), threads.get(5));
		await().atMost(WAIT).until(() -> server.metric().workers().get(0).restarts() == 2);
		assertThat(handler.lifecycle).containsSubsequence("workerStart:0", "workerStop:0", "workerStart:0",
				"workerStop:0", "workerStart:0");
		assertThat(server.stats()).containsEntry("worker_0_restart_count", 2L);
	}

	@Test
	void requestsQueuedForARecycledWorkerAreServedByItsReplacement() throws Exception {
		LifecycleHandler handler = new LifecycleHandler();
		Server server = start(config().workerNum(1).maxRequest(3), handler);
		Client client = client(server);
		ByteArrayOutputStream burst = new ByteArrayOutputStream();
		for (int i = 0; i < 20; i++) {
			burst.writeBytes(frame("echo:" + i));
		}
		client.send(burst.toByteArray());
		for (int i = 0; i < 20; i++) {
			byte[] reply = client.recv(WAIT);
			assertThat(reply).isNotNull();
			assertThat(LifecycleHandler.body(reply)).startsWith(i + "|");
		}
		await().atMost(WAIT).until(() -> server.metric().workers().get(0).restarts() >= 6);
	}

	@Test
	void maxRequestGraceKeepsEachGenerationWithinOneAndAHalfTimesTheLimit() throws Exception {
		Server server = start(config().workerNum(1).maxRequest(12), new LifecycleHandler());
		assertThat(server.config().maxRequestGrace()).isEqualTo(6);
		Client client = client(server);
		List<Long> threads = new ArrayList<>();
		for (int i = 0; i < 80; i++) {
			threads.add(threadOf(ask(client, "echo:" + i)));
		}
		List<Integer> runs = new ArrayList<>();
		int run = 1;
		for (int i = 1; i < threads.size(); i++) {
			if (threads.get(i).equals(threads.get(i - 1))) {
				run++;
			}
			else {
				runs.add(run);
				run = 1;
			}
		}
		assertThat(runs).isNotEmpty().allSatisfy((n) -> assertThat(n).isBetween(13, 18));
	}

	@Test
	void statsInAWorkerCountThatWorkersRequestsSinceItStarted() throws Exception {
		Server server = start(config().workerNum(1), new LifecycleHandler());
		Client client = client(server);
		ask(client, "echo:a");
		ask(client, "echo:b");
		String[] counts = ask(client, "stats").split(",");
		assertThat(Long.parseLong(counts[0])).isEqualTo(2);
		// a reactor counts a dispatch just after queueing it, so the event being
		// handled may not be counted yet
		assertThat(Long.parseLong(counts[1])).isGreaterThanOrEqualTo(2);
		assertThat(server.stats()).doesNotContainKey("worker_request_count");
	}

	// ---------------------------------------------------------------- §20.15

	@Test
	void anErrorInACallbackRestartsOnlyThatWorkerAndReportsOnWorkerError() throws Exception {
		LifecycleHandler handler = new LifecycleHandler();
		Server server = start(config().workerNum(2), handler);
		Client first = client(server);
		Client second = client(server);
		String before = ask(first, "echo:x");
		int crashingWorker = Integer.parseInt(before.split("\\|")[2]);
		long crashedThread = threadOf(before);
		String other = ask(second, "echo:y");
		assertThat(Integer.parseInt(other.split("\\|")[2])).isNotEqualTo(crashingWorker);
		// the error, then two requests queued behind it in the same write
		ByteArrayOutputStream burst = new ByteArrayOutputStream();
		burst.writeBytes(frame("error"));
		burst.writeBytes(frame("echo:after1"));
		burst.writeBytes(frame("echo:after2"));
		first.send(burst.toByteArray());
		String after1 = LifecycleHandler.body(first.recv(WAIT));
		assertThat(after1).startsWith("after1|").endsWith("|" + crashingWorker);
		assertThat(threadOf(after1)).isNotEqualTo(crashedThread);
		assertThat(LifecycleHandler.body(first.recv(WAIT))).startsWith("after2|");
		assertThat(ask(second, "echo:z")).startsWith("z|");
		await().atMost(WAIT).until(() -> !handler.workerErrors.isEmpty());
		assertThat(handler.workerErrors).containsExactly(crashingWorker + ":" + crashedThread + ":255:0");
		assertThat(handler.lifecycle).doesNotContain("workerStop:" + crashingWorker);
		WorkerMetric metric = server.metric().workers().get(crashingWorker);
		assertThat(metric.restarts()).isEqualTo(1);
		assertThat(metric.callbackErrors()).isEqualTo(1);
		assertThat(server.metric().workers().get(1 - crashingWorker).restarts()).isZero();
	}

	// ---------------------------------------------------------------- maxWaitTime

	@Test
	void aWorkerStuckPastMaxWaitTimeIsAbandonedByReloadAndReplaced() throws Exception {
		LifecycleHandler handler = new LifecycleHandler();
		Server server = start(config().workerNum(1).maxWaitTime(Duration.ofMillis(300)), handler);
		Client stuck = client(server);
		Client other = client(server);
		stuck.send(frame("sleep:2000:stuck"));
		await().atMost(WAIT).until(() -> handler.inCallback.get() == 1);
		handler.lifecycle.clear();
		assertThat(server.reload()).isTrue();
		await().atMost(WAIT).until(() -> handler.lifecycle.contains("afterReload"));
		assertThat(handler.lifecycle).containsExactly("beforeReload", "workerStart:0", "afterReload");
		await().atMost(WAIT).until(() -> handler.interrupted.get() > 0);
		String reply = ask(other, "echo:served");
		assertThat(reply).startsWith("served|");
		// the abandoned callback still finishes and its reply still goes out
		assertThat(LifecycleHandler.body(stuck.recv(WAIT))).startsWith("stuck|");
	}

	@Test
	void shutdownAbandonsAStuckWorkerAndRefusesItsQueuedRequestsVisibly() throws Exception {
		LifecycleHandler handler = new LifecycleHandler();
		Server server = start(config().workerNum(1).maxWaitTime(Duration.ofMillis(300)), handler);
		Client client = client(server);
		ByteArrayOutputStream burst = new ByteArrayOutputStream();
		burst.writeBytes(frame("sleep:3000:stuck"));
		for (int i = 0; i < 5; i++) {
			burst.writeBytes(frame("echo:" + i));
		}
		client.send(burst.toByteArray());
		await().atMost(WAIT).until(() -> handler.inCallback.get() == 1);
		server.shutdown();
		assertThat(handler.inCallback.get()).as("shutdown did not wait for the stuck callback").isEqualTo(1);
		assertThat(server.stats().get("refused_count")).isEqualTo(5L);
		assertThat(client.recv(WAIT)).as("refused: the connection is closed").isEmpty();
		assertThat(handler.lifecycle).doesNotContain("workerStop:0").endsWith("managerStop", "shutdown");
	}

}
