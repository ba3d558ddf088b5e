package io.swoole4j.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records every lifecycle callback in order (those of {@link Recorder} and the manager,
 * reload and error ones) and answers length-framed commands: {@code echo:x} →
 * {@code x|threadId|workerId}; {@code sleep:ms:x} sleeps (ignoring interrupts, which are
 * recorded) then echoes; {@code error} throws an {@link Error}; {@code stats} →
 * {@code worker_request_count,worker_dispatch_count}.
 */
class LifecycleHandler extends Recorder {

	final Map<Long, AtomicInteger> processed = new ConcurrentHashMap<>();

	final AtomicInteger interrupted = new AtomicInteger();

	final List<String> workerErrors = new CopyOnWriteArrayList<>();

	final AtomicInteger inCallback = new AtomicInteger();

	@Override
	public void onBeforeShutdown(Server server) {
		this.lifecycle.add("beforeShutdown");
	}

	@Override
	public void onManagerStart(Server server) {
		this.lifecycle.add("managerStart");
	}

	@Override
	public void onManagerStop(Server server) {
		this.lifecycle.add("managerStop");
	}

	@Override
	public void onBeforeReload(Server server) {
		this.lifecycle.add("beforeReload");
	}

	@Override
	public void onAfterReload(Server server) {
		this.lifecycle.add("afterReload");
	}

	@Override
	public void onWorkerError(Server server, int workerId, long workerThreadId, int exitCode, int signal) {
		this.workerErrors.add(workerId + ":" + workerThreadId + ":" + exitCode + ":" + signal);
		this.lifecycle.add("workerError:" + workerId);
	}

	@Override
	public void onReceive(Server server, long sessionId, int reactorId, Packet packet) {
		String body = body(packet);
		this.inCallback.incrementAndGet();
		try {
			if (body.equals("error")) {
				throw new ExpectedError();
			}
			if (body.equals("stats")) {
				Map<String, Long> stats = server.stats();
				reply(server, sessionId, stats.get("worker_request_count") + "," + stats.get("worker_dispatch_count"));
				return;
			}
			if (body.startsWith("sleep:")) {
				String[] parts = body.split(":", 3);
				sleepUninterruptibly(Long.parseLong(parts[1]));
				body = "echo:" + parts[2];
			}
			String payload = body.substring(body.indexOf(':') + 1);
			reply(server, sessionId, payload + "|" + Thread.currentThread().threadId() + "|" + server.getWorkerId());
		}
		finally {
			this.processed.computeIfAbsent(sessionId, (k) -> new AtomicInteger()).incrementAndGet();
			this.inCallback.decrementAndGet();
		}
	}

	private void sleepUninterruptibly(long millis) {
		long deadline = System.nanoTime() + millis * 1_000_000;
		long left;
		while ((left = deadline - System.nanoTime()) > 0) {
			try {
				Thread.sleep(left / 1_000_000 + 1);
			}
			catch (InterruptedException ex) {
				this.interrupted.incrementAndGet();
			}
		}
	}

	static String body(Packet packet) {
		byte[] bytes = packet.toByteArray();
		return new String(bytes, 4, bytes.length - 4, StandardCharsets.UTF_8);
	}

	static String body(byte[] frame) {
		return new String(frame, 4, frame.length - 4, StandardCharsets.UTF_8);
	}

	private static void reply(Server server, long sessionId, String text) {
		server.send(sessionId, ServerTestSupport.frame(text));
	}

	int processedTotal() {
		return this.processed.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	/** The Error a test callback throws on purpose. */
	static final class ExpectedError extends Error {

		private static final long serialVersionUID = 1L;

		ExpectedError() {
			super("thrown on purpose by the test", null, false, false);
		}

	}

}
