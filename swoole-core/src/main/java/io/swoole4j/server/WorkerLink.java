package io.swoole4j.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.process.ExitStatus;
import io.swoole4j.process.Process;
import io.swoole4j.process.Signal;
import io.swoole4j.reactor.ChannelHandler;
import io.swoole4j.reactor.Reactor;
import io.swoole4j.reactor.Registration;
import io.swoole4j.server.buffer.MpscLongQueue;
import io.swoole4j.server.message.DatagramDescriptor;
import io.swoole4j.server.message.MessageDescriptor;
import io.swoole4j.server.task.TaskMessages;

/**
 * The master's end of one generation of a PROCESS-mode worker JVM: its Unix domain socket
 * (the pipe of the worker's {@link Process}, with the {@link MessageDescriptor} framing
 * on both sides), served by one of the master's reactors, the <em>home</em> reactor
 * ({@code workerId % reactorNum}). On that loop the link takes the worker's queued events
 * (ring slots, as a THREAD-mode worker would), copies them into its output buffer and
 * frees the slots, writes the batch without blocking, and reads the worker's commands
 * ({@code send}, {@code close}, tasks, started, retire).
 * <p>
 * With as many reactors as workers (the default), a connection and the worker it is
 * dispatched to by fd-mod share the home reactor, so a request costs the same two thread
 * hops as in THREAD mode: reactor to worker JVM and back.
 * <p>
 * A generation ends when its JVM exits. Events the link already took from the queue then
 * are the worker's in-flight requests, lost with it; everything still queued is served by
 * the next generation, whose link runs on the same loop, so two generations never take
 * from the queue at once.
 */
final class WorkerLink implements ChannelHandler {

	private static final Logger logger = LoggerFactory.getLogger(WorkerLink.class);

	/** Output batch and input buffer size; larger messages get buffers of their own. */
	static final int BATCH_BYTES = 256 * 1024;

	/** Output batches one drain writes before it yields the loop to other work. */
	private static final int MAX_ROUNDS = 8;

	private final Server server;

	private final WorkerState state;

	private final ProcessWorkerSlot slot;

	final long generation;

	private final Process process;

	// messages for the worker beside the ring events (task workers get only these):
	// tasks, results, pipe messages; owned by the slot, so they outlive a generation
	private final Queue<byte[]> control;

	private final Reactor loop;

	private final ByteBuffer[] rings;

	private final CountDownLatch ended = new CountDownLatch(1);

	private final AtomicBoolean drainScheduled = new AtomicBoolean();

	private final Runnable drainTask = this::drain;

	// written on the loop; read off it only once the loop has ended
	private volatile SocketChannel channel;

	// loop thread only

	private Registration registration;

	private ByteBuffer out = ByteBuffer.allocateDirect(BATCH_BYTES);

	private ByteBuffer in = ByteBuffer.allocate(BATCH_BYTES);

	private boolean endWritten;

	private volatile boolean retiring;

	private volatile boolean stopping;

	private volatile boolean closed;

	private volatile boolean abandoned;

	private volatile boolean served;

	WorkerLink(Server server, WorkerState state, ProcessWorkerSlot slot, long generation, Process process,
			Queue<byte[]> control) {
		this.server = server;
		this.state = state;
		this.slot = slot;
		this.generation = generation;
		this.process = process;
		this.control = control;
		ReactorThread[] reactors = server.reactorThreads();
		this.loop = reactors[state.id % reactors.length].reactor();
		this.rings = new ByteBuffer[reactors.length];
		for (int i = 0; i < reactors.length; i++) {
			this.rings[i] = reactors[i].ringBuffer().duplicate();
		}
	}

	/**
	 * Launches the JVM and a thread that waits for it to connect, then hands the socket
	 * to the home reactor; the JVM's exit ends the generation.
	 * @throws IOException if the JVM cannot be launched
	 */
	void start() throws IOException {
		this.process.start();
		// off the JDK's process reaper thread, which this would otherwise hold up; both
		// waits are short-lived and blocking, so virtual threads, which also stay out of
		// the platform threads that health checks watch
		this.process.onExit()
			.whenComplete((status, ex) -> Thread.ofVirtual()
				.name("swoole-worker-" + this.state.id + "-exit")
				.start(() -> exited(status)));
		Thread.ofVirtual().name("swoole-worker-" + this.state.id + "-connect").start(this::connect);
	}

