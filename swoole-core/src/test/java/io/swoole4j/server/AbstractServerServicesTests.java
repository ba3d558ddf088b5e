package io.swoole4j.server;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.swoole4j.server.ServerTestSupport.WAIT;
import static io.swoole4j.server.ServerTestSupport.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Server services (spec §10.3, §18.7, §20 item 13): heartbeat, connection and input
 * limits. Run once per {@link Mode} by the subclasses.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class AbstractServerServicesTests extends AbstractServerResourceTests {

	Server heartbeatServer(Duration interval, Duration idleTime, ServerHandler handler) {
		return start(
				ServerTestSupport.lengthConfig(mode()).heartbeatCheckInterval(interval).heartbeatIdleTime(idleTime),
				handler);
	}

	static long sessionOf(Recorder recorder, int index) {
		await().atMost(WAIT).until(() -> recorder.events.size() > index);
		return recorder.events.keySet().stream().sorted().skip(index).findFirst().orElseThrow();
	}

	static boolean closedByPeer(Socket socket) {
		try {
			return socket.getInputStream().read() < 0;
		}
		catch (IOException ex) {
			// a reset counts as closed too
			return true;
		}
	}

	// ---------------------------------------------------------------- heartbeat

	/** Records, at each onClose, how long the session had been silent. */
	static final class IdleRecorder extends Recorder {

		final List<Long> silentMillisAtClose = new CopyOnWriteArrayList<>();

		@Override
		public void onClose(Server server, long sessionId, int reactorId) {
			ClientInfo info = server.getClientInfo(sessionId);
			this.silentMillisAtClose.add(System.currentTimeMillis() - info.lastReceiveTime().toEpochMilli());
			super.onClose(server, sessionId, reactorId);
		}

	}

	@Test
	void closesSilentConnectionBetweenIdleTimeAndIdleTimePlusInterval() throws Exception {
		IdleRecorder recorder = new IdleRecorder();
		Server server = heartbeatServer(Duration.ofMillis(200), Duration.ofMillis(1000), recorder);
		Socket socket = socket(server);
		long session = sessionOf(recorder, 0);
		Thread.sleep(300);
		assertThat(server.exist(session)).isTrue();
		await().atMost(WAIT).until(() -> recorder.eventsOf(session).contains("close:server"));
		assertThat(closedByPeer(socket)).isTrue();
		// the lower bound is exact; the upper one (idle + interval = 1200 ms) gets slack
		// for a noisy machine
		assertThat(recorder.silentMillisAtClose).singleElement()
			.satisfies((silent) -> assertThat(silent).isBetween(1000L, 1200L + 1500L));
		Thread.sleep(500);
		assertThat(recorder.eventsOf(session)).containsExactly("connect", "close:server");
	}

	@Test
	void keepsConnectionThatKeepsSendingAndOneThatIsProtected() throws Exception {
		Recorder recorder = new Recorder();
		Server server = heartbeatServer(Duration.ofMillis(100), Duration.ofMillis(1500), recorder);
		Socket talking = socket(server);
		long talkingSession = sessionOf(recorder, 0);
		socket(server);
		long protectedSession = sessionOf(recorder, 1);
		assertThat(server.protect(protectedSession, true)).isTrue();
		Socket silent = socket(server);
		long silentSession = sessionOf(recorder, 2);
		OutputStream out = talking.getOutputStream();
		InputStream in = talking.getInputStream();
		byte[] ping = frame("ping");
		// pings every 100 ms for longer than the idle time; setting up took well under it
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
		while (System.nanoTime() < end) {
			out.write(ping);
			assertThat(in.readNBytes(ping.length)).isEqualTo(ping);
			Thread.sleep(100);
		}
		await().atMost(WAIT).until(() -> !server.exist(silentSession));
		assertThat(closedByPeer(silent)).isTrue();
		assertThat(server.exist(talkingSession)).isTrue();
		assertThat(server.exist(protectedSession)).isTrue();
		assertThat(recorder.eventsOf(protectedSession)).containsExactly("connect");
		assertThat(server.protect(silentSession, true)).isFalse();
	}

	@Test
	void heartbeatFalseListsIdleSessionsWithoutClosingAndTrueClosesThem() throws Exception {
		Recorder recorder = new Recorder();
		// the periodic check is far away: only the explicit calls act
		Server server = heartbeatServer(Duration.ofMinutes(10), Duration.ofMillis(1000), recorder);
		Socket idle = socket(server);
		long idleSession = sessionOf(recorder, 0);
		socket(server);
		long protectedSession = sessionOf(recorder, 1);
		server.protect(protectedSession, true);
		Thread.sleep(1300);
		Socket fresh = socket(server);
		long freshSession = sessionOf(recorder, 2);
		assertThat(server.heartbeat(false)).containsExactly(idleSession);
		assertThat(server.exist(idleSession)).isTrue();
		assertThat(server.heartbeat(false)).containsExactly(idleSession);
		assertThat(server.heartbeat(true)).containsExactly(idleSession);
		await().atMost(WAIT).until(() -> recorder.eventsOf(idleSession).contains("close:server"));
		assertThat(closedByPeer(idle)).isTrue();
		assertThat(server.exist(freshSession)).isTrue();
		assertThat(server.exist(protectedSession)).isTrue();
		fresh.getOutputStream().write(frame("x"));
		assertThat(fresh.getInputStream().readNBytes(5)).isEqualTo(frame("x"));
		Thread.sleep(300);
		assertThat(recorder.eventsOf(idleSession)).containsExactly("connect", "close:server");
	}

	@Test
	void heartbeatAnswersNullWhenNotConfigured() {
		Server server = start(ServerTestSupport.lengthConfig(mode()), new Recorder());
		assertThat(server.heartbeat(false)).isNull();
	}

	// ---------------------------------------------------------------- maxConnection

	static int openDescriptors() {
		String[] fds = new File("/proc/self/fd").list();
		return (fds != null) ? fds.length : 0;
	}

	@Test
	void servesExactlyMaxConnectionClientsAndClosesTheRestPromptly() throws Exception {
		try (LogCapture log = new LogCapture(Server.class)) {
			rejectsOverMaxConnection(log);
		}
	}

	private void rejectsOverMaxConnection(LogCapture log) throws Exception {
		int before = openDescriptors();
		int max = 20;
		Recorder recorder = new Recorder();
		Server server = start(ServerTestSupport.lengthConfig(mode()).maxConnection(max), recorder);
		List<Socket> clients = new ArrayList<>();
		for (int i = 0; i < max + 100; i++) {
			clients.add(socket(server));
		}
		byte[] ping = frame("ping");
		List<Socket> served = new ArrayList<>();
		int rejected = 0;
		for (Socket s : clients) {
			try {
				s.getOutputStream().write(ping);
				byte[] answer = s.getInputStream().readNBytes(ping.length);
				if (answer.length == ping.length) {
					served.add(s);
				}
				else {
					rejected++;
				}
			}
			catch (IOException ex) {
				rejected++;
			}
		}
		assertThat(served).hasSize(max);
		assertThat(rejected).isEqualTo(100);
		await().atMost(WAIT).until(() -> server.stats().get("abort_count") == 100L);
		assertThat(server.stats().get("connection_num")).isEqualTo((long) max);
		assertThat(log.contains("maxConnection 20")).isTrue();
		for (int i = 0; i < 5; i++) {
			served.get(i).close();
		}
		await().atMost(WAIT).until(() -> server.stats().get("connection_num") == max - 5L);
		// accepting resumes (after the pause of about a second)
		boolean again = false;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!again && System.nanoTime() < deadline) {
			Socket s = socket(server);
			clients.add(s);
			try {
				s.getOutputStream().write(ping);
				again = s.getInputStream().readNBytes(ping.length).length == ping.length;
			}
			catch (IOException ex) {
				Thread.sleep(200);
			}
		}
		assertThat(again).isTrue();
		for (Socket s : clients) {
			s.close();
		}
		server.shutdown();
		await().atMost(WAIT).until(() -> openDescriptors() <= before);
	}

	// ---------------------------------------------------------------- maxQueuedBytes

	/** Checks that bytes arrive as the pattern {@code i % 251}, in order. */
	static final class PatternChecker implements ServerHandler {

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicLong received = new AtomicLong();

		final AtomicLong mismatches = new AtomicLong();

		final ConcurrentHashMap<Long, Boolean> sessions = new ConcurrentHashMap<>();

		@Override
		public void onReceive(Server server, long sessionId, int reactorId, Packet packet) {
			this.sessions.put(sessionId, Boolean.TRUE);
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			long at = this.received.get();
			for (int i = 0; i < packet.length(); i++) {
				if (packet.get(i) != (byte) ((at + i) % 251)) {
					this.mismatches.incrementAndGet();
				}
			}
			this.received.addAndGet(packet.length());
		}

	}

	static byte[] pattern(int length) {
		byte[] data = new byte[length];
		for (int i = 0; i < length; i++) {
			data[i] = (byte) (i % 251);
		}
		return data;
	}

	/** Whether reading pauses near the limit while the handler is stuck. */
	protected abstract boolean queuesToWorkers();

	@Test
	void tenMebibytesIntoASlowHandlerPauseReadingAtMaxQueuedBytesAndArriveInOrder() throws Exception {
		int max = 256 * 1024;
		PatternChecker handler = new PatternChecker();
		Server server = start(ServerConfig.builder()
			.host("127.0.0.1")
			.port(0)
			.mode(mode())
			.reactorNum(1)
			.workerNum(1)
			.maxQueuedBytes(max), handler);
		byte[] data = pattern(10 * 1024 * 1024);
		Socket socket = socket(server);
		Thread writer = Thread.ofPlatform().start(() -> {
			try {
				socket.getOutputStream().write(data);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		await().atMost(WAIT).until(() -> !handler.sessions.isEmpty());
		long session = handler.sessions.keys().nextElement();
		Thread.sleep(1000);
		if (queuesToWorkers()) {
			Connection c = server.table().get(session);
			assertThat(c.recvQueued.get()).isLessThanOrEqualTo(max);
			long read = server.metric().totalRecvBytes();
			// the limit, plus a packet in the worker's hands and one read held back
			assertThat(read).isLessThanOrEqualTo(max + 2L * ReactorThread.READ_BUFFER_SIZE);
			Thread.sleep(300);
			assertThat(server.metric().totalRecvBytes()).isEqualTo(read);
		}
		assertThat(writer.isAlive()).isTrue();
		handler.release.countDown();
		writer.join(WAIT.toMillis());
		await().atMost(WAIT).until(() -> handler.received.get() == data.length);
		assertThat(handler.mismatches.get()).isZero();
	}

}
