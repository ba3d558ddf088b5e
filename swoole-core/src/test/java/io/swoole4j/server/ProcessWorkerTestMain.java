package io.swoole4j.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.swoole4j.memory.SharedMemory;
import io.swoole4j.sync.Atomic;
import io.swoole4j.table.Table;

/**
 * The application of the PROCESS-mode tests, as a worker JVM runs it: builds a
 * PROCESS-mode server from {@code key=value} arguments and starts it, which serves as the
 * worker. Over length framing, a body {@code whoami} answers
 * {@code "<workerId> <pid> <requests>"}, {@code crash} throws an {@link Error},
 * {@code sleep <ms>} sleeps, {@code incr} adds one to row {@code k} of the shared table
 * and to the shared atomic, and any other body is echoed. {@code onWorkerStart} and
 * {@code onWorkerStop} append {@code start|stop <id> <pid>} lines to the events file.
 * <p>
 * Arguments: {@code events=<file>}, {@code maxRequest=<n>}, {@code table=<name>},
 * {@code atomic=<shared memory name>}.
 */
public final class ProcessWorkerTestMain {

	private ProcessWorkerTestMain() {
	}

	public static void main(String[] args) {
		ServerConfig config = ServerConfig.builder()
			.mode(Mode.PROCESS)
			.workerEntry(ProcessWorkerTestMain.class, args)
			.maxRequest(Integer.parseInt(options(args).getOrDefault("maxRequest", "0")))
			.maxRequestGrace(0)
			.taskWorkerNum(Integer.parseInt(options(args).getOrDefault("taskWorkers", "0")))
			.build();
		new Server(config, handler(args)).start();
	}