	long pid() {
		return this.process.pid();
	}

	/** Whether the worker ran {@code onWorkerStart} and said so. */
	boolean served() {
		return this.served;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** Asks the worker to end after the events already written to it. Any thread. */
	void retire() {
		this.retiring = true;
		wake();
	}

	/** Asks the worker to end once its queue is empty (shutdown). Any thread. */
	void stop() {
		this.stopping = true;
		wake();
	}

	/** Queues a whole message (task, result, pipe message) for the worker. Any thread. */
	void post(byte[] message) {
		this.control.offer(message);
		wake();
	}

	/**
	 * Schedules a drain of the worker's queue on the home reactor, at most one at a time.
	 * Any thread; from the home reactor itself it costs no wakeup.
	 */
	void wake() {
		if (this.drainScheduled.compareAndSet(false, true) && !this.loop.tryExecute(this.drainTask)) {
			this.drainScheduled.set(false);
		}
	}

	/**
	 * Waits up to {@code millis} for the JVM to exit and this end to be closed.
	 */
	boolean join(long millis) throws InterruptedException {
		return this.ended.await(Math.max(1, millis), TimeUnit.MILLISECONDS);
	}

	/**
	 * Kills the JVM with SIGKILL (a worker stuck past {@code maxWaitTime}) and waits a
	 * little for its exit to be seen.
	 */
	void kill() throws InterruptedException {
		this.abandoned = true;
		this.process.kill(Signal.KILL);
		if (!this.ended.await(5, TimeUnit.SECONDS)) {
			logger.warn("Worker {} (pid {}) has not exited 5 s after SIGKILL", this.state.id, pid());
		}
	}

	private void connect() {
		try {
			SocketChannel ch = (SocketChannel) this.process.channel();
			this.loop.execute(() -> attach(ch));
		}
		catch (IOException | RuntimeException ex) {
			if (!this.closed) {
				logger.error("Worker {} (pid {}) did not connect; killing it: {}", this.state.id, pid(), ex.toString());
				this.process.kill(Signal.KILL);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void attach(SocketChannel ch) {
		if (this.closed) {
			return;
		}
		try {
			this.registration = this.loop.register(ch, SelectionKey.OP_READ, this);
			this.channel = ch;
		}
		catch (IOException ex) {
			logger.error("Worker {} (pid {}): its socket cannot be watched; killing it: {}", this.state.id, pid(),
					ex.toString());
			this.process.kill(Signal.KILL);
			return;
		}
		drain();
	}

	// ------------------------------------------------------------------ commands in

	@Override
	public void onReadable(Registration registration) {
		int n;
		try {
			n = this.channel.read(this.in);
		}
		catch (IOException ex) {
			n = -1;
		}
		if (n < 0) {
			// the JVM's exit ends the generation; nothing more to read
			this.loop.remove(registration);
			return;
		}
		ByteBuffer buf = this.in;
		buf.flip();
		try {
			while (buf.remaining() >= MessageDescriptor.HEADER_LENGTH) {
				int at = buf.position();
				int length = MessageDescriptor.length(buf, at);
				if (length < 0 || length > WorkerProcess.MAX_PAYLOAD) {
					logger.error("Worker {} (pid {}) sent a message of {} bytes (expected: 0 to {}); killing it",
							this.state.id, pid(), length, WorkerProcess.MAX_PAYLOAD);
					this.loop.remove(registration);
					this.process.kill(Signal.KILL);
					return;
				}
				int total = MessageDescriptor.HEADER_LENGTH + length;
				if (buf.remaining() < total) {
					break;
				}
				command(buf, at, total);
				buf.position(at + total);
			}
		}
		finally {
			compactInput();
		}
	}

	private void compactInput() {
		ByteBuffer buf = this.in;
		int needed = (buf.remaining() >= MessageDescriptor.HEADER_LENGTH)
				? MessageDescriptor.HEADER_LENGTH + MessageDescriptor.length(buf, buf.position()) : 0;
		if (needed > buf.capacity()) {
			// one message larger than the buffer: a buffer of its size until it is read
			this.in = ByteBuffer.allocate(needed).put(buf);
		}
		else if (!buf.hasRemaining() && buf.capacity() > BATCH_BYTES) {
			this.in = ByteBuffer.allocate(BATCH_BYTES);
		}
		else {
			buf.compact();
		}
	}

	private void command(ByteBuffer in, int at, int total) {
		byte type = MessageDescriptor.type(in, at);
		switch (type) {
			case MessageDescriptor.TYPE_SEND, MessageDescriptor.TYPE_CLOSE_REQUEST -> {
				byte[] message = new byte[total];
				in.get(at, message);
				this.server.forwardCommand(message);
			}
			case TaskMessages.TYPE_TASK, TaskMessages.TYPE_FINISH, TaskMessages.TYPE_PIPE_MESSAGE -> {
				byte[] message = new byte[total];
				in.get(at, message);
				this.server.processWorkers().route(message);
			}
			case MessageDescriptor.TYPE_CALL -> post(WorkerCalls.answer(this.server, in, at));
			case MessageDescriptor.TYPE_STARTED -> {
				this.served = true;
				// the master sees a worker JVM as idle or exited, not its busy spells
				this.state.status = WorkerStatus.IDLE;
				this.slot.started(this);
			}
			case MessageDescriptor.TYPE_RETIRE -> {
				logger.debug("Worker {} reached maxRequest; recycling it", this.state.id);
				retire();
			}
			default -> logger.warn("Worker {} sent a message of unknown type {}; ignored", this.state.id, type);
		}
	}

	// ------------------------------------------------------------------ events out

	/**
	 * Moves queued events and messages into the output and writes it, until the queue is
	 * empty or the socket is full (then it goes on when the socket is writable). Loop
	 * thread.
	 */
	private void drain() {
		this.drainScheduled.set(false);
		if (this.channel == null || this.closed || this.endWritten) {
			return;
		}
		try {
			if (!flush()) {
				return;
			}
			MpscLongQueue queue = this.state.queue;
			boolean more = true;
			// a bounded share of the loop: client sockets on it must not wait behind a
			// long queue
			for (int round = 0; more && !this.retiring; round++) {
				if (round == MAX_ROUNDS) {
					wake();
					return;
				}
				more = false;
				long entry;
				while (queue != null && this.out.position() < BATCH_BYTES / 2
						&& (entry = queue.poll()) != MpscLongQueue.EMPTY) {
					forward(entry);
					more = true;
				}
				byte[] message;
				while (this.out.position() < BATCH_BYTES / 2 && (message = this.control.poll()) != null) {
					put(message);
					more = true;
				}
				if (!flush()) {
					return;
				}
			}
			if (this.retiring || (this.stopping && isEmpty(queue))) {
				put(endMessage());
				this.endWritten = true;
				flush();
			}
		}
		catch (IOException ex) {
			if (!this.closed) {
				logger.debug("Worker {} socket failed while writing: {}", this.state.id, ex.toString());
			}
		}
	}

	@Override
	public void onWritable(Registration registration) {
		try {
			if (flush()) {
				drain();
			}
		}
		catch (IOException ex) {
			logger.debug("Worker {} socket failed while writing: {}", this.state.id, ex.toString());
		}
	}

	/**
	 * Writes what the output holds without blocking.
	 * @return true when all was written; false when the socket is full (write interest is
	 * then on)
	 */
	private boolean flush() throws IOException {
		ByteBuffer buf = this.out;
		if (buf.position() > 0) {
			buf.flip();
			try {
				this.channel.write(buf);
			}
			finally {
				buf.compact();
			}
		}
		boolean done = buf.position() == 0;
		if (done && buf.capacity() > BATCH_BYTES) {
			this.out = ByteBuffer.allocateDirect(BATCH_BYTES);
		}
		if (this.registration != null) {
			this.loop.modify(this.registration,
					done ? SelectionKey.OP_READ : (SelectionKey.OP_READ | SelectionKey.OP_WRITE));
		}
		return done;
	}

	private boolean isEmpty(MpscLongQueue queue) {
		return (queue == null || queue.size() == 0) && this.control.isEmpty();
	}

	private byte[] endMessage() {
		byte[] end = new byte[MessageDescriptor.HEADER_LENGTH];
		MessageDescriptor.writeHeader(ByteBuffer.wrap(end), 0, MessageDescriptor.TYPE_END, (byte) 0, -1, 0,
				this.state.id, 0);
		return end;
	}

	/** Makes room for {@code size} more output bytes, growing the output if needed. */
	private void reserve(int size) {
		if (this.out.remaining() < size) {
			ByteBuffer larger = ByteBuffer.allocate(this.out.position() + size);
			this.out.flip();
			larger.put(this.out);
			this.out = larger;
		}
	}

	private void put(byte[] message) {
		reserve(message.length);
		this.out.put(message);
	}

	/**
	 * Copies one queued event into the output, frees its ring slot, and does the
	 * bookkeeping a THREAD-mode worker does on taking it.
	 */
	private void forward(long entry) {
		int reactorId = ReactorThread.reactorOf(entry);
		long handle = ReactorThread.handleOf(entry);
		ReactorThread reactor = this.server.reactorThreads()[reactorId];
		ByteBuffer ring = this.rings[reactorId];
		int at = (int) handle;
		try {
			byte type = MessageDescriptor.type(ring, at);
			int length = MessageDescriptor.length(ring, at);
			Connection c = null;
			if (type != DatagramDescriptor.TYPE_DATAGRAM) {
				c = this.server.table().get(MessageDescriptor.sessionId(ring, at));
				if (type == MessageDescriptor.TYPE_RECEIVE) {
					if (c != null && !c.takeReceived(length)) {
						return;
					}
				}
				else if (c == null) {
					return;
				}
			}
			if (type == MessageDescriptor.TYPE_RECEIVE || type == DatagramDescriptor.TYPE_DATAGRAM) {
				this.state.requests++;
			}
			int total = MessageDescriptor.HEADER_LENGTH + length;
			reserve(total);
			int start = this.out.position();
			this.out.put(start, ring, at, total);
			Port port = (c != null) ? c.port : ((type == DatagramDescriptor.TYPE_DATAGRAM)
					? this.server.udpPort(DatagramDescriptor.serverPort(ring, at + MessageDescriptor.HEADER_LENGTH))
					: null);
			// the listener travels as its index: a per-message lookup would be a scan
			MessageDescriptor.writeReserved(this.out, start, (port != null) ? port.index : 0);
			this.out.position(start + total);
			if (type == MessageDescriptor.TYPE_CLOSE && c != null) {
				this.server.release(c);
			}
		}
		finally {
			reactor.ring().free(handle);
			reactor.signalSpace();
		}
	}

	// ------------------------------------------------------------------ exit

	private void exited(ExitStatus status) {
		this.closed = true;
		if (this.state.link == this) {
			this.state.status = WorkerStatus.EXIT;
		}
		// the socket is closed on the home loop, after any drain or read running there
		if (!this.loop.tryExecute(this::closeSocket)) {
			closeSocket();
		}
		this.ended.countDown();
		this.slot.exited(this, status, this.abandoned);
	}

	private void closeSocket() {
		SocketChannel ch = this.channel;
		if (ch == null) {
			return;
		}
		if (this.registration != null && this.loop.inLoop()) {
			this.loop.remove(this.registration);
		}
		try {
			ch.close();
		}
		catch (IOException ex) {
			logger.debug("Closing the socket of worker {} failed: {}", this.state.id, ex.toString());
		}
	}

	@Override
	public String toString() {
		return "worker " + this.state.id + " (pid " + pid() + ")";
	}

}
