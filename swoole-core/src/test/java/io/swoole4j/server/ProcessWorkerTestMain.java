package io.swoole4j.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
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
		return new ServerHandler() {

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
					case "exist" -> {
						try {
							reply(s, sessionId, "exist " + s.exist(sessionId));
						}
						catch (IllegalStateException ex) {
							reply(s, sessionId, ex.getMessage());
						}
					}
					default -> {
						if (body.startsWith("sleep ")) {
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