	static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			options.put(arg.substring(0, eq), arg.substring(eq + 1));
		}
		return options;
	}

	/** The handler a worker JVM runs, configured by {@code args}. */
	static ServerHandler handler(String[] args) {
		Map<String, String> options = options(args);
		Path events = Path.of(options.get("events"));
		Table table = options.containsKey("table") ? Table.attach(options.get("table")) : null;
		Atomic atomic = options.containsKey("atomic") ? Atomic.attach(SharedMemory.open(options.get("atomic")), 0)
				: null;
		Map<Long, Long> taskSessions = new java.util.concurrent.ConcurrentHashMap<>();
		return new ServerHandler() {

			@Override
			public Object onTask(Server s, long taskId, int srcWorkerId, Object data) {
				if (data instanceof byte[] bytes) {
					byte[] result = new byte[bytes.length];
					for (int i = 0; i < bytes.length; i++) {
						result[i] = (byte) (bytes[i] + 1);
					}
					return result;
				}
				if (data instanceof String text && text.startsWith("slow ")) {
					sleep(500);
				}
				if ("pid".equals(data)) {
					return s.getWorkerId() + " " + ProcessHandle.current().pid();
				}
				return "done " + data + " by " + s.getWorkerId() + " for " + srcWorkerId;
			}

			@Override
			public void onFinish(Server s, long taskId, Object result) {
				reply(s, taskSessions.remove(taskId), "finish " + result);
			}

			@Override
			public void onPacket(Server s, byte[] data, UdpPeer peer) {
				s.sendto(peer.address(), peer.port(),
						("from " + s.getWorkerId() + ": ").getBytes(StandardCharsets.UTF_8));
				s.sendto(peer.address(), peer.port(), data);
			}

			@Override
			public void onPipeMessage(Server s, int srcWorkerId, Object message) {
				append(events, "pipe " + s.getWorkerId() + " " + srcWorkerId + " " + message);
			}

			@Override
			public void onWorkerStart(Server s, int workerId) {
				append(events, "start " + workerId + " " + ProcessHandle.current().pid());
			}

			@Override
			public void onWorkerStop(Server s, int workerId) {
				append(events, "stop " + workerId + " " + ProcessHandle.current().pid());
			}

			@Override
			public void onReceive(Server s, long sessionId, int reactorId, Packet packet) {
				String body = new String(packet.toByteArray(), 4, packet.length() - 4, StandardCharsets.UTF_8);
				switch (body) {
					case "whoami" -> reply(s, sessionId, s.getWorkerId() + " " + ProcessHandle.current().pid() + " "
							+ s.stats().get("worker_request_count"));
					case "crash" -> throw new AssertionError("crash requested");
					case "incr" -> {
						table.incr("k", table.column("n"), 1);
						atomic.add(1);
						reply(s, sessionId, "ok");
					}
					case "state" -> {
						ClientInfo info = s.getClientInfo(sessionId);
						boolean listed = java.util.Arrays.stream(s.getClientList(0, 100))
							.anyMatch((id) -> id == sessionId);
						reply(s, sessionId, "exist=" + s.exist(sessionId) + " missing=" + s.exist(sessionId + 1000)
								+ " port=" + info.serverPort() + " listed=" + listed + " bind=" + s.bind(sessionId, 7)
								+ "," + s.bind(sessionId, 8) + " uid=" + s.getClientInfo(sessionId).uid() + " conns="
								+ s.stats().get("connection_num") + " status=" + s.getWorkerStatus(0) + ","
								+ s.getWorkerStatus(1) + " pause=" + s.pause(sessionId) + "," + s.resume(sessionId)
								+ " protect=" + s.protect(sessionId, true) + " heartbeat=" + s.heartbeat(false));
					}
					case "taskpid" -> reply(s, sessionId, "task " + s.taskwait("pid", Duration.ofSeconds(20)));
					case "multi" ->
						reply(s, sessionId, "multi " + s.taskWaitMulti(List.of("a", "b", "c"), Duration.ofSeconds(20)));
					default -> {
						if (body.startsWith("task ")) {
							// registered before the task can finish: onFinish runs on
							// this thread, after this callback
							taskSessions.put(s.task(body.substring(5)), sessionId);
						}
						else if (body.startsWith("taskwait ")) {
							reply(s, sessionId, "waited " + s.taskwait(body.substring(9), Duration.ofSeconds(20)));
						}
						else if (body.startsWith("big ")) {
							byte[] data = new byte[Integer.parseInt(body.substring(4))];
							new java.util.Random(7).nextBytes(data);
							byte[] result = (byte[]) s.taskwait(data, Duration.ofSeconds(30));
							boolean ok = result.length == data.length;
							for (int i = 0; ok && i < data.length; i++) {
								ok = result[i] == (byte) (data[i] + 1);
							}
							reply(s, sessionId, "big " + result.length + " " + ok);
						}
						else if (body.startsWith("burst ")) {
							burst(s, sessionId, Integer.parseInt(body.split(" ")[1]),
									Integer.parseInt(body.split(" ")[2]));
						}
						else if (body.startsWith("pipe ")) {
							reply(s, sessionId, "sent " + s.sendMessage("hello from " + s.getWorkerId(),
									Integer.parseInt(body.substring(5))));
						}
						else if (body.startsWith("sleep ")) {
							sleep(Long.parseLong(body.substring(6)));
							reply(s, sessionId, "slept");
						}
						else {
							s.send(sessionId, packet);
						}
					}
				}
			}

		};
	}

	/**
	 * Four threads of this worker JVM send {@code count} frames each, every byte of a
	 * frame's body being the thread's number, at the same time.
	 */
	private static void burst(Server server, long sessionId, int count, int size) {
		List<Thread> threads = new java.util.ArrayList<>();
		for (int t = 0; t < 4; t++) {
			byte[] body = new byte[size];
			java.util.Arrays.fill(body, (byte) t);
			byte[] frame = ByteBuffer.allocate(4 + size).putInt(size).put(body).array();
			threads.add(Thread.ofPlatform().start(() -> {
				for (int i = 0; i < count; i++) {
					server.send(sessionId, frame);
				}
			}));
		}
		for (Thread t : threads) {
			try {
				t.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void reply(Server server, long sessionId, String text) {
		byte[] body = text.getBytes(StandardCharsets.UTF_8);
		server.send(sessionId, ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip());
	}

	static synchronized void append(Path file, String line) {
		try {
			Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
