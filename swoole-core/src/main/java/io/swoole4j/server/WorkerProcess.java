package io.swoole4j.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.internal.Checks;
import io.swoole4j.process.ProcessContext;
import io.swoole4j.reactor.ChannelHandler;
import io.swoole4j.reactor.Reactor;
import io.swoole4j.reactor.Registration;
import io.swoole4j.server.message.DatagramDescriptor;
import io.swoole4j.server.message.MessageDescriptor;
import io.swoole4j.server.task.TaskCallback;
import io.swoole4j.server.task.TaskMessages;
import io.swoole4j.server.task.TaskPool;
import io.swoole4j.server.task.TaskWaits;

/**
 * The worker side of PROCESS mode, inside a worker JVM: an event loop that reads the
 * master's event messages from the worker's socket, runs the callbacks on a view of the
 * read buffer, and writes the commands that {@code send} and {@code close} make, corked
 * so that the answers to one read go out in one write. Its loop also runs the worker's
 * timers ({@link Server#tick}).
 * <p>
 * The loop ends on the master's end message (reload, {@code maxRequest}, shutdown), after
 * {@code onWorkerStop}; an {@link Error} in a callback ends it at once (the master
 * reports the exit through {@code onWorkerError} and starts a replacement); so does the
 * master closing the socket. The JVM then exits with {@link #EXIT_NORMAL},
 * {@link #EXIT_CRASHED} or {@link #EXIT_MASTER_GONE}.
 * <p>
 * Threading: the loop thread reads and runs callbacks; {@link #command} may be called
 * from any thread (writes are serialised by a lock; off the loop they are flushed at
 * once).
 */
final class WorkerProcess implements ChannelHandler {

	private static final Logger logger = LoggerFactory.getLogger(WorkerProcess.class);

	/** Exit status of a worker JVM that ended on the master's request. */
	static final int EXIT_NORMAL = 0;

	/** Exit status of a worker JVM ended by an {@link Error} in a callback. */
	static final int EXIT_CRASHED = 255;

	/** Exit status of a worker JVM whose master closed the socket. */
	static final int EXIT_MASTER_GONE = 3;

	/**
	 * Largest payload of a message between master and worker: a {@code send} or task past
	 * it returns false in a worker JVM (with a warning), never truncated.
	 */
	static final int MAX_PAYLOAD = 64 << 20;

	private static final long EXIT_GRACE_SECONDS = 10;

	/** Longest wait for the master's answer to a call. */
	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

	private static final long FLUSH_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

	private final Server server;

	private final ServerHandler handler;

	private final WorkerState state;

	private final SocketChannel channel;

	private final Reactor loop;

	private final ReentrantLock writeLock = new ReentrantLock();

	private final ByteBuffer out = ByteBuffer.allocateDirect(WorkerLink.BATCH_BYTES);

	private final Packet packet = new Packet();

	private final long requestLimit;

	// always in read mode: position to limit are the bytes not handled yet
	private ByteBuffer in = ByteBuffer.allocate(WorkerLink.BATCH_BYTES).flip();

	private ByteBuffer inCursor = this.in.duplicate();

	// loop thread only: true while the events of one read run, so their sends go out
	// together at its end
	private boolean corked;

	private boolean retireSent;

	private volatile int exitStatus = -1;

	private final boolean taskWorker;

	private final TaskMessages messages;

	private final AtomicLong nextTaskId = new AtomicLong();

	private final Map<Long, TaskCallback> callbacks = new ConcurrentHashMap<>();

	private final Map<Long, CompletableFuture<byte[]>> waiters = new ConcurrentHashMap<>();

	private final AtomicLong nextCallId = new AtomicLong();

	private final Map<Long, CompletableFuture<byte[]>> calls = new ConcurrentHashMap<>();

	// task worker, loop thread only: the task onTask is running
	private byte[] currentTask;

	private boolean currentFinished;

	// loop thread only: waits for readable data inside a taskwait on the loop
	private Selector waitSelector;

