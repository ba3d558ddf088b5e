package io.swoole4j.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records every callback (with the worker that ran it) and echoes packets by default. */
class Recorder implements ServerHandler {

	final Map<Long, List<String>> events = new ConcurrentHashMap<>();

	final Map<Long, List<Integer>> workers = new ConcurrentHashMap<>();

	final List<String> lifecycle = new CopyOnWriteArrayList<>();

	final AtomicInteger receives = new AtomicInteger();

	final AtomicInteger bufferFull = new AtomicInteger();

	final AtomicInteger bufferEmpty = new AtomicInteger();

	volatile boolean echo = true;

	private void record(Server server, long sessionId, String event) {
		this.events.computeIfAbsent(sessionId, (k) -> new CopyOnWriteArrayList<>()).add(event);
		this.workers.computeIfAbsent(sessionId, (k) -> new CopyOnWriteArrayList<>()).add(server.getWorkerId());
	}

	List<String> eventsOf(long sessionId) {
		return this.events.getOrDefault(sessionId, List.of());
	}

	@Override
	public void onStart(Server server) {
		this.lifecycle.add("start");
	}

	@Override
	public void onShutdown(Server server) {
		this.lifecycle.add("shutdown");
	}

	@Override
	public void onWorkerStart(Server server, int workerId) {
		this.lifecycle.add("workerStart:" + workerId);
	}

	@Override
	public void onWorkerStop(Server server, int workerId) {
		this.lifecycle.add("workerStop:" + workerId);
	}

	@Override
	public void onConnect(Server server, long sessionId, int reactorId) {
		record(server, sessionId, "connect");
	}

	@Override
	public void onReceive(Server server, long sessionId, int reactorId, Packet packet) {
		record(server, sessionId, "receive:" + packet.length());
		this.receives.incrementAndGet();
		if (this.echo) {
			server.send(sessionId, packet);
		}
	}

	@Override
	public void onClose(Server server, long sessionId, int reactorId) {
		record(server, sessionId, "close:" + ((reactorId < 0) ? "server" : "client"));
	}

	@Override
	public void onBufferFull(Server server, long sessionId) {
		this.bufferFull.incrementAndGet();
	}

	@Override
	public void onBufferEmpty(Server server, long sessionId) {
		this.bufferEmpty.incrementAndGet();
	}

}
