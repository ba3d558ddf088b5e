package io.swoole4j.server;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.swoole4j.client.Client;

import static io.swoole4j.server.ServerTestSupport.WAIT;
import static io.swoole4j.server.ServerTestSupport.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dispatch modes of THREAD mode (spec §18.5, §20 items 5 and 6) and ring back-pressure.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DispatchModeTests {

	private final List<Server> servers = new ArrayList<>();

	private final List<Client> clients = new ArrayList<>();

	@AfterEach
	void stop() {
		this.clients.forEach(Client::close);
		this.servers.forEach(Server::shutdown);
	}

	private Server start(ServerConfig.Builder config, ServerHandler handler) {
		Server server = new Server(config.build(), handler);
		this.servers.add(server);
		server.start();
		return server;
	}

	private Client client(Server server) throws Exception {
		Client client = ServerTestSupport.lengthClient(server);
		this.clients.add(client);
		return client;
	}

	private static ServerConfig.Builder config(int dispatchMode) {
		return ServerTestSupport.lengthConfig(Mode.THREAD).workerNum(3).reactorNum(2).dispatchMode(dispatchMode);
	}

	private static void roundTrips(Client client, int n) throws Exception {
		for (int i = 0; i < n; i++) {
			byte[] f = frame("m" + i);
			client.send(f);
			assertThat(client.recv(WAIT)).isEqualTo(f);
		}
	}

	@Test
	void roundRobinCyclesWorkersInOrder() throws Exception {
		Recorder recorder = new Recorder();
		Server server = start(config(1), recorder);
		Client client = client(server);
		roundTrips(client, 6);
		long session = AbstractServerContractTests.sessionOf(recorder, 0);
		List<Integer> workers = recorder.workers.get(session);
		assertThat(workers).hasSize(6);
		for (int i = 1; i < workers.size(); i++) {
			assertThat(workers.get(i)).isEqualTo((workers.get(i - 1) + 1) % 3);
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 3, 7 })
	void connectionEventsAreSuppressedUnlessUnsafeEventsAreEnabled(int dispatchMode) throws Exception {
		Recorder quiet = new Recorder();
		Server server = start(config(dispatchMode), quiet);
		Client client = client(server);
		roundTrips(client, 2);
		client.close();
		await().atMost(WAIT).until(() -> server.metric().connectionNum() == 0);
		assertThat(quiet.events.values().stream().flatMap(List::stream)).containsOnly("receive:6");
		Recorder unsafe = new Recorder();
		Server loud = start(config(dispatchMode).enableUnsafeEvent(true), unsafe);
		Client second = client(loud);
		roundTrips(second, 1);
		second.close();
		long session = AbstractServerContractTests.sessionOf(unsafe, 0);
		// modes 1, 3 and 7 spread one connection's events over workers, so they may be
		// recorded in any order ("unsafe" events)
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(unsafe.eventsOf(session)).contains("connect", "receive:6", "close:client"));
	}

	@Test
	void packetsOfAClientThatAlreadyClosedAreStillDelivered() throws Exception {
		Recorder recorder = new Recorder() {

			@Override
			public void onReceive(Server server, long sessionId, int reactorId, Packet packet) {
				if (this.receives.get() == 0) {
					try {
						Thread.sleep(300);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				super.onReceive(server, sessionId, reactorId, packet);
			}

		};
		Server server = start(config(3).workerNum(1), recorder);
		Client client = client(server);
		client.send(frame("first"));
		client.send(frame("second"));
		client.close();
		await().atMost(WAIT).until(() -> recorder.receives.get() == 2);
		AbstractServerContractTests.awaitIdle(server);
	}

	@Test
	void idleWorkerModeNeverPicksABusyWorkerWhileAnotherIsIdle() throws Exception {
		BlockingRecorder recorder = new BlockingRecorder(1);
		CountDownLatch release = recorder.release;
		CountDownLatch blocking = recorder.blocked;
		Server server = start(config(3).workerNum(2), recorder);
		Client blocker = client(server);
		blocker.send(frame("block"));
		assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
		int busy = -1;
		for (int w = 0; w < 2; w++) {
			if (server.getWorkerStatus(w) == WorkerStatus.BUSY) {
				busy = w;
			}
		}
		assertThat(busy).isNotNegative();
		Client other = client(server);
		int idle = 1 - busy;
		for (int i = 0; i < 5; i++) {
			// the echo leaves inside the callback: wait until that worker is idle again,
			// or both are busy and mode 3 rightly falls back to any candidate
			await().atMost(WAIT).until(() -> server.getWorkerStatus(idle) == WorkerStatus.IDLE);
			byte[] f = frame("m" + i);
			other.send(f);
			assertThat(other.recv(WAIT)).isEqualTo(f);
		}
		long otherSession = AbstractServerContractTests.sessionOf(recorder, 0);
		assertThat(recorder.workers.get(otherSession)).hasSize(5).doesNotContain(busy);
		release.countDown();
		assertThat(blocker.recv(WAIT)).isEqualTo(frame("block"));
	}

	@Test
	void idleWorkerModeWarnsWhenEveryWorkerIsBusy() throws Exception {
		ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
			.getLogger(Dispatcher.class);
		ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new ch.qos.logback.core.read.ListAppender<>();
		appender.start();
		log.addAppender(appender);
		BlockingRecorder recorder = new BlockingRecorder(2);
		CountDownLatch release = recorder.release;
		CountDownLatch blocked = recorder.blocked;
		try {
			Server server = start(config(3).workerNum(2), recorder);
			Client first = client(server);
			first.send(frame("block"));
			await().atMost(WAIT).until(() -> blocked.getCount() == 1);
			Client second = client(server);
			second.send(frame("block"));
			assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
			Client third = client(server);
			third.send(frame("m"));
			await().atMost(WAIT)
				.until(() -> appender.list.stream()
					.anyMatch((e) -> e.getFormattedMessage().startsWith("No idle worker is available")));
			release.countDown();
			assertThat(third.recv(WAIT)).isEqualTo(frame("m"));
		}
		finally {
			release.countDown();
			log.detachAppender(appender);
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 2, 4, 8 })
	void hashModesKeepEveryEventOfAConnectionOnOneWorkerInOrder(int dispatchMode) throws Exception {
		Recorder recorder = new Recorder();
		Server server = start(config(dispatchMode), recorder);
		List<Client> open = new ArrayList<>();
		for (int c = 0; c < 6; c++) {
			open.add(client(server));
		}
		for (Client client : open) {
			roundTrips(client, 10);
		}
		open.forEach(Client::close);
		await().atMost(WAIT)
			.until(() -> recorder.events.size() == 6
					&& recorder.events.values().stream().allMatch((e) -> e.contains("close:client")));
		for (long session : recorder.events.keySet()) {
			List<String> events = recorder.eventsOf(session);
			assertThat(events).hasSize(12);
			assertThat(events.get(0)).isEqualTo("connect");
			assertThat(events.get(11)).isEqualTo("close:client");
			assertThat(recorder.workers.get(session)).containsOnly(recorder.workers.get(session).get(0));
		}
		if (dispatchMode == 8) {
			// fewest connections: six open connections spread over all three workers
			assertThat(recorder.workers.values().stream().map((w) -> w.get(0)).distinct()).hasSize(3);
		}
	}

	@Test
	void uidModeRoutesByTheBoundUidAndBindsOnce() throws Exception {
		Recorder recorder = new Recorder();
		Server server = start(config(5), recorder);
		Client client = client(server);
		roundTrips(client, 1);
		long session = AbstractServerContractTests.sessionOf(recorder, 0);
		assertThat(recorder.workers.get(session).get(1)).isEqualTo((int) (session % 3));
		long uid = session + 1;
		assertThat(server.bind(session, uid)).isTrue();
		assertThat(server.bind(session, uid + 1)).isFalse();
		assertThat(server.getClientInfo(session).uid()).isEqualTo(uid);
		roundTrips(client, 3);
		List<Integer> workers = recorder.workers.get(session);
		assertThat(workers.subList(workers.size() - 3, workers.size())).containsOnly((int) (uid % 3));
		assertThat(server.bind(session + 50, 7)).isFalse();
	}

	@Test
	void userFunctionChoosesDiscardsOrCloses() throws Exception {
		Recorder recorder = new Recorder();
		Server server = start(config(6).dispatchFunction((s, session, type, data) -> {
			if (type != ServerEvent.RECEIVE) {
				return DispatchFunction.FALLBACK;
			}
			byte first = data.get(4);
			return switch (first) {
				case 'd' -> DispatchFunction.DISCARD;
				case 'c' -> DispatchFunction.CLOSE;
				default -> first - '0';
			};
		}), recorder);
		Client client = client(server);
		// the connect event runs on the mode-2 worker; let it finish before packets race
		// it
		long session = AbstractServerContractTests.sessionOf(recorder, 0);
		for (int w = 0; w < 3; w++) {
			byte[] f = frame(String.valueOf(w));
			client.send(f);
			assertThat(client.recv(WAIT)).isEqualTo(f);
		}
		assertThat(recorder.workers.get(session).subList(1, 4)).containsExactly(0, 1, 2);
		client.send(frame("drop me"));
		assertThat(client.recv(java.time.Duration.ofMillis(300))).isNull();
		client.send(frame("close me"));
		assertThat(client.recv(WAIT)).isEmpty();
	}

	@Test
	void aFullPacketRingStopsReadingUntilTheWorkerCatchesUp() throws Exception {
		Recorder recorder = new Recorder() {

			@Override
			public void onReceive(Server server, long sessionId, int reactorId, Packet packet) {
				try {
					Thread.sleep(1);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				super.onReceive(server, sessionId, reactorId, packet);
			}

		};
		Server server = start(config(2).workerNum(1).reactorNum(1).packetRingSize(1).packageMaxLength(64 * 1024),
				recorder);
		Client client = client(server);
		ByteArrayOutputStream burst = new ByteArrayOutputStream();
		List<byte[]> packets = new ArrayList<>();
		for (int i = 0; i < 600; i++) {
			byte[] f = frame(new byte[1000 + i]);
			f[4] = (byte) i;
			packets.add(f);
			burst.writeBytes(f);
		}
		client.send(burst.toByteArray());
		ReactorThreadMetric reactor = server.metric().reactors().get(0);
		await().atMost(WAIT).until(() -> reactor.blockedConnections() == 1);
		assertThat(reactor.packetRing().capacityBytes()).isLessThan(200 * 1024);
		for (byte[] expected : packets) {
			assertThat(client.recv(WAIT)).isEqualTo(expected);
		}
		assertThat(reactor.packetRing().failedAllocations()).isPositive();
		client.close();
		AbstractServerContractTests.awaitIdle(server);
	}

	/** Holds every 5-byte-body packet ("block") until released. */
	static class BlockingRecorder extends Recorder {

		final CountDownLatch release = new CountDownLatch(1);

		final CountDownLatch blocked;

		BlockingRecorder(int blockers) {
			this.blocked = new CountDownLatch(blockers);
		}

		@Override
		public void onReceive(Server server, long sessionId, int reactorId, Packet packet) {
			if (packet.length() == 9) {
				this.blocked.countDown();
				try {
					this.release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			super.onReceive(server, sessionId, reactorId, packet);
		}

	}

}
