package io.swoole4j.server;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.client.Client;

import static io.swoole4j.server.ServerTestSupport.WAIT;
import static io.swoole4j.server.ServerTestSupport.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Worker lifecycle behaviours that hold in every execution model (spec §20 items 16, 17,
 * timers of §18.7): per-worker timers, reload, shutdown order, and no request lost under
 * load. THREAD-only behaviours (maxRequest, Error restarts, abandonment) live in
 * {@link ThreadModeWorkerLifecycleTests}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class AbstractWorkerLifecycleContractTests extends AbstractServerTests {

	static String ask(Client client, String body) throws IOException {
		client.send(frame(body));
		byte[] reply = client.recv(WAIT);
		assertThat(reply).as("reply to %s", body).isNotNull().isNotEmpty();
		return LifecycleHandler.body(reply);
	}

	// ---------------------------------------------------------------- timers

	@Test
	void timersRunOnTheWorkerThatAddedThemAndAreClearedWhenItStops() throws Exception {
		Map<Integer, AtomicInteger> ticksByGeneration = new ConcurrentHashMap<>();
		AtomicInteger generations = new AtomicInteger();
		List<String> wrongWorker = new CopyOnWriteArrayList<>();
		AtomicInteger afterFired = new AtomicInteger();
		AtomicInteger selfClearingTicks = new AtomicInteger();
		AtomicInteger selfClearingOfGeneration = new AtomicInteger();
		List<Long> ids = new CopyOnWriteArrayList<>();
		LifecycleHandler handler = new LifecycleHandler() {

			@Override
			public void onWorkerStart(Server server, int workerId) {
				super.onWorkerStart(server, workerId);
				if (workerId != 0) {
					return;
				}
				int generation = generations.incrementAndGet();
				AtomicInteger ticks = ticksByGeneration.computeIfAbsent(generation, (k) -> new AtomicInteger());
				ids.add(server.tick(20, (id) -> {
					ticks.incrementAndGet();
					if (server.getWorkerId() != 0) {
						wrongWorker.add("tick on " + server.getWorkerId());
					}
				}));
				ids.add(server.after(30, (id) -> afterFired.incrementAndGet()));
				selfClearingOfGeneration.set(0);
				ids.add(server.tick(10, (id) -> {
					selfClearingTicks.incrementAndGet();
					if (selfClearingOfGeneration.incrementAndGet() == 2) {
						server.clearTimer(id);
					}
				}));
			}

		};
		Server server = start(config(), handler);
		await().atMost(WAIT).until(() -> ticksByGeneration.containsKey(1) && ticksByGeneration.get(1).get() >= 3);
		assertThat(ids.subList(0, 3)).isSorted().doesNotHaveDuplicates();
		assertThat(afterFired.get()).isEqualTo(1);
		assertThat(selfClearingTicks.get()).isEqualTo(2);
		assertThat(wrongWorker).isEmpty();
		assertThatIllegalStateException().isThrownBy(() -> server.tick(10, (id) -> {
		}));
		assertThat(server.reload()).isTrue();
		await().atMost(WAIT).until(() -> handler.lifecycle.contains("afterReload"));
		await().atMost(WAIT).until(() -> ticksByGeneration.containsKey(2) && ticksByGeneration.get(2).get() >= 3);
		int firstGeneration = ticksByGeneration.get(1).get();
		Thread.sleep(100);
		assertThat(ticksByGeneration.get(1).get()).as("ticks of the stopped generation").isEqualTo(firstGeneration);
		assertThat(afterFired.get()).isEqualTo(2);
		assertThat(selfClearingTicks.get()).isEqualTo(4);
	}

	// ---------------------------------------------------------------- reload (§20.16)

	@Test
	void reloadRestartsEveryWorkerOnceBetweenTheReloadCallbacks() throws Exception {
		LifecycleHandler handler = new LifecycleHandler();
		Server server = start(config().workerNum(2), handler);
		Client client = client(server);
		assertThat(ask(client, "echo:before")).startsWith("before|");
		await().atMost(WAIT).until(() -> handler.lifecycle.contains("workerStart:1"));
		handler.lifecycle.clear();
		assertThat(server.reload()).isTrue();
		await().atMost(WAIT).until(() -> handler.lifecycle.contains("afterReload"));
		assertThat(handler.lifecycle).first().isEqualTo("beforeReload");
		assertThat(handler.lifecycle).last().isEqualTo("afterReload");
		assertThat(handler.lifecycle).containsOnlyOnce("workerStop:0", "workerStop:1", "workerStart:0",
				"workerStart:1");
		assertThat(handler.lifecycle.indexOf("workerStop:0")).isLessThan(handler.lifecycle.indexOf("workerStart:0"));
		assertThat(handler.lifecycle.indexOf("workerStop:1")).isLessThan(handler.lifecycle.indexOf("workerStart:1"));
		assertThat(ask(client, "echo:after")).startsWith("after|");
		Map<String, Long> stats = server.stats();
		assertThat(stats).containsEntry("reload_count", 1L)
			.containsEntry("worker_restart_count", 2L)
			.containsEntry("worker_0_restart_count", 1L)
			.containsEntry("worker_1_restart_count", 1L);
		assertThat(server.metric().workers()).extracting(WorkerMetric::restarts).containsOnly(1L);
	}

	@Test
	void aSecondReloadWhileOneRunsReturnsFalseAndTheInFlightRequestCompletes() throws Exception {
		LifecycleHandler handler = new LifecycleHandler();
		Server server = start(config().workerNum(1).maxWaitTime(Duration.ofSeconds(10)), handler);
		Client client = client(server);
		client.send(frame("sleep:600:slow"));
		await().atMost(WAIT).until(() -> handler.inCallback.get() == 1);
		assertThat(server.reload()).isTrue();
		assertThat(server.reload()).isFalse();
		assertThat(server.reload(true)).isFalse();
		byte[] reply = client.recv(WAIT);
		assertThat(reply).isNotNull();
		assertThat(LifecycleHandler.body(reply)).startsWith("slow|");
		await().atMost(WAIT).until(() -> handler.lifecycle.contains("afterReload"));
		assertThat(handler.lifecycle).containsOnlyOnce("beforeReload", "afterReload");
		assertThat(handler.interrupted.get()).isZero();
		assertThat(server.reload()).isTrue();
		await().atMost(WAIT).until(() -> server.stats().get("reload_count") == 2L);
	}

	@Test
	void reloadIsRefusedWhenTheServerIsNotRunning() {
		Server server = new Server(config().build(), new LifecycleHandler());
		assertThat(server.reload()).isFalse();
		server.start();
		server.shutdown();
		assertThat(server.reload()).isFalse();
	}

	@Test
	void reloadUnderSteadyLoadFailsOrLosesNoRequest() throws Exception {
		LifecycleHandler handler = new LifecycleHandler();
		Server server = start(config().workerNum(2), handler);
		int clients = 4;
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong answered = new AtomicLong();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<String>> results = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				int clientId = c;
				results.add(pool.submit(() -> {
					try (Client client = ServerTestSupport.lengthClient(server)) {
						for (int i = 0; running.get() || i < 20; i++) {
							String expected = clientId + "-" + i;
							client.send(frame("echo:" + expected));
							byte[] reply = client.recv(WAIT);
							if (reply == null || reply.length == 0
									|| !LifecycleHandler.body(reply).startsWith(expected + "|")) {
								return "client " + clientId + " request " + i + " failed: "
										+ ((reply == null) ? "timeout" : LifecycleHandler.body(reply));
							}
							answered.incrementAndGet();
						}
						return null;
					}
				}));
			}
			for (int reload = 1; reload <= 3; reload++) {
				long before = answered.get();
				await().atMost(WAIT).until(() -> answered.get() >= before + 50);
				assertThat(server.reload()).isTrue();
				int expectedReloads = reload;
				await().atMost(WAIT).until(() -> server.stats().get("reload_count") == expectedReloads);
			}
			running.set(false);
			for (Future<String> result : results) {
				assertThat(result.get(30, TimeUnit.SECONDS)).isNull();
			}
		}
		finally {
			running.set(false);
			pool.shutdownNow();
		}
		// a worker counts a request just after its reply went out
		await().atMost(WAIT).until(() -> handler.processedTotal() == answered.get());
		assertThat(server.stats().get("worker_restart_count")).isEqualTo(6L);
	}

	// ---------------------------------------------------------------- shutdown (§20.17)

	@Test
	void shutdownRunsTheCallbacksInSwooleOrder() {
		LifecycleHandler handler = new LifecycleHandler();
		Server server = start(config().workerNum(2), handler);
		await().atMost(WAIT).until(() -> handler.lifecycle.contains("workerStart:1"));
		assertThat(handler.lifecycle.indexOf("managerStart")).isLessThan(handler.lifecycle.indexOf("start"));
		handler.lifecycle.clear();
		server.shutdown();
		assertThat(handler.lifecycle).first().isEqualTo("beforeShutdown");
		assertThat(handler.lifecycle.subList(1, 3)).containsExactlyInAnyOrder("workerStop:0", "workerStop:1");
		assertThat(handler.lifecycle.subList(3, handler.lifecycle.size())).containsExactly("managerStop", "shutdown");
	}

	@Test
	void shutdownUnderClosedLoopLoadAnswersOrRefusesEveryRequestSent() throws Exception {
		LifecycleHandler handler = new LifecycleHandler();
		Server server = start(config().workerNum(2), handler);
		int clients = 4;
		AtomicLong answered = new AtomicLong();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<long[]>> results = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				results.add(pool.submit(() -> {
					long sent = 0;
					long ok = 0;
					try (Client client = ServerTestSupport.lengthClient(server)) {
						while (true) {
							try {
								client.send(frame("echo:" + sent));
							}
							catch (IOException ex) {
								// the server closed the connection: this request is
								// refused
								return new long[] { sent + 1, ok, 0 };
							}
							sent++;
							byte[] reply = client.recv(WAIT);
							if (reply == null) {
								return new long[] { sent, ok, 1 };
							}
							if (reply.length == 0) {
								return new long[] { sent, ok, 0 };
							}
							assertThat(LifecycleHandler.body(reply)).startsWith((sent - 1) + "|");
							ok++;
							answered.incrementAndGet();
						}
					}
				}));
			}
			await().atMost(WAIT).until(() -> answered.get() >= 200);
			server.shutdown();
			long totalOk = 0;
			for (Future<long[]> result : results) {
				long[] r = result.get(30, TimeUnit.SECONDS);
				assertThat(r[2]).as("no request is left hanging").isZero();
				assertThat(r[0] - r[1]).as("requests refused by the close").isBetween(0L, 1L);
				totalOk += r[1];
			}
			assertThat(totalOk).as("every processed request was answered").isEqualTo(handler.processedTotal());
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void shutdownUnderLoadAnswersEveryProcessedRequestAndClosesTheRest() throws Exception {
		LifecycleHandler handler = new LifecycleHandler();
		Server server = start(config().workerNum(2), handler);
		int clients = 4;
		int perClient = 200;
		List<Client> all = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			all.add(client(server));
		}
		for (Client client : all) {
			for (int i = 0; i < perClient; i++) {
				client.send(frame("echo:" + i));
			}
		}
		await().atMost(WAIT).until(() -> handler.processedTotal() > 0);
		server.shutdown();
		int received = 0;
		for (Client client : all) {
			int mine = 0;
			while (true) {
				byte[] reply = client.recv(WAIT);
				assertThat(reply).as("the connection is answered or closed, never left hanging").isNotNull();
				if (reply.length == 0) {
					break;
				}
				assertThat(LifecycleHandler.body(reply)).startsWith(mine + "|");
				mine++;
			}
			assertThat(mine).isLessThanOrEqualTo(perClient);
			received += mine;
		}
		assertThat(received).as("every processed request was answered").isEqualTo(handler.processedTotal());
		assertThat(server.stats()).containsEntry("refused_count", 0L).containsKey("refused_connection_count");
	}

}