	private WorkerProcess(Server server, ServerHandler handler, int workerId, SocketChannel channel) {
		this.server = server;
		this.handler = handler;
		this.state = new WorkerState(workerId, null);
		this.channel = channel;
		this.loop = new Reactor("swoole-worker-" + workerId);
		int max = server.config().maxRequest();
		int grace = server.config().maxRequestGrace();
		this.requestLimit = (max == 0) ? 0
				: max + ((grace > 0) ? ThreadLocalRandom.current().nextInt(1, grace + 1) : 0);
		this.taskWorker = Boolean.getBoolean(ProcessWorkerSlot.TASK_WORKER_PROPERTY);
		this.messages = new TaskMessages(server.config().taskCodec());
	}

	/** Whether this JVM is a worker JVM started by a PROCESS-mode master. */
	static boolean isWorkerJvm() {
		return System.getProperty(ProcessWorkerSlot.WORKER_ID_PROPERTY) != null && ProcessContext.current() != null;
	}

	/**
	 * Serves as the worker this JVM was started for, until the master ends it, then exits
	 * the JVM. Called by {@link Server#start()} in a worker JVM.
	 */
	static void run(Server server, ServerHandler handler) {
		int id = Integer.getInteger(ProcessWorkerSlot.WORKER_ID_PROPERTY);
		int status;
		try {
			SocketChannel channel = (SocketChannel) ProcessContext.current().pipe().channel();
			WorkerProcess worker = new WorkerProcess(server, handler, id, channel);
			server.workerProcessStarted(worker);
			status = worker.serve();
		}
		catch (IOException | RuntimeException ex) {
			logger.error("Worker {} cannot serve", id, ex);
			status = EXIT_CRASHED;
		}
		haltLater(status);
		System.exit(status);
	}

