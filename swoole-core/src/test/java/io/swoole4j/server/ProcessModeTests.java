package io.swoole4j.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.swoole4j.client.Client;
import io.swoole4j.memory.SharedMemory;
import io.swoole4j.process.Process;
import io.swoole4j.process.Signal;
import io.swoole4j.process.Signals;
import io.swoole4j.protocol.FramingConfig;
import io.swoole4j.sync.Atomic;
import io.swoole4j.table.ColumnType;
import io.swoole4j.table.Table;
import io.swoole4j.testing.ChildJvm;
import io.swoole4j.testing.UniqueNames;

import static io.swoole4j.server.ServerTestSupport.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PROCESS mode: workers are JVMs running {@link ProcessWorkerTestMain} (or
 * {@link ProcessMasterTestMain}); spec §20 items 4, 14, 15, 16 and 17, crash isolation,
 * reload under load, no orphan after the master's death, shared Table and Atomic.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ProcessModeTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int MAX_PACKAGE = 8 << 20;

	@TempDir
	Path dir;

	private final List<Server> servers = new ArrayList<>();

	private final List<Client> clients = new ArrayList<>();

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final MasterEvents recorder = new MasterEvents();

	@AfterEach
	void stopAll() throws Exception {
		for (Client c : this.clients) {
			c.close();
		}
		for (Server s : this.servers) {
			s.shutdown();
		}
		for (AutoCloseable r : this.resources) {
			r.close();
		}
	}

	@Test
	void echoesPayloadsOfEverySizeUnchangedAndInOrderThroughWorkerJvms() throws Exception {
		Server server = start((b) -> b.packageMaxLength(MAX_PACKAGE));
		int batch = WorkerLink.BATCH_BYTES;
		int[] sizes = { 0, 1, batch - 28, batch - 24, batch - 23, batch, batch + 1, 3 << 20, 17 };
		List<Thread> senders = new ArrayList<>();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		for (int t = 0; t < 3; t++) {
			Client client = client(server);
			long seed = t;
			senders.add(Thread.ofPlatform().start(() -> {
				try {
					Random random = new Random(seed);
					List<byte[]> sent = new ArrayList<>();
					for (int size : sizes) {
						byte[] body = new byte[size];
						random.nextBytes(body);
						sent.add(frame(body));
						client.send(sent.getLast());
					}
					for (byte[] expected : sent) {
						assertThat(client.recv(WAIT)).isEqualTo(expected);
					}
				}
				catch (Throwable ex) {
					failure.set(ex);
				}
			}));
		}
		for (Thread t : senders) {
			t.join();
		}
		assertThat(failure.get()).isNull();
	}

	@Test
	void concurrentSendersInAWorkerJvmNeverInterleaveTheirMessages() throws Exception {
		Server server = start((b) -> b.workerNum(1).packageMaxLength(MAX_PACKAGE));
		Client client = client(server);
		// 4 threads x 20 x 85 KiB: batches of output cut through messages, and all of it
		// stays under socketBufferSize, past which the master drops a worker's sends
		int size = WorkerLink.BATCH_BYTES / 3;
		client.send(frame("burst 20 " + size));
		int[] perThread = new int[4];
		for (int i = 0; i < 80; i++) {
			byte[] received = client.recv(WAIT);
			assertThat(received).hasSize(4 + size);
			byte first = received[4];
			for (int j = 4; j < received.length; j++) {
				assertThat(received[j]).isEqualTo(first);
			}
			perThread[first]++;
		}
		assertThat(perThread).containsExactly(20, 20, 20, 20);
	}

	@Test
	void killedWorkerJvmComesBackWithTheSameIdWhileOtherWorkersKeepServing() throws Exception {
		Server server = start((b) -> {
		});
		Client first = client(server);
		Client second = client(server);
		Identity a = whoami(first);
		Identity b = whoami(second);
		assertThat(a.workerId).isNotEqualTo(b.workerId);
		AtomicBoolean loading = new AtomicBoolean(true);
		AtomicLong answered = new AtomicLong();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread load = Thread.ofPlatform().start(() -> {
			try {
				while (loading.get()) {
					second.send(frame("ping"));
					assertThat(second.recv(WAIT)).isEqualTo(frame("ping"));
					answered.incrementAndGet();
				}
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		});
		await().atMost(WAIT).until(() -> answered.get() > 50);
		assertThat(Process.kill(a.pid, Signal.KILL)).isTrue();
		WorkerError error = this.recorder.errors.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(error).isEqualTo(new WorkerError(a.workerId, a.pid, 0, 9));
		// the connection lives in the master: the same client is now served by the
		// replacement
		Identity replaced = whoami(first);
		assertThat(replaced.workerId).isEqualTo(a.workerId);
		assertThat(replaced.pid).isNotEqualTo(a.pid);
		long before = answered.get();
		await().atMost(WAIT).until(() -> answered.get() > before + 50);
		loading.set(false);
		load.join();
		assertThat(failure.get()).isNull();
		assertThat(server.stats().get("worker_" + a.workerId + "_restart_count")).isEqualTo(1L);
	}

	@Test
	void errorInCallbackEndsOnlyThatWorkerJvmWhichIsReplaced() throws Exception {
		Server server = start((b) -> {
		});
		Client client = client(server);
		Identity before = whoami(client);
		client.send(frame("crash"));
		WorkerError error = this.recorder.errors.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(error).isEqualTo(new WorkerError(before.workerId, before.pid, WorkerProcess.EXIT_CRASHED, 0));
		Identity after = whoami(client);
		assertThat(after.workerId).isEqualTo(before.workerId);
		assertThat(after.pid).isNotEqualTo(before.pid);
	}

	@Test
	void maxRequestReplacesTheWorkerJvmWithoutLosingRequestsOrConnections() throws Exception {
		Server server = start((b) -> b.workerNum(1), "maxRequest=20");
		Client client = client(server);
		Set<Long> pids = new HashSet<>();
		for (int i = 0; i < 70; i++) {
			Identity who = whoami(client);
			assertThat(who.workerId).isZero();
			assertThat(who.requestsBefore).isLessThan(20);
			pids.add(who.pid);
		}
		assertThat(pids).hasSizeGreaterThanOrEqualTo(4);
		List<String> events = events();
		for (long pid : pids) {
			assertThat(events).contains("start 0 " + pid);
		}
		await().atMost(WAIT)
			.until(() -> pids.stream().filter((pid) -> !ProcessHandle.of(pid).isPresent()).count() >= 3);
		assertThat(this.recorder.errors).isEmpty();
		assertThat(server.stats().get("worker_0_restart_count")).isGreaterThanOrEqualTo(3L);
	}

	@Test
	void reloadUnderLoadFailsNoRequestAndEveryOldWorkerJvmExits() throws Exception {
		Server server = start((b) -> {
		});
		List<Client> loaders = new ArrayList<>();
		Set<Long> oldPids = new HashSet<>();
		for (int i = 0; i < 4; i++) {
			Client c = client(server);
			oldPids.add(whoami(c).pid);
			loaders.add(c);
		}
		assertThat(oldPids).hasSize(2);
		AtomicBoolean loading = new AtomicBoolean(true);
		AtomicLong answered = new AtomicLong();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		List<Thread> threads = new ArrayList<>();
		for (Client c : loaders) {
			threads.add(Thread.ofPlatform().start(() -> {
				int n = 0;
				try {
					while (loading.get()) {
						byte[] request = frame("req-" + n++);
						c.send(request);
						c.send(request);
						assertThat(c.recv(WAIT)).isEqualTo(request);
						assertThat(c.recv(WAIT)).isEqualTo(request);
						answered.addAndGet(2);
					}
				}
				catch (Throwable ex) {
					failure.set(ex);
				}
			}));
		}
		await().atMost(WAIT).until(() -> answered.get() > 200);
		assertThat(server.reload()).isTrue();
		assertThat(server.reload()).isFalse();
		assertThat(this.recorder.afterReload.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		long afterReload = answered.get();
		await().atMost(WAIT).until(() -> answered.get() > afterReload + 200);
		loading.set(false);
		for (Thread t : threads) {
			t.join();
		}
		assertThat(failure.get()).isNull();
		assertThat(this.recorder.lifecycle).containsExactly("beforeReload", "afterReload");
		await().atMost(WAIT).until(() -> oldPids.stream().noneMatch((pid) -> ProcessHandle.of(pid).isPresent()));
		for (Client c : loaders) {
			assertThat(oldPids).doesNotContain(whoami(c).pid);
		}
		assertThat(this.recorder.errors).isEmpty();
	}

	@Test
	void reloadKillsAWorkerJvmStuckInACallbackAfterMaxWaitTime() throws Exception {
		Server server = start((b) -> b.maxWaitTime(Duration.ofSeconds(2)));
		Client stuck = client(server);
		Client other = client(server);
		Identity stuckWorker = whoami(stuck);
		Identity otherWorker = whoami(other);
		try (LogCapture log = new LogCapture(WorkerManager.class)) {
			stuck.send(frame("sleep 120000"));
			Thread.sleep(300);
			assertThat(server.reload()).isTrue();
			assertThat(this.recorder.afterReload.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			assertThat(log.contains("still busy")).isTrue();
		}
		await().atMost(WAIT).until(() -> !ProcessHandle.of(stuckWorker.pid).isPresent());
		assertThat(whoami(other).pid).isNotEqualTo(otherWorker.pid);
		// the killed worker's in-flight request is lost, its connection is not
		assertThat(whoami(stuck).workerId).isEqualTo(stuckWorker.workerId);
		assertThat(this.recorder.errors).isEmpty();
	}

	@Test
	void sigusr1ToTheMasterReloadsEveryWorker() throws Exception {
		Server server = start((b) -> b.workerNum(1));
		Client client = client(server);
		Identity before = whoami(client);
		assertThat(Signals.kill(ProcessHandle.current().pid(), Signal.USR1)).isTrue();
		assertThat(this.recorder.afterReload.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(whoami(client).pid).isNotEqualTo(before.pid);
		assertThat(events()).contains("stop 0 " + before.pid);
	}

	@Test
	void shutdownRunsWorkerStopsBeforeManagerStopAndEndsEveryWorkerJvm() throws Exception {
		Server server = start((b) -> {
		});
		Set<Long> pids = new HashSet<>();
		for (int i = 0; i < 2; i++) {
			pids.add(whoami(client(server)).pid);
		}
		server.shutdown();
		List<String> events = events();
		int managerStop = events.indexOf("managerStop");
		assertThat(events.indexOf("beforeShutdown")).isNotNegative().isLessThan(managerStop);
		for (long pid : pids) {
			int stop = events.indexOf(events.stream()
				.filter((e) -> e.endsWith(" " + pid) && e.startsWith("stop"))
				.findFirst()
				.orElseThrow());
			assertThat(stop).isGreaterThan(events.indexOf("beforeShutdown")).isLessThan(managerStop);
		}
		assertThat(events.getLast()).isEqualTo("shutdown");
		await().atMost(WAIT).until(() -> pids.stream().noneMatch((pid) -> ProcessHandle.of(pid).isPresent()));
	}

	@Test
	void shutdownKillsAWorkerJvmStillBusyAfterMaxWaitTime() throws Exception {
		Server server = start((b) -> b.workerNum(1).maxWaitTime(Duration.ofSeconds(2)));
		Client client = client(server);
		Identity stuck = whoami(client);
		client.send(frame("sleep 120000"));
		Thread.sleep(300);
		long began = System.nanoTime();
		server.shutdown();
		assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(20));
		await().atMost(WAIT).until(() -> !ProcessHandle.of(stuck.pid).isPresent());
		assertThat(events()).doesNotContain("stop 0 " + stuck.pid);
	}

	@Test
	void workerJvmReadsConnectionStateThroughTheMaster() throws Exception {
		Server server = start((b) -> b.workerNum(2));
		Client client = client(server);
		int self = whoami(client).workerId;
		Client other = client(server);
		assertThat(whoami(other).workerId).isNotEqualTo(self);
		client.send(frame("state"));
		// a worker sees itself busy; the master sees a live worker JVM as idle
		String status = (self == 0) ? "BUSY,IDLE" : "IDLE,BUSY";
		assertThat(body(client.recv(WAIT))).isEqualTo(
				"exist=true missing=false port=" + server.port() + " listed=true bind=true,false uid=7 conns=2 status="
						+ status + " pause=true,true protect=true heartbeat=null");
		// the connection still reads after the worker paused and resumed it
		assertThat(whoami(client).workerId).isEqualTo(self);
	}

	@Test
	void workerJvmAnswersDatagramsThroughTheMastersUdpSocket() throws Exception {
		Port[] listener = new Port[1];
		start((b) -> {
		}, (server) -> listener[0] = server.addListener("127.0.0.1", 0, SocketType.UDP));
		Port udp = listener[0];
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
			socket.setSoTimeout((int) WAIT.toMillis());
			byte[] data = "datagram".getBytes(StandardCharsets.UTF_8);
			socket.send(new DatagramPacket(data, data.length, new InetSocketAddress("127.0.0.1", udp.port())));
			DatagramPacket reply = new DatagramPacket(new byte[100], 100);
			socket.receive(reply);
			assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
				.matches("from [01]: ");
			socket.receive(reply);
			assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8)).isEqualTo("datagram");
			assertThat(reply.getPort()).isEqualTo(udp.port());
		}
	}

	@Test
	void tableRowAndAtomicEndAtTheExactTotalWhenTwoWorkerJvmsIncrementThem() throws Exception {
		String tableName = UniqueNames.next("ptable");
		String atomicName = UniqueNames.next("patomic");
		Table table = Table.builder().size(64).column("n", ColumnType.INT).create(tableName);
		SharedMemory region = SharedMemory.create(atomicName, 64);
		Atomic atomic = Atomic.create(region, 0, 0);
		this.resources.add(region::unlink);
		this.resources.add(table::close);
		this.resources.add(region);
		Server server = start((b) -> {
		}, "table=" + tableName, "atomic=" + atomicName);
		List<Client> list = new ArrayList<>();
		Set<Integer> workers = new HashSet<>();
		for (int i = 0; i < 4; i++) {
			Client c = client(server);
			workers.add(whoami(c).workerId);
			list.add(c);
		}
		assertThat(workers).containsExactlyInAnyOrder(0, 1);
		List<Thread> threads = new ArrayList<>();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		for (Client c : list) {
			threads.add(Thread.ofPlatform().start(() -> {
				try {
					for (int i = 0; i < 250; i++) {
						c.send(frame("incr"));
						assertThat(body(c.recv(WAIT))).isEqualTo("ok");
					}
				}
				catch (Throwable ex) {
					failure.set(ex);
				}
			}));
		}
		for (Thread t : threads) {
			t.join();
		}
		assertThat(failure.get()).isNull();
		assertThat(table.getLong("k", table.column("n"), -1)).isEqualTo(1000);
		assertThat(atomic.get()).isEqualTo(1000);
	}

	@Test
	void killingTheMasterWithSigkillLeavesNoWorkerJvm() throws Exception {
		try (ChildJvm master = ChildJvm.start(ProcessMasterTestMain.class, "events=" + this.dir.resolve("events"))) {
			Set<Long> pids = masterWorkers(master);
			master.killHard();
			await().atMost(WAIT).until(() -> pids.stream().noneMatch((pid) -> ProcessHandle.of(pid).isPresent()));
		}
	}

	@Test
	void sigtermToTheMasterStopsEveryWorkerGracefully() throws Exception {
		try (ChildJvm master = ChildJvm.start(ProcessMasterTestMain.class, "events=" + this.dir.resolve("events"))) {
			Set<Long> pids = masterWorkers(master);
			assertThat(Signals.kill(master.pid(), Signal.TERM)).isTrue();
			master.waitFor(WAIT);
			assertThat(pids).allMatch((pid) -> !ProcessHandle.of(pid).isPresent());
			List<String> events = events();
			for (long pid : pids) {
				assertThat(events).anyMatch((e) -> e.startsWith("stop ") && e.endsWith(" " + pid));
			}
		}
	}

	@Test
	void tasksRunInTaskWorkerJvmsAndTheirResultsComeBack() throws Exception {
		Server server = start((b) -> b.workerNum(1).taskWorkerNum(2), "taskWorkers=2");
		Client client = client(server);
		client.send(frame("task hello"));
		assertThat(body(client.recv(WAIT))).matches("finish done hello by [12] for 0");
		client.send(frame("taskwait hi"));
		assertThat(body(client.recv(WAIT))).matches("waited done hi by [12] for 0");
		client.send(frame("multi"));
		assertThat(body(client.recv(WAIT)))
			.matches("multi \\[done a by [12] for 0, done b by [12] for 0, done c by [12] for 0\\]");
		client.send(frame("big " + (3 << 20)));
		assertThat(body(client.recv(WAIT))).isEqualTo("big " + (3 << 20) + " true");
	}

	@Test
	void eventsArrivingDuringATaskwaitOnTheWorkerLoopAreHandledAfterIt() throws Exception {
		Server server = start((b) -> b.workerNum(1).taskWorkerNum(1), "taskWorkers=1");
		Client waiting = client(server);
		Client echoing = client(server);
		whoami(waiting);
		waiting.send(frame("taskwait slow one"));
		Thread.sleep(100);
		List<byte[]> sent = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			sent.add(frame("echo-" + i));
			echoing.send(sent.getLast());
		}
		assertThat(body(waiting.recv(WAIT))).isEqualTo("waited done slow one by 1 for 0");
		for (byte[] expected : sent) {
			assertThat(echoing.recv(WAIT)).isEqualTo(expected);
		}
		assertThat(whoami(waiting).requestsBefore).isEqualTo(22);
	}

	@Test
	void reloadOfTaskWorkersReplacesOnlyTaskWorkerJvmsAndFullReloadReplacesAll() throws Exception {
		Server server = start((b) -> b.workerNum(1).taskWorkerNum(1), "taskWorkers=1");
		Client client = client(server);
		long eventPid = whoami(client).pid;
		long taskPid = taskPid(client);
		// SIGUSR2 to the master: Swoole's task-worker reload
		assertThat(Signals.kill(ProcessHandle.current().pid(), Signal.USR2)).isTrue();
		await().atMost(WAIT).until(() -> this.recorder.lifecycle.contains("afterReload"));
		assertThat(whoami(client).pid).isEqualTo(eventPid);
		long reloadedTaskPid = taskPid(client);
		assertThat(reloadedTaskPid).isNotEqualTo(taskPid);
		this.recorder.lifecycle.clear();
		assertThat(server.reload()).isTrue();
		await().atMost(WAIT).until(() -> this.recorder.lifecycle.contains("afterReload"));
		assertThat(whoami(client).pid).isNotEqualTo(eventPid);
		assertThat(taskPid(client)).isNotEqualTo(reloadedTaskPid);
		assertThat(this.recorder.errors).isEmpty();
	}

	@Test
	void killedTaskWorkerJvmIsReportedAndReplacedWithTheSameId() throws Exception {
		Server server = start((b) -> b.workerNum(1).taskWorkerNum(1), "taskWorkers=1");
		Client client = client(server);
		long taskPid = taskPid(client);
		assertThat(Process.kill(taskPid, Signal.KILL)).isTrue();
		assertThat(this.recorder.errors.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
			.isEqualTo(new WorkerError(1, taskPid, 0, 9));
		await().atMost(WAIT).until(() -> {
			long pid = taskPid(client);
			return pid > 0 && pid != taskPid;
		});
	}

	@Test
	void sendMessageReachesAnEventOrTaskWorkerJvm() throws Exception {
		Server server = start((b) -> b.workerNum(2).taskWorkerNum(1), "taskWorkers=1");
		Client client = client(server);
		int self = whoami(client).workerId;
		int other = 1 - self;
		client.send(frame("pipe " + other));
		assertThat(body(client.recv(WAIT))).isEqualTo("sent true");
		client.send(frame("pipe 2"));
		assertThat(body(client.recv(WAIT))).isEqualTo("sent true");
		client.send(frame("pipe " + self));
		assertThat(body(client.recv(WAIT))).isEqualTo("sent false");
		await().atMost(WAIT)
			.until(() -> events().containsAll(List.of("pipe " + other + " " + self + " hello from " + self,
					"pipe 2 " + self + " hello from " + self)));
	}

	/** The pid of the task worker that runs the next task, or -1 if none answered. */
	private static long taskPid(Client client) throws IOException {
		client.send(frame("taskpid"));
		String answer = body(client.recv(WAIT));
		return answer.equals("task null") ? -1 : Long.parseLong(answer.split(" ")[2]);
	}

	@Test
	void workerJvmWhoseMainNeverStartsTheServerIsReportedAsAnError() throws Exception {
		ServerConfig config = ServerTestSupport.lengthConfig(Mode.PROCESS)
			.workerNum(1)
			.workerEntry(NotAServerMain.class)
			.workerJvmOptions(Process.FAST_START_OPTIONS)
			.build();
		Server server = new Server(config, this.recorder);
		this.servers.add(server);
		try (LogCapture log = new LogCapture(ProcessWorkerSlot.class)) {
			server.start();
			WorkerError error = this.recorder.errors.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(error).isNotNull();
			assertThat(error.workerId()).isZero();
			assertThat(error.exitCode()).isEqualTo(WorkerProcess.EXIT_CRASHED);
			assertThat(log.contains("exited before serving")).isTrue();
		}
	}

	/** A main that returns without starting a server. */
	public static final class NotAServerMain {

		private NotAServerMain() {
		}

		public static void main(String[] args) {
			// returns at once: the worker JVM ends without serving
		}

	}

	// ------------------------------------------------------------------ support

	private Set<Long> masterWorkers(ChildJvm master) throws Exception {
		String line = master.readLine(WAIT);
		assertThat(line).startsWith("LISTENING ");
		int port = Integer.parseInt(line.substring("LISTENING ".length()));
		Set<Long> pids = new HashSet<>();
		for (int i = 0; i < 2; i++) {
			Client c = Client.connect("127.0.0.1", port,
					FramingConfig.lengthPrefixed(FramingConfig.DEFAULT_PACKAGE_MAX_LENGTH), WAIT);
			this.clients.add(c);
			pids.add(whoami(c).pid);
		}
		assertThat(pids).hasSize(2);
		return pids;
	}

	private Server start(Consumer<ServerConfig.Builder> custom, String... extraArgs) {
		return start(custom, (server) -> {
		}, extraArgs);
	}

	private Server start(Consumer<ServerConfig.Builder> custom, Consumer<Server> beforeStart, String... extraArgs) {
		List<String> args = new ArrayList<>(List.of("events=" + this.dir.resolve("events")));
		args.addAll(Arrays.asList(extraArgs));
		ServerConfig.Builder b = ServerTestSupport.lengthConfig(Mode.PROCESS)
			.reactorNum(1)
			.workerEntry(ProcessWorkerTestMain.class, args.toArray(new String[0]))
			.workerJvmOptions(Process.FAST_START_OPTIONS);
		custom.accept(b);
		Server server = new Server(b.build(), this.recorder);
		this.servers.add(server);
		beforeStart.accept(server);
		server.start();
		return server;
	}

	private Client client(Server server) throws IOException {
		Client c = Client.connect("127.0.0.1", server.port(), FramingConfig.lengthPrefixed(MAX_PACKAGE), WAIT);
		this.clients.add(c);
		return c;
	}

	private static Identity whoami(Client client) throws IOException {
		client.send(frame("whoami"));
		String[] words = body(client.recv(WAIT)).split(" ");
		return new Identity(Integer.parseInt(words[0]), Long.parseLong(words[1]), Long.parseLong(words[2]));
	}

	private static String body(byte[] frame) {
		return new String(frame, 4, frame.length - 4, StandardCharsets.UTF_8);
	}

	private List<String> events() throws IOException {
		Path file = this.dir.resolve("events");
		return Files.exists(file) ? Files.readAllLines(file) : List.of();
	}

	private record Identity(int workerId, long pid, long requestsBefore) {
	}

	private record WorkerError(int workerId, long pid, int exitCode, int signal) {
	}

	/** The master's handler: worker errors, reload and shutdown events. */
	private final class MasterEvents implements ServerHandler {

		final BlockingQueue<WorkerError> errors = new LinkedBlockingQueue<>();

		final List<String> lifecycle = new CopyOnWriteArrayList<>();

		final CountDownLatch afterReload = new CountDownLatch(1);

		@Override
		public void onWorkerError(Server server, int workerId, long workerThreadId, int exitCode, int signal) {
			this.errors.add(new WorkerError(workerId, workerThreadId, exitCode, signal));
		}

		@Override
		public void onBeforeReload(Server server) {
			this.lifecycle.add("beforeReload");
		}

		@Override
		public void onAfterReload(Server server) {
			this.lifecycle.add("afterReload");
			this.afterReload.countDown();
		}

		@Override
		public void onBeforeShutdown(Server server) {
			ProcessWorkerTestMain.append(ProcessModeTests.this.dir.resolve("events"), "beforeShutdown");
		}

		@Override
		public void onManagerStop(Server server) {
			ProcessWorkerTestMain.append(ProcessModeTests.this.dir.resolve("events"), "managerStop");
		}

		@Override
		public void onShutdown(Server server) {
			ProcessWorkerTestMain.append(ProcessModeTests.this.dir.resolve("events"), "shutdown");
		}

		@Override
		public void onReceive(Server server, long sessionId, int reactorId, Packet packet) {
			throw new IllegalStateException("the master never runs onReceive in PROCESS mode");
		}

	}

}
