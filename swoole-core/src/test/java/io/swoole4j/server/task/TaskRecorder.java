package io.swoole4j.server.task;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.swoole4j.server.Server;
import io.swoole4j.server.ServerHandler;

/**
 * A handler whose {@code onTask} understands a few commands and which runs test actions
 * on a chosen worker: {@link #onWorker} sends the action's key as a pipe message.
 */
class TaskRecorder implements ServerHandler {

	/** A value type for the codec tests. */
	record Point(int x, int y) {
	}

	/** Encodes {@link Point}s as two big-endian ints. */
	static final Codec POINT_CODEC = new Codec() {

		@Override
		public byte[] encode(Object value) {
			if (!(value instanceof Point p)) {
				throw new IllegalArgumentException("Not a Point: " + value);
			}
			return ByteBuffer.allocate(8).putInt(p.x()).putInt(p.y()).array();
		}

		@Override
		public Object decode(byte[] bytes) {
			ByteBuffer buf = ByteBuffer.wrap(bytes);
			return new Point(buf.getInt(), buf.getInt());
		}

	};

	record Call(long taskId, int srcWorkerId, int workerId, boolean taskWorker, Object data) {
	}

	record Finish(long taskId, Object result, int workerId, Thread thread) {
	}

	record Pipe(int dstWorkerId, int srcWorkerId, Object message) {
	}

	final List<Call> calls = new CopyOnWriteArrayList<>();

	final List<Finish> finishes = new CopyOnWriteArrayList<>();

	final List<Pipe> pipes = new CopyOnWriteArrayList<>();

	final List<Object> notes = new CopyOnWriteArrayList<>();

	final CountDownLatch release = new CountDownLatch(1);

	private final Map<String, Consumer<Server>> actions = new ConcurrentHashMap<>();

	private final AtomicLong nextAction = new AtomicLong();

	@Override
	public Object onTask(Server server, long taskId, int srcWorkerId, Object data) {
		this.calls.add(new Call(taskId, srcWorkerId, server.getWorkerId(), server.isTaskWorker(), data));
		if (data instanceof Point p) {
			return new Point(p.x() + 1, p.y() + 1);
		}
		if (!(data instanceof String command)) {
			return data;
		}
		if (command.equals("whoami")) {
			return String.valueOf(server.getWorkerId());
		}
		if (command.equals("block")) {
			await(this.release);
			return "unblocked";
		}
		if (command.startsWith("sleep:")) {
			sleep(Long.parseLong(command.substring(6)));
			return "slept:" + command.substring(6);
		}
		if (command.equals("nested")) {
			return server.task("inner") + "," + server.taskwait("inner", java.time.Duration.ofMillis(100));
		}
		if (command.equals("finish-twice")) {
			this.notes.add(server.finish("first"));
			this.notes.add(server.finish("second"));
			return "third";
		}
		if (command.equals("bad-result")) {
			return Integer.valueOf(5);
		}
		if (command.equals("none")) {
			return null;
		}
		if (command.equals("throw")) {
			throw new IllegalStateException("onTask failed on purpose");
		}
		if (command.startsWith("pipe-to:")) {
			return String.valueOf(server.sendMessage("from-task", Integer.parseInt(command.substring(8))));
		}
		return "done:" + command;
	}

	@Override
	public void onFinish(Server server, long taskId, Object result) {
		this.finishes.add(new Finish(taskId, result, server.getWorkerId(), Thread.currentThread()));
	}

	@Override
	public void onPipeMessage(Server server, int srcWorkerId, Object message) {
		Consumer<Server> action = (message instanceof String key) ? this.actions.remove(key) : null;
		if (action != null) {
			action.accept(server);
		}
		else {
			this.pipes.add(new Pipe(server.getWorkerId(), srcWorkerId, message));
		}
	}

	/** Runs {@code action} on worker {@code workerId}'s thread (asynchronously). */
	void onWorker(Server server, int workerId, Consumer<Server> action) {
		String key = "action-" + this.nextAction.incrementAndGet();
		this.actions.put(key, action);
		if (!server.sendMessage(key, workerId)) {
			throw new IllegalStateException("Could not reach worker " + workerId);
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
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

}