	/**
	 * Shutdown hooks of the application (a Spring context still starting, say) must not
	 * keep a finished worker alive: the JVM halts if they take longer than this.
	 */
	private static void haltLater(int status) {
		Thread halter = new Thread(() -> {
			try {
				TimeUnit.SECONDS.sleep(EXIT_GRACE_SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			Runtime.getRuntime().halt(status);
		}, "swoole-worker-exit-guard");
		halter.setDaemon(true);
		halter.start();
	}

	int workerId() {
		return this.state.id;
	}

	WorkerState state() {
		return this.state;
	}

	Reactor loop() {
		return this.loop;
	}

	private int serve() throws IOException {
		this.loop.start();
		this.loop.execute(() -> {
			try {
				this.loop.register(this.channel, SelectionKey.OP_READ, this);
			}
			catch (IOException ex) {
				logger.error("Worker {} cannot watch its socket", this.state.id, ex);
				end(EXIT_MASTER_GONE);
				return;
			}
			this.state.timers = new WorkerTimers(this.loop.timer());
			this.server.workerStarted(this.state);
			control(MessageDescriptor.TYPE_STARTED);
		});
		try {
			while (!this.loop.awaitTermination(java.time.Duration.ofDays(1))) {
				// a worker serves as long as its master wants
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return EXIT_CRASHED;
		}
		return (this.exitStatus >= 0) ? this.exitStatus : EXIT_CRASHED;
	}

	private void end(int status) {
		if (this.exitStatus < 0) {
			this.exitStatus = status;
		}
		this.loop.stop();
	}

	// ------------------------------------------------------------------ events

	@Override
	public void onReadable(Registration registration) {
		int n;
		this.in.compact();
		try {
			n = this.channel.read(this.in);
		}
		catch (IOException ex) {
			n = -1;
		}
		finally {
			this.in.flip();
		}
		if (n < 0) {
			logger.warn("Worker {}: the master closed the connection; exiting", this.state.id);
			end(EXIT_MASTER_GONE);
			return;
		}
		drain();
	}

	/** Handles every whole message in the input buffer. Loop thread. */
	private void drain() {
		this.corked = true;
		try {
			// this.in is read again on each turn: a taskwait inside a callback may
			// replace it with a larger copy, positions kept
			while (this.in.remaining() >= MessageDescriptor.HEADER_LENGTH && this.exitStatus < 0) {
				ByteBuffer buf = this.in;
				int at = buf.position();
				int total = MessageDescriptor.HEADER_LENGTH + MessageDescriptor.length(buf, at);
				if (buf.remaining() < total) {
					break;
				}
				buf.position(at + total);
				event(buf, at);
			}
		}
		finally {
			this.corked = false;
			flushQuietly();
		}
		if (this.exitStatus >= 0) {
			return;
		}
		ByteBuffer buf = this.in;
		int needed = (buf.remaining() >= MessageDescriptor.HEADER_LENGTH)
				? MessageDescriptor.HEADER_LENGTH + MessageDescriptor.length(buf, buf.position()) : 0;
		if (needed > buf.capacity()) {
			// one message larger than the buffer: a buffer of its size, until it is read
			ByteBuffer larger = ByteBuffer.allocate(needed);
			larger.put(buf).flip();
			replaceInput(larger);
		}
		else if (!buf.hasRemaining() && buf.capacity() > WorkerLink.BATCH_BYTES) {
			replaceInput(ByteBuffer.allocate(WorkerLink.BATCH_BYTES).flip());
		}
	}

	private void replaceInput(ByteBuffer fresh) {
		this.in = fresh;
		this.inCursor = fresh.duplicate();
	}

	private void event(ByteBuffer buf, int at) {
		byte type = MessageDescriptor.type(buf, at);
		long sessionId = MessageDescriptor.sessionId(buf, at);
		int reactorId = MessageDescriptor.reactorId(buf, at);
		int length = MessageDescriptor.length(buf, at);
		ServerHandler target = this.server.portHandler(MessageDescriptor.reserved(buf, at));
		WorkerState w = this.state;
		w.dispatched.increment();
		w.status = WorkerStatus.BUSY;
		try {
			switch (type) {
				case MessageDescriptor.TYPE_RECEIVE -> {
					this.packet.bind(buf, this.inCursor, at + MessageDescriptor.HEADER_LENGTH, length);
					try {
						target.onReceive(this.server, sessionId, reactorId, this.packet);
					}
					finally {
						this.packet.unbind();
						w.requests++;
					}
				}
				case MessageDescriptor.TYPE_CONNECT -> target.onConnect(this.server, sessionId, reactorId);
				case MessageDescriptor.TYPE_CLOSE -> target.onClose(this.server, sessionId,
						((MessageDescriptor.flags(buf, at) & MessageDescriptor.FLAG_SERVER_CLOSE) != 0) ? -1
								: reactorId);
				case MessageDescriptor.TYPE_BUFFER_FULL -> target.onBufferFull(this.server, sessionId);
				case MessageDescriptor.TYPE_BUFFER_EMPTY -> target.onBufferEmpty(this.server, sessionId);
				case DatagramDescriptor.TYPE_DATAGRAM -> {
					w.status = WorkerStatus.IDLE;
					this.server.callDatagram(w, buf, at + MessageDescriptor.HEADER_LENGTH, length,
							this.server.portAt(MessageDescriptor.reserved(buf, at)));
				}
				case MessageDescriptor.TYPE_NONE -> w.status = WorkerStatus.IDLE;
				case TaskMessages.TYPE_TASK -> runTask(copy(buf, at));
				case TaskMessages.TYPE_FINISH -> finished(copy(buf, at));
				case MessageDescriptor.TYPE_RESULT -> {
					CompletableFuture<byte[]> caller = this.calls.remove(sessionId);
					if (caller != null) {
						caller.complete(copy(buf, at));
					}
				}
				case TaskMessages.TYPE_PIPE_MESSAGE -> {
					byte[] message = copy(buf, at);
					target.onPipeMessage(this.server, TaskMessages.srcWorkerId(message), this.messages.decode(message));
				}
				case MessageDescriptor.TYPE_END -> {
					w.status = WorkerStatus.IDLE;
					flushQuietly();
					this.server.workerStopped(w);
					end(EXIT_NORMAL);
				}
				default -> logger.warn("Worker {}: unknown message type {} from the master", w.id, type);
			}
		}
		catch (RuntimeException ex) {
			w.errors++;
			logger.error("Worker {}: a callback threw; the worker keeps serving", w.id, ex);
		}
		catch (Error ex) {
			w.errors++;
			logger.error("Worker {}: a callback threw an Error; the worker exits and the master replaces it", w.id, ex);
			end(EXIT_CRASHED);
			return;
		}
		finally {
			if (w.status == WorkerStatus.BUSY) {
				w.status = WorkerStatus.IDLE;
			}
		}
		if (this.requestLimit > 0 && !this.retireSent && w.requests >= this.requestLimit) {
			// the master answers with the end message after what it already sent
			this.retireSent = true;
			control(MessageDescriptor.TYPE_RETIRE);
		}
	}

	private static byte[] copy(ByteBuffer buf, int at) {
		byte[] message = new byte[MessageDescriptor.HEADER_LENGTH + MessageDescriptor.length(buf, at)];
		buf.get(at, message);
		return message;
	}

	// ------------------------------------------------------------------ calls

	/**
	 * Runs a method on the master ({@link WorkerCalls}) and waits for its result. Any
	 * thread; on the loop thread it reads the socket itself meanwhile.
	 * @throws IllegalStateException if the master does not answer in time or is gone
	 * @throws IllegalArgumentException if the master refused the call
	 */
	byte[] call(int method, long... args) {
		long id = this.nextCallId.getAndIncrement();
		return call(id, WorkerCalls.call(id, this.state.id, method, args));
	}

	/**
	 * {@code sendto} through the master's UDP socket; see {@link #call(int, long...)}.
	 */
	byte[] sendto(String address, int port, byte[] data) {
		long id = this.nextCallId.getAndIncrement();
		return call(id, WorkerCalls.sendto(id, this.state.id, address, port, data));
	}

	private byte[] call(long id, byte[] message) {
		CompletableFuture<byte[]> waiter = TaskWaits.register(this.calls, id,
				() -> command(ByteBuffer.wrap(message), 0, message.length));
		if (waiter == null) {
			throw new IllegalStateException("worker " + this.state.id + " cannot reach the master");
		}
		long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
		if (this.loop.inLoop()) {
			awaitOnLoop(waiter, deadline);
		}
		byte[] result = TaskWaits.await(this.calls, id, waiter, deadline);
		if (result == null) {
			throw new IllegalStateException("the master did not answer within " + CALL_TIMEOUT);
		}
		return result;
	}

	// ------------------------------------------------------------------ tasks

	boolean isTaskWorker() {
		return this.taskWorker;
	}

	/** See {@link Server#task(Object, int, TaskCallback)}. */
	long task(Object data, int dstWorkerId, TaskCallback callback) {
		Checks.checkNotNull(data, "data");
		if (!taskAllowed("task", dstWorkerId)) {
			return TaskPool.FAILED;
		}
		long id = this.nextTaskId.getAndIncrement();
		byte[] message = this.messages.encode(TaskMessages.TYPE_TASK, (byte) 0, id, this.state.id, data);
		if (callback != null) {
			this.callbacks.put(id, callback);
		}
		if (!message(message, dstWorkerId)) {
			this.callbacks.remove(id);
			return TaskPool.FAILED;
		}
		return id;
	}

	/** See {@link Server#taskwait(Object, Duration, int)}. */
	Object taskwait(Object data, Duration timeout, int dstWorkerId) {
		return TaskWaits.waitOne(data, timeout, () -> taskAllowed("taskwait", dstWorkerId),
				this.nextTaskId::getAndIncrement, (id, task) -> submitWaiting(id, task, dstWorkerId), this::await);
	}

	/** See {@link Server#taskWaitMulti(List, Duration)}. */
	List<Object> taskWaitMulti(List<?> tasks, Duration timeout) {
		return TaskWaits.waitAll(tasks, timeout, () -> taskAllowed("taskWaitMulti", -1),
				this.nextTaskId::getAndIncrement, (id, data) -> submitWaiting(id, data, -1), this::await);
	}

	private boolean taskAllowed(String method, int dstWorkerId) {
		int tasks = this.server.config().taskWorkerNum();
		String refusal = null;
		if (this.taskWorker) {
			refusal = method + "() is not allowed in a task worker";
		}
		else if (tasks == 0) {
			refusal = method + "() needs taskWorkerNum > 0";
		}
		else if (dstWorkerId < -1 || dstWorkerId >= tasks) {
			refusal = "dstWorkerId " + dstWorkerId + " is not in [-1, " + (tasks - 1) + "]";
		}
		if (refusal != null) {
			logger.warn("{}: refused", refusal);
			return false;
		}
		return true;
	}

	private CompletableFuture<byte[]> submitWaiting(long id, Object data, int dstWorkerId) {
		byte[] message = this.messages.encode(TaskMessages.TYPE_TASK, TaskMessages.FLAG_WAIT, id, this.state.id, data);
		return TaskWaits.register(this.waiters, id, () -> message(message, dstWorkerId));
	}

	private Object await(long id, CompletableFuture<byte[]> waiter, long deadline) {
		if (this.loop.inLoop()) {
			awaitOnLoop(waiter, deadline);
		}
		byte[] result = TaskWaits.await(this.waiters, id, waiter, deadline);
		return (result != null && (result[MessageDescriptor.FLAGS_OFFSET] & TaskMessages.FLAG_NO_RESULT) == 0)
				? this.messages.decode(result) : null;
	}

	/**
	 * A taskwait on the loop thread, which is the socket's only reader: it reads here
	 * itself until the result arrives, taking the results of waiting tasks out of the
	 * input (marked {@link MessageDescriptor#TYPE_NONE}) and leaving every other message
	 * for the loop to handle after the callback.
	 */
	private void awaitOnLoop(CompletableFuture<byte[]> waiter, long deadline) {
		flushQuietly();
		try {
			if (this.waitSelector == null) {
				this.waitSelector = Selector.open();
				this.channel.register(this.waitSelector, SelectionKey.OP_READ);
			}
			int scanned = this.in.position();
			while (!waiter.isDone()) {
				scanned = takeResults(scanned);
				long left = deadline - System.nanoTime();
				if (waiter.isDone() || left <= 0) {
					break;
				}
				if (this.waitSelector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))) > 0) {
					this.waitSelector.selectedKeys().clear();
					if (readMore() < 0) {
						end(EXIT_MASTER_GONE);
						return;
					}
				}
			}
		}
		catch (IOException ex) {
			logger.warn("Worker {}: reading the master's socket during a taskwait failed: {}", this.state.id,
					ex.toString());
		}
		if (this.in.hasRemaining()) {
			// bytes read here raise no readiness any more: handle them from the loop
			this.loop.execute(this::drain);
		}
	}

