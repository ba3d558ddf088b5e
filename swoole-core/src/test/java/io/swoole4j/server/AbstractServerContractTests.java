package io.swoole4j.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.client.Client;
import io.swoole4j.memory.MemoryPoolMetric;
import io.swoole4j.protocol.FramingConfig;

import static io.swoole4j.server.ServerTestSupport.WAIT;
import static io.swoole4j.server.ServerTestSupport.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Server behaviours that hold in every execution model (spec §20 items 1-3, 7-12), run
 * once per {@link Mode} by the subclasses.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class AbstractServerContractTests extends AbstractServerTests {

	Socket socket(Server server) throws IOException {
		Socket socket = new Socket();
		socket.setTcpNoDelay(true);
		socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
		socket.setSoTimeout(10_000);
		this.closeables.add(socket);
		return socket;
	}

	static long sessionOf(Recorder recorder, int index) {
		await().atMost(WAIT).until(() -> recorder.events.size() > index);
		return recorder.events.keySet().stream().sorted().skip(index).findFirst().orElseThrow();
	}

	// ---------------------------------------------------------------- framing (§20.1-3)

	@Test
	void lengthFramedPacketsSurviveEverySplitPointOverTheSocket() throws Exception {
		Server server = start(config(), new Recorder());
		List<byte[]> packets = new ArrayList<>();
		ByteArrayOutputStream stream = new ByteArrayOutputStream();
		Random random = new Random(1);
		for (int i = 0; i < 5; i++) {
			byte[] body = new byte[random.nextInt(12)];
			random.nextBytes(body);
			packets.add(frame(body));
			stream.writeBytes(frame(body));
		}
		byte[] all = stream.toByteArray();
		Socket socket = socket(server);
		Client reader = new Client(FramingConfig.lengthPrefixed(1 << 20));
		OutputStream out = socket.getOutputStream();
		InputStream in = socket.getInputStream();
		for (int split = 0; split <= all.length; split++) {
			out.write(all, 0, split);
			out.flush();
			Thread.sleep(1);
			out.write(all, split, all.length - split);
			out.flush();
			byte[] echoed = in.readNBytes(all.length);
			assertThat(echoed).as("split at %d", split).isEqualTo(all);
		}
		reader.close();
		assertThat(server.metric().requestCount()).isEqualTo((long) packets.size() * (all.length + 1));
	}

	@Test
	void packetsForwardedToAnotherSessionKeepTheRestOfTheReadIntact() throws Exception {
		// on one loop, a packet sent to an idle session is written at once from the read
		// buffer; the packets after it in the same read must still be copied whole
		List<Long> sessions = new CopyOnWriteArrayList<>();
		Server server = start(config().reactorNum(1).workerNum(1), new ServerHandler() {

			@Override
			public void onConnect(Server s, long sessionId, int reactorId) {
				sessions.add(sessionId);
			}

			@Override
			public void onReceive(Server s, long sessionId, int reactorId, Packet packet) {
				s.send(sessionId, packet);
				for (long other : sessions) {
					if (other != sessionId) {
						s.send(other, packet);
					}
				}
			}

		});
		Client sender = client(server);
		Client listener = client(server);
		await().atMost(WAIT).until(() -> sessions.size() == 2);
		ByteArrayOutputStream stream = new ByteArrayOutputStream();
		for (int i = 0; i < 20; i++) {
			stream.writeBytes(frame("forwarded-" + i));
		}
		sender.send(stream.toByteArray());
		for (int i = 0; i < 20; i++) {
			assertThat(new String(sender.recv(WAIT), StandardCharsets.UTF_8)).endsWith("forwarded-" + i);
			assertThat(new String(listener.recv(WAIT), StandardCharsets.UTF_8)).endsWith("forwarded-" + i);
		}
	}

	@Test
	void manyPacketsInOneWriteAreDeliveredInOrder() throws Exception {
		Server server = start(config(), new Recorder());
		Client client = client(server);
		ByteArrayOutputStream stream = new ByteArrayOutputStream();
		List<byte[]> packets = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			byte[] f = frame("packet-" + i);
			packets.add(f);
			stream.writeBytes(f);
		}
		client.send(stream.toByteArray());
		for (byte[] expected : packets) {
			assertThat(client.recv(WAIT)).isEqualTo(expected);
		}
	}

	@Test
	void aPacketLargerThanAChunkIsReassembledExactly() throws Exception {
		Server server = start(config(), new Recorder());
		Client client = client(server);
		byte[] body = new byte[1 << 20];
		new Random(3).nextBytes(body);
		byte[] f = frame(body);
		client.send(f);
		assertThat(client.recv(WAIT)).isEqualTo(f);
		client.close();
		awaitIdle(server);
	}

	@Test
	void closesConnectionWhenDeclaredLengthExceedsLimitAndKeepsServingOthers() throws Exception {
		Recorder recorder = new Recorder();
		Server server = start(config().packageMaxLength(64 * 1024), recorder);
		Client good = client(server);
		Client bad = client(server);
		bad.send(ByteBuffer.allocate(8).putInt(0x7FFF_0000).putInt(42).array());
		assertThat(bad.recv(WAIT)).isEmpty();
		byte[] f = frame("still here");
		good.send(f);
		assertThat(good.recv(WAIT)).isEqualTo(f);
		assertThat(recorder.receives.get()).isEqualTo(1);
		assertThat(server.metric().reactors().stream().mapToLong(ReactorThreadMetric::protocolErrors).sum())
			.isEqualTo(1);
	}

	@Test
	void closesConnectionOnNegativeSignedLength() throws Exception {
		Recorder recorder = new Recorder();
		Server server = start(config().packageLengthType('l').packageBodyOffset(4), recorder);
		Socket socket = socket(server);
		ByteBuffer header = ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(0, -7);
		socket.getOutputStream().write(header.array());
		assertThat(readToEndQuietly(socket)).isEmpty();
		assertThat(recorder.receives.get()).isZero();
	}

	@Test
	void eofSplitFramingDeliversEachMessageAndEofCheckDeliversAReadWhole() throws Exception {
		Recorder split = new Recorder();
		Server splitting = start(ServerConfig.builder()
			.host("127.0.0.1")
			.mode(mode())
			.reactorNum(2)
			.workerNum(2)
			.openEofSplit(true)
			.packageEof("\r\n"), split);
		Socket socket = socket(splitting);
		socket.getOutputStream().write("a\r\nbb\r\nccc\r".getBytes(StandardCharsets.ISO_8859_1));
		socket.getOutputStream().flush();
		Thread.sleep(20);
		socket.getOutputStream().write("\n".getBytes(StandardCharsets.ISO_8859_1));
		assertThat(new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1))
			.isEqualTo("a\r\nbb\r\nccc\r\n");
		long session = sessionOf(split, 0);
		assertThat(split.eventsOf(session)).containsSubsequence("receive:3", "receive:4", "receive:5");
	}

	@Test
	void closesConnectionWhenNoEofArrivesWithinTheLimit() throws Exception {
		Recorder recorder = new Recorder();
		Server server = start(ServerConfig.builder()
			.host("127.0.0.1")
			.mode(mode())
			.reactorNum(2)
			.workerNum(2)
			.openEofCheck(true)
			.packageMaxLength(64 * 1024), recorder);
		Socket socket = socket(server);
		byte[] junk = new byte[70 * 1024];
		Arrays.fill(junk, (byte) 'x');
		try {
			socket.getOutputStream().write(junk);
		}
		catch (IOException ex) {
			// the server may close before the whole write went through
		}
		assertThat(readToEndQuietly(socket)).isEmpty();
		assertThat(recorder.receives.get()).isZero();
		awaitIdle(server);
	}

	// ---------------------------------------------------------------- lifecycle (§20.7)

	@Test
	void connectionEventsArriveInOrderOnOneWorkerExactlyOnce() throws Exception {
		Recorder recorder = new Recorder();
		Server server = start(config(), recorder);
		Client client = client(server);
		for (int i = 0; i < 3; i++) {
			client.send(frame("m" + i));
			assertThat(client.recv(WAIT)).isNotNull();
		}
		long session = sessionOf(recorder, 0);
		client.close();
		await().atMost(WAIT).until(() -> recorder.eventsOf(session).size() == 5);
		assertThat(recorder.eventsOf(session)).containsExactly("connect", "receive:6", "receive:6", "receive:6",
				"close:client");
		assertThat(recorder.workers.get(session)).hasSize(5).containsOnly(recorder.workers.get(session).get(0));
		Client closedByServer = client(server);
		closedByServer.send(frame("x"));
		closedByServer.recv(WAIT);
		long second = sessionOf(recorder, 1);
		assertThat(server.close(second)).isTrue();
		assertThat(closedByServer.recv(WAIT)).isEmpty();
		await().atMost(WAIT).until(() -> recorder.eventsOf(second).contains("close:server"));
		Thread.sleep(50);
		assertThat(recorder.eventsOf(second)).containsExactly("connect", "receive:5", "close:server");
	}

	@Test
	void lifecycleCallbacksRunOnceAndStartTwiceIsIllegal() {
		Recorder recorder = new Recorder();
		Server server = start(config().workerNum(2), recorder);
		assertThat(server.isRunning()).isTrue();
		assertThatIllegalStateException().isThrownBy(server::start);
		await().atMost(WAIT).until(() -> recorder.lifecycle.size() >= 3);
		server.shutdown();
		server.shutdown();
		assertThat(server.isRunning()).isFalse();
		assertThat(recorder.lifecycle).containsOnlyOnce("start", "workerStart:0", "workerStart:1", "workerStop:0",
				"workerStop:1", "shutdown");
		assertThat(recorder.lifecycle.get(recorder.lifecycle.size() - 1)).isEqualTo("shutdown");
		assertThatIllegalStateException().isThrownBy(server::start);
	}

	@Test
	void shutdownFinishesThePacketInFlightBeforeClosing() throws Exception {
		CountDownLatch inCallback = new CountDownLatch(1);
		Server server = start(config(), ServerHandler.onReceive((s, id, r, p) -> {
			inCallback.countDown();
			try {
				Thread.sleep(300);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			s.send(id, p);
		}));
		Client client = client(server);
		byte[] f = frame("in flight");
		client.send(f);
		assertThat(inCallback.await(10, TimeUnit.SECONDS)).isTrue();
		server.shutdown();
		assertThat(client.recv(WAIT)).isEqualTo(f);
		assertThat(client.recv(WAIT)).isEmpty();
		assertThat(server.isRunning()).isFalse();
	}

	@Test
	void aThrowingCallbackIsCountedAndTheWorkerKeepsServing() throws Exception {
		Server server = start(config().workerNum(1), new ServerHandler() {

			@Override
			public void onReceive(Server s, long sessionId, int reactorId, Packet packet) {
				if (packet.length() == 5) {
					throw new IllegalStateException("boom (expected by the test)");
				}
				s.send(sessionId, packet);
			}

		});
		Client client = client(server);
		client.send(frame("x"));
		byte[] ok = frame("fine");
		client.send(ok);
		assertThat(client.recv(WAIT)).isEqualTo(ok);
		assertThat(server.metric().workers().get(0).callbackErrors()).isEqualTo(1);
	}

	// ---------------------------------------------------------------- close (§20.8,
	// 20.9)

	@Test
	void closeFlushesQueuedOutputBeforeFin() throws Exception {
		byte[] big = new byte[4 << 20];
		new Random(5).nextBytes(big);
		Server server = start(config(), ServerHandler.onReceive((s, id, r, p) -> {
			assertThat(s.send(id, big)).isTrue();
			assertThat(s.close(id)).isTrue();
			assertThat(s.send(id, big)).isFalse();
			assertThat(s.close(id)).isFalse();
			assertThat(s.exist(id)).isFalse();
		}));
		Socket socket = socket(server);
		socket.getOutputStream().write(frame("go"));
		assertThat(readToEnd(socket)).isEqualTo(big);
	}

	@Test
	void closeWithResetDiscardsQueuedOutput() throws Exception {
		Server server = start(config(), ServerHandler.onReceive((s, id, r, p) -> {
			s.send(id, new byte[16 << 20]);
			s.close(id, true);
		}));
		Socket socket = socket(server);
		socket.getOutputStream().write(frame("go"));
		long received = 0;
		try {
			received = readToEnd(socket).length;
		}
		catch (IOException ex) {
			// connection reset: the expected outcome of a reset
		}
		assertThat(received).isLessThan(16 << 20);
	}

	@Test
	void staleSessionIdsNeverReachANewerConnection() throws Exception {
		Recorder recorder = new Recorder();
		Server server = start(config(), recorder);
		Client first = client(server);
		long old = sessionOf(recorder, 0);
		first.close();
		await().atMost(WAIT).until(() -> !server.exist(old) && server.getClientInfo(old) == null);
		Client second = client(server);
		long fresh = sessionOf(recorder, 1);
		assertThat(fresh).isGreaterThan(old);
		assertThat(server.send(old, "x")).isFalse();
		assertThat(server.close(old)).isFalse();
		assertThat(server.exist(old)).isFalse();
		assertThat(server.exist(fresh)).isTrue();
		byte[] f = frame("new");
		second.send(f);
		assertThat(second.recv(WAIT)).isEqualTo(f);
	}

	// ---------------------------------------------------------------- send (§20.10,
	// 20.11)

	@Test
	void anyThreadCanSendAndInvalidSendsReturnFalse() throws Exception {
		Recorder recorder = new Recorder();
		recorder.echo = false;
		Server server = start(config().bufferOutputSize(1024), recorder);
		Client client = client(server);
		long session = sessionOf(recorder, 0);
		byte[] f = frame("from another thread");
		assertThat(server.send(session, f)).isTrue();
		assertThat(client.recv(WAIT)).isEqualTo(f);
		assertThat(server.send(session, new byte[0])).isFalse();
		assertThat(server.send(session, new byte[1025])).isFalse();
		assertThat(server.send(session + 1000, f)).isFalse();
		assertThat(server.send(-1, f)).isFalse();
	}

	@Test
	void aWorkerThatDoesNotOwnTheConnectionCanSendToIt() throws Exception {
		Recorder recorder = new Recorder() {

			@Override
			public void onReceive(Server server, long sessionId, int reactorId, Packet packet) {
				super.onReceive(server, sessionId, reactorId, packet);
				long target = packet.getIntBigEndian(4);
				server.send(target, frame("relayed by worker " + server.getWorkerId()));
			}

		};
		recorder.echo = false;
		Server server = start(config(), recorder);
		Client owner = client(server);
		long ownerSession = sessionOf(recorder, 0);
		Client relay = client(server);
		long relaySession = sessionOf(recorder, 1);
		// consecutive sessions land on different reactors and workers (mode 2, two of
		// each)
		assertThat(server.getClientInfo(ownerSession).reactorId())
			.isNotEqualTo(server.getClientInfo(relaySession).reactorId());
		relay.send(frame(ByteBuffer.allocate(4).putInt((int) ownerSession).array()));
		byte[] got = owner.recv(WAIT);
		assertThat(new String(got, 4, got.length - 4, StandardCharsets.UTF_8)).startsWith("relayed by worker ");
		int relayWorker = recorder.workers.get(relaySession).get(recorder.workers.get(relaySession).size() - 1);
		assertThat(relayWorker).isNotEqualTo(recorder.workers.get(ownerSession).get(0));
	}

	@Test
	void outputOverflowRefusesSendsUntilTheClientDrains() throws Exception {
		Recorder recorder = new Recorder();
		recorder.echo = false;
		Server server = start(config().socketBufferSize(1 << 20), recorder);
		Socket socket = new Socket();
		this.closeables.add(socket);
		socket.setReceiveBufferSize(16 * 1024);
		socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
		long session = sessionOf(recorder, 0);
		byte[] chunk = new byte[64 * 1024];
		long accepted = 0;
		long refusedSince = 0;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		// the kernel absorbs megabytes first; overflow is when sends stay refused
		while (true) {
			assertThat(System.nanoTime()).isLessThan(deadline);
			if (server.send(session, chunk)) {
				accepted += chunk.length;
				refusedSince = 0;
			}
			else if (refusedSince == 0) {
				refusedSince = System.nanoTime();
			}
			else if (System.nanoTime() - refusedSince > TimeUnit.MILLISECONDS.toNanos(500)) {
				break;
			}
			else {
				Thread.sleep(10);
			}
		}
		assertThat(server.getClientInfo(session).sendQueuedBytes()).isGreaterThanOrEqualTo(1 << 20);
		await().atMost(WAIT).until(() -> recorder.bufferFull.get() == recorder.bufferEmpty.get() + 1);
		int fulls = recorder.bufferFull.get();
		InputStream in = socket.getInputStream();
		assertThat(in.readNBytes((int) accepted)).hasSize((int) accepted);
		await().atMost(WAIT).until(() -> recorder.bufferEmpty.get() == fulls);
		assertThat(recorder.bufferFull.get()).isEqualTo(fulls);
		assertThat(server.send(session, chunk)).isTrue();
	}

	// ---------------------------------------------------------------- accept (§20.12)

	@Test
	void connectionsOverMaxConnectionAreAbortedAndAcceptingResumes() throws Exception {
		Recorder recorder = new Recorder();
		Server server = start(config().maxConnection(2), recorder);
		Client a = client(server);
		Client b = client(server);
		await().atMost(WAIT).until(() -> server.metric().connectionNum() == 2);
		Socket third = socket(server);
		assertThat(readToEndQuietly(third)).isEmpty();
		await().atMost(WAIT).until(() -> server.metric().abortCount() >= 1);
		assertThat(server.metric().acceptCount()).isEqualTo(2);
		a.close();
		await().atMost(WAIT).until(() -> server.metric().connectionNum() == 1);
		await().atMost(WAIT).ignoreExceptions().until(() -> {
			try (Client c = ServerTestSupport.lengthClient(server)) {
				byte[] f = frame("again");
				c.send(f);
				return Arrays.equals(c.recv(Duration.ofSeconds(2)), f);
			}
		});
		b.close();
		awaitIdle(server);
		Map<String, Long> stats = server.stats();
		assertThat(stats.get("accept_count") - stats.get("close_count")).isEqualTo(stats.get("connection_num"));
		assertThat(stats).containsKeys("start_time", "connection_num", "accept_count", "close_count", "abort_count",
				"worker_num", "idle_worker_num", "dispatch_count", "request_count", "response_count",
				"total_recv_bytes", "total_send_bytes");
	}

	// ---------------------------------------------------------------- load and bad input

	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS)
	void aThousandClientsEachEchoAHundredMessages() throws Exception {
		Server server = start(config(), ServerHandler.onReceive((s, id, r, p) -> s.send(id, p)));
		int clients = 1000;
		int messages = 100;
		ExecutorService pool = Executors.newFixedThreadPool(50);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int g = 0; g < 50; g++) {
				int group = g;
				results.add(pool.submit(() -> {
					List<Client> mine = new ArrayList<>();
					try {
						for (int i = 0; i < clients / 50; i++) {
							mine.add(ServerTestSupport.lengthClient(server));
						}
						int ok = 0;
						for (int m = 0; m < messages; m++) {
							for (int i = 0; i < mine.size(); i++) {
								mine.get(i).send(frame("g" + group + "c" + i + "m" + m));
							}
							for (int i = 0; i < mine.size(); i++) {
								byte[] got = mine.get(i).recv(Duration.ofSeconds(30));
								if (Arrays.equals(got, frame("g" + group + "c" + i + "m" + m))) {
									ok++;
								}
							}
						}
						return ok;
					}
					finally {
						mine.forEach(Client::close);
					}
				}));
			}
			long ok = 0;
			for (Future<Integer> f : results) {
				ok += f.get();
			}
			assertThat(ok).isEqualTo((long) clients * messages);
		}
		finally {
			pool.shutdownNow();
		}
		awaitIdle(server);
		assertThat(server.metric().acceptCount()).isEqualTo(clients);
	}

	@Test
	void badClientsAreClosedAloneAndLeaveNothingBehind() throws Exception {
		Server server = start(config().packageMaxLength(64 * 1024), new Recorder());
		Client good = client(server);
		Random random = new Random(11);
		// random bytes: a huge or negative-looking declared length
		Socket noise = socket(server);
		byte[] junk = new byte[4096];
		random.nextBytes(junk);
		junk[0] = (byte) 0x7F;
		noise.getOutputStream().write(junk);
		// reset in the middle of a packet
		Socket resetter = socket(server);
		resetter.getOutputStream().write(Arrays.copyOf(frame(new byte[30_000]), 20_000));
		resetter.getOutputStream().flush();
		Thread.sleep(50);
		resetter.setSoLinger(true, 0);
		resetter.close();
		// half-close in the middle of a packet
		Socket halfClose = socket(server);
		halfClose.getOutputStream().write(Arrays.copyOf(frame(new byte[100]), 50));
		halfClose.shutdownOutput();
		// connect and vanish
		Socket vanish = socket(server);
		vanish.close();
		byte[] f = frame("unaffected");
		good.send(f);
		assertThat(good.recv(WAIT)).isEqualTo(f);
		assertThat(readToEndQuietly(noise)).isEmpty();
		assertThat(readToEndQuietly(halfClose)).isEmpty();
		good.close();
		awaitIdle(server);
	}

	@Test
	void pausedConnectionsAreNotReadUntilResumed() throws Exception {
		Recorder recorder = new Recorder();
		Server server = start(config(), recorder);
		Client client = client(server);
		long session = sessionOf(recorder, 0);
		assertThat(server.pause(session)).isTrue();
		Thread.sleep(100);
		byte[] f = frame("later");
		client.send(f);
		assertThat(client.recv(Duration.ofMillis(300))).isNull();
		assertThat(server.resume(session)).isTrue();
		assertThat(client.recv(WAIT)).isEqualTo(f);
		assertThat(server.pause(session + 100)).isFalse();
	}

	@Test
	void clientInfoAndClientListDescribeLiveSessions() throws Exception {
		Recorder recorder = new Recorder();
		Server server = start(config(), recorder);
		List<Client> clients = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			clients.add(client(server));
		}
		await().atMost(WAIT).until(() -> server.metric().connectionNum() == 5);
		long[] page1 = server.getClientList(0, 3);
		assertThat(page1).hasSize(3).isSorted();
		long[] page2 = server.getClientList(page1[2], 3);
		assertThat(page2).hasSize(2).isSorted();
		assertThat(page2[0]).isGreaterThan(page1[2]);
		assertThat(server.getClientList(page2[1], 3)).isEmpty();
		ClientInfo info = server.getClientInfo(page1[0]);
		assertThat(info.remoteIp()).isEqualTo("127.0.0.1");
		assertThat(info.serverPort()).isEqualTo(server.port());
		assertThat(info.sessionId()).isEqualTo(page1[0]);
		assertThat(info.remotePort()).isPositive();
		assertThat(info.connectTime()).isNotNull();
		assertThat(server.getClientInfo(12345)).isNull();
	}

	// ---------------------------------------------------------------- helpers

	static void awaitIdle(Server server) {
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(server.metric().connectionNum()).isZero();
			for (ReactorThreadMetric r : server.metric().reactors()) {
				assertThat(r.connections()).isZero();
				assertThat(r.blockedConnections()).isZero();
				assertThat(r.heapChunksInUse()).isZero();
				assertThat(r.chunkPool().slicesUsed()).isZero();
				MemoryPoolMetric ring = r.packetRing();
				if (ring != null) {
					assertThat(ring.usedBytes()).isZero();
				}
			}
			Map<String, Long> stats = server.stats();
			assertThat(stats.get("accept_count") - stats.get("close_count")).isEqualTo(0L);
		});
	}

	static byte[] readToEnd(Socket socket) throws IOException {
		return socket.getInputStream().readAllBytes();
	}

	static byte[] readToEndQuietly(Socket socket) {
		try {
			return socket.getInputStream().readAllBytes();
		}
		catch (IOException ex) {
			return new byte[0];
		}
	}

}