	/** Completes the waiters whose results are whole in the input from {@code from}. */
	private int takeResults(int from) {
		ByteBuffer buf = this.in;
		int at = from;
		while (buf.limit() - at >= MessageDescriptor.HEADER_LENGTH) {
			int total = MessageDescriptor.HEADER_LENGTH + MessageDescriptor.length(buf, at);
			if (buf.limit() - at < total) {
				break;
			}
			byte type = MessageDescriptor.type(buf, at);
			Map<Long, CompletableFuture<byte[]>> owners = (type == MessageDescriptor.TYPE_RESULT) ? this.calls
					: (type == TaskMessages.TYPE_FINISH
							&& (MessageDescriptor.flags(buf, at) & TaskMessages.FLAG_WAIT) != 0) ? this.waiters : null;
			if (owners != null) {
				CompletableFuture<byte[]> waiter = owners.remove(MessageDescriptor.sessionId(buf, at));
				if (waiter != null) {
					waiter.complete(copy(buf, at));
				}
				buf.put(at + MessageDescriptor.TYPE_OFFSET, MessageDescriptor.TYPE_NONE);
			}
			at += total;
		}
		return at;
	}

	/**
	 * Appends what the socket holds to the input, growing it by copy when full (the
	 * running callback's packet keeps the old array; positions stay).
	 */
	private int readMore() throws IOException {
		ByteBuffer buf = this.in;
		if (buf.limit() == buf.capacity()) {
			ByteBuffer larger = ByteBuffer.allocate(buf.capacity() * 2);
			larger.put(0, buf, 0, buf.limit()).limit(buf.limit()).position(buf.position());
			replaceInput(larger);
			buf = larger;
		}
		int position = buf.position();
		buf.position(buf.limit()).limit(buf.capacity());
		try {
			return this.channel.read(buf);
		}
		finally {
			buf.limit(buf.position()).position(position);
		}
	}

	/** A result for this event worker (loop thread). */
	private void finished(byte[] message) {
		long id = TaskMessages.taskId(message);
		if (TaskMessages.isWait(message)) {
			CompletableFuture<byte[]> waiter = this.waiters.remove(id);
			if (waiter != null) {
				waiter.complete(message);
			}
			return;
		}
		TaskCallback callback = this.callbacks.remove(id);
		if ((message[MessageDescriptor.FLAGS_OFFSET] & TaskMessages.FLAG_NO_RESULT) != 0) {
			return;
		}
		Object result = this.messages.decode(message);
		if (callback != null) {
			callback.onFinish(this.server, id, result);
		}
		else {
			this.handler.onFinish(this.server, id, result);
		}
	}

	/** Runs a task (task worker JVM, loop thread). */
	private void runTask(byte[] task) {
		this.currentTask = task;
		this.currentFinished = false;
		try {
			Object result = this.handler.onTask(this.server, TaskMessages.taskId(task), TaskMessages.srcWorkerId(task),
					this.messages.decode(task));
			if (result != null && !this.currentFinished) {
				finish(result);
			}
		}
		finally {
			if (!this.currentFinished) {
				result(task, TaskMessages.FLAG_NO_RESULT, new byte[MessageDescriptor.HEADER_LENGTH]);
			}
			this.currentTask = null;
			this.state.requests++;
		}
	}

	/** See {@link Server#finish(Object)}. */
	boolean finish(Object result) {
		Checks.checkNotNull(result, "result");
		byte[] task = this.currentTask;
		if (task == null || this.currentFinished || !this.loop.inLoop()) {
			logger.warn("finish() outside onTask, or a second result: ignored");
			return false;
		}
		byte[] encoded = this.messages.encode(TaskMessages.TYPE_FINISH, (byte) 0, TaskMessages.taskId(task),
				this.state.id, result);
		this.currentFinished = true;
		return result(task, encoded[MessageDescriptor.FLAGS_OFFSET], encoded);
	}

	/**
	 * Sends a task's result, or its absence, back to the worker that sent the task:
	 * {@code encoded} is a whole result message whose header is rewritten here.
	 */
	private boolean result(byte[] task, byte flags, byte[] encoded) {
		int src = TaskMessages.srcWorkerId(task);
		if (src < 0) {
			return true;
		}
		byte all = (byte) (flags | (TaskMessages.isWait(task) ? TaskMessages.FLAG_WAIT : 0));
		MessageDescriptor.writeHeader(ByteBuffer.wrap(encoded), 0, TaskMessages.TYPE_FINISH, all, -1,
				TaskMessages.taskId(task), this.state.id, encoded.length - MessageDescriptor.HEADER_LENGTH);
		return message(encoded, src);
	}

	/** See {@link Server#sendMessage(Object, int)}. */
	boolean sendMessage(Object message, int dstWorkerId) {
		Checks.checkNotNull(message, "message");
		ServerConfig c = this.server.config();
		if (dstWorkerId < 0 || dstWorkerId >= c.workerNum() + c.taskWorkerNum() || dstWorkerId == this.state.id) {
			logger.warn("sendMessage to worker {} from worker {}: no such other worker", dstWorkerId, this.state.id);
			return false;
		}
		return message(this.messages.encode(TaskMessages.TYPE_PIPE_MESSAGE, (byte) 0, 0, this.state.id, message),
				dstWorkerId);
	}

	/** Writes a whole message whose destination worker goes in the reserved word. */
	private boolean message(byte[] message, int dst) {
		ByteBuffer whole = ByteBuffer.wrap(message);
		MessageDescriptor.writeReserved(whole, 0, dst);
		return command(whole, 0, message.length);
	}

	// ------------------------------------------------------------------ commands

	/**
	 * Writes a command (send or close) for the master. Any thread.
	 * @return false if {@code length} is out of range or the master is gone
	 */
	boolean command(byte type, byte flags, long sessionId, ByteBuffer src, int offset, int length) {
		if (length < 0 || length > MAX_PAYLOAD) {
			logger.warn("Worker {}: a message of {} bytes exceeds the {} bytes a worker JVM can pass; refused",
					this.state.id, length, MAX_PAYLOAD);
			return false;
		}
		this.writeLock.lock();
		try {
			if (MessageDescriptor.HEADER_LENGTH > this.out.remaining() && !flushed()) {
				return false;
			}
			MessageDescriptor.writeHeader(this.out, this.out.position(), type, flags, -1, sessionId, this.state.id,
					length);
			this.out.position(this.out.position() + MessageDescriptor.HEADER_LENGTH);
			return write(src, offset, length);
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/** Writes a whole message (header included) for the master. Any thread. */
	private boolean command(ByteBuffer message, int offset, int length) {
		if (length > MAX_PAYLOAD + MessageDescriptor.HEADER_LENGTH) {
			logger.warn("Worker {}: a message of {} bytes exceeds the {} bytes a worker JVM can pass; refused",
					this.state.id, length, MAX_PAYLOAD);
			return false;
		}
		this.writeLock.lock();
		try {
			return write(message, offset, length);
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/** Appends bytes to the output, flushing unless corked on the loop; lock held. */
	private boolean write(ByteBuffer src, int offset, int length) {
		try {
			if (length > this.out.remaining()) {
				flushLocked();
			}
			if (length <= this.out.remaining()) {
				this.out.put(this.out.position(), src, offset, length);
				this.out.position(this.out.position() + length);
				if (!this.corked || !this.loop.inLoop()) {
					flushLocked();
				}
			}
			else {
				flushLocked();
				writeFully(src.slice(offset, length));
			}
			return true;
		}
		catch (IOException ex) {
			logger.debug("Worker {}: write to the master failed: {}", this.state.id, ex.toString());
			return false;
		}
	}

	private boolean flushed() {
		try {
			flushLocked();
			return true;
		}
		catch (IOException ex) {
			logger.debug("Worker {}: write to the master failed: {}", this.state.id, ex.toString());
			return false;
		}
	}

	private void control(byte type) {
		command(type, (byte) 0, 0, this.out, 0, 0);
	}

	private void flushQuietly() {
		this.writeLock.lock();
		try {
			flushLocked();
		}
		catch (IOException ex) {
			logger.debug("Worker {}: write to the master failed: {}", this.state.id, ex.toString());
		}
		finally {
			this.writeLock.unlock();
		}
	}

	private void flushLocked() throws IOException {
		if (this.out.position() == 0) {
			return;
		}
		this.out.flip();
		try {
			writeFully(this.out);
		}
		finally {
			this.out.clear();
		}
	}

	/**
	 * Writes all of {@code data} on the non-blocking socket; the master reads on a thread
	 * of its own that never waits for this worker, so a full socket drains soon.
	 */
	private void writeFully(ByteBuffer data) throws IOException {
		while (data.hasRemaining()) {
			if (this.channel.write(data) == 0) {
				LockSupport.parkNanos(FLUSH_PARK_NANOS);
			}
		}
	}

	@Override
	public String toString() {
		return "worker " + this.state.id + " (pid " + ProcessHandle.current().pid() + ")";
	}

}
