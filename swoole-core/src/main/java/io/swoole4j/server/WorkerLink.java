package io.swoole4j.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.process.ExitStatus;
import io.swoole4j.process.Process;
import io.swoole4j.server.buffer.MpscLongQueue;
import io.swoole4j.server.message.DatagramDescriptor;
import io.swoole4j.server.message.MessageDescriptor;
import io.swoole4j.server.task.TaskMessages;

/**
 * The master's end of one generation of a PROCESS-mode worker JVM: a writer thread that
 * takes the worker's queued events (ring slots, as a THREAD-mode worker would) and writes
 * them, header and payload, to the worker's Unix domain socket in batches; and a reader
 * thread that takes the worker's commands ({@code send}, {@code close}, started, retire)
 * and hands them to the reactors.
 * <p>
 * The socket is the pipe of the worker's {@link Process}, used with the
 * {@link MessageDescriptor} framing on both sides (the header's length field frames the
 * stream), in blocking mode here: one thread reads and another writes.
 * <p>
 * A generation ends when its JVM exits. Events the writer already took from the queue
 * then are the worker's in-flight requests, lost with it; everything still queued is
 * served by the next generation, which starts only after this writer has stopped, so two
 * generations never take from the queue at once.
 */
final class WorkerLink {

	private static final Logger logger = LoggerFactory.getLogger(WorkerLink.class);

	/** Bytes written to the worker socket per system call at most (a batch of events). */
	static final int BATCH_BYTES = 256 * 1024;

	private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private static final int SPIN_POLLS = 200;

	private final Server server;

	private final WorkerState state;

	private final ProcessWorkerSlot slot;

	final long generation;

	private final Process process;

	// messages for the worker beside the ring events (task workers get only these):
	// tasks, results, pipe messages; owned by the slot, so they outlive a generation
	private final Queue<byte[]> control;

	private final CountDownLatch ended = new CountDownLatch(1);

	private final ByteBuffer[] rings;

	private volatile SocketChannel channel;

	private volatile Thread writer;

	private volatile boolean sleeping;

	private volatile boolean retiring;

	private volatile boolean stopping;

	private volatile boolean closed;

	private volatile boolean abandoned;

	private volatile boolean served;

	WorkerLink(Server server, WorkerState state, ProcessWorkerSlot slot, long generation, Process process,
			Queue<byte[]> control) {
		this.server = server;
		this.control = control;
		this.state = state;
		this.slot = slot;
		this.generation = generation;
		this.process = process;
		ReactorThread[] reactors = server.reactorThreads();
		this.rings = new ByteBuffer[reactors.length];
		for (int i = 0; i < reactors.length; i++) {
			this.rings[i] = reactors[i].ringBuffer().duplicate();
		}
	}

	/**
	 * Launches the JVM and the thread that waits for it to connect; the JVM's exit ends
	 * the generation.
	 * @throws IOException if the JVM cannot be launched
	 */
	void start() throws IOException {
		this.process.start();
		// off the JDK's process reaper thread, which this would otherwise hold up
		this.process.onExit()
			.whenComplete((status, ex) -> Thread.ofPlatform()
				.name("swoole-worker-" + this.state.id + "-exit")
				.start(() -> exited(status)));
		Thread.ofPlatform().name("swoole-worker-" + this.state.id + "-link").start(this::connectAndRead);
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

	/** Asks the worker to end once the queue is empty (shutdown). Any thread. */
	void stop() {
		this.stopping = true;
		wake();
	}

	/** Queues a whole message (task, result, pipe message) for the worker. Any thread. */
	void post(byte[] message) {
		this.control.offer(message);
		wake();
	}

	/** Wakes the writer if it is parked. Any thread. */
	void wake() {
		if (this.sleeping) {
			this.sleeping = false;
			Thread t = this.writer;
			if (t != null) {
				LockSupport.unpark(t);
			}
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
	 * little for its exit to be seen, so that the next generation does not share the
	 * queue with this writer.
	 */
	void kill() throws InterruptedException {
		this.abandoned = true;
		this.process.kill(io.swoole4j.process.Signal.KILL);
		if (!this.ended.await(5, TimeUnit.SECONDS)) {
			logger.warn("Worker {} (pid {}) has not exited 5 s after SIGKILL", this.state.id, pid());
		}
	}

	// ------------------------------------------------------------------ reader

	private void connectAndRead() {
		try {
			SocketChannel ch = (SocketChannel) this.process.channel();
			ch.configureBlocking(true);
			this.channel = ch;
			if (this.closed) {
				return;
			}
			Thread w = Thread.ofPlatform().name("swoole-worker-" + this.state.id + "-writer").unstarted(this::write);
			this.writer = w;
			w.start();
			read(ch);
		}
		catch (IOException ex) {
			if (!this.closed) {
				logger.error("Worker {} (pid {}) link failed; killing it: {}", this.state.id, pid(), ex.toString());
				this.process.kill(io.swoole4j.process.Signal.KILL);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			logger.error("Worker {} link failed; killing it", this.state.id, ex);
			this.process.kill(io.swoole4j.process.Signal.KILL);
		}
	}

	private void read(SocketChannel ch) throws IOException {
		ByteBuffer in = ByteBuffer.allocate(BATCH_BYTES);
		int max = WorkerProcess.MAX_PAYLOAD;
		while (true) {
			if (ch.read(in) < 0) {
				return;
			}
			in.flip();
			while (in.remaining() >= MessageDescriptor.HEADER_LENGTH) {
				int at = in.position();
				int length = MessageDescriptor.length(in, at);
				if (length < 0 || length > max) {
					throw new IOException("message of " + length + " bytes (expected: 0 to " + max + ")");
				}
				int total = MessageDescriptor.HEADER_LENGTH + length;
				if (in.remaining() < total) {
					if (total > in.capacity()) {
						in = readLarge(ch, in, total);
						continue;
					}
					break;
				}
				command(in, at, total);
				in.position(at + total);
			}
			in.compact();
		}
	}

	/** Reads one message larger than the batch buffer into a buffer of its own. */
	private ByteBuffer readLarge(SocketChannel ch, ByteBuffer in, int total) throws IOException {
		ByteBuffer large = ByteBuffer.allocate(total);
		large.put(in);
		while (large.hasRemaining()) {
			if (ch.read(large) < 0) {
				throw new IOException("worker closed its socket inside a message");
			}
		}
		command(large, 0, total);
		ByteBuffer fresh = ByteBuffer.allocate(BATCH_BYTES);
		fresh.flip();
		return fresh;
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
			case MessageDescriptor.TYPE_STARTED -> {
				this.served = true;
				this.slot.started(this);
			}
			case MessageDescriptor.TYPE_RETIRE -> {
				logger.debug("Worker {} reached maxRequest; recycling it", this.state.id);
				retire();
			}
			default -> logger.warn("Worker {} sent a message of unknown type {}; ignored", this.state.id, type);
		}
	}

	// ------------------------------------------------------------------ writer

	private void write() {
		ByteBuffer out = ByteBuffer.allocateDirect(BATCH_BYTES);
		MpscLongQueue queue = this.state.queue;
		try {
			while (!this.closed) {
				boolean took = false;
				if (!this.retiring) {
					long entry;
					while (queue != null && out.position() < BATCH_BYTES / 2
							&& (entry = queue.poll()) != MpscLongQueue.EMPTY) {
						took = true;
						forward(entry, out);
					}
					byte[] message;
					while (out.position() < BATCH_BYTES / 2 && (message = this.control.poll()) != null) {
						took = true;
						put(out, message);
					}
				}
				if (out.position() > 0) {
					flush(out);
				}
				if (this.retiring || (this.stopping && isEmpty(queue))) {
					end(out);
					return;
				}
				if (!took) {
					idle(queue);
				}
			}
		}
		catch (IOException ex) {
			if (!this.closed) {
				logger.debug("Worker {} socket closed while writing: {}", this.state.id, ex.toString());
			}
		}
	}

	private boolean isEmpty(MpscLongQueue queue) {
		return (queue == null || queue.size() == 0) && this.control.isEmpty();
	}

	private void idle(MpscLongQueue queue) {
		for (int i = 0; i < SPIN_POLLS; i++) {
			Thread.onSpinWait();
			if (!isEmpty(queue)) {
				return;
			}
		}
		this.sleeping = true;
		if (isEmpty(queue) && !this.retiring && !this.stopping && !this.closed) {
			LockSupport.parkNanos(this, IDLE_PARK_NANOS);
		}
		this.sleeping = false;
	}

	private void end(ByteBuffer out) throws IOException {
		MessageDescriptor.writeHeader(out, out.position(), MessageDescriptor.TYPE_END, (byte) 0, -1, 0, this.state.id,
				0);
		out.position(out.position() + MessageDescriptor.HEADER_LENGTH);
		flush(out);
	}

	/**
	 * Copies one queued event into {@code out} (writing out first when it is too full),
	 * frees its ring slot, and does the bookkeeping a THREAD-mode worker does on taking
	 * it.
	 */
	private void forward(long entry, ByteBuffer out) throws IOException {
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
					if (c != null) {
						c.recvQueued.addAndGet(-length);
						// as a THREAD-mode worker: a packet of a session the application
						// closed meanwhile is dropped
						if (c.closedByServer) {
							return;
						}
					}
				}
				else if (c == null) {
					return;
				}
			}
			if (type == MessageDescriptor.TYPE_RECEIVE || type == DatagramDescriptor.TYPE_DATAGRAM) {
				this.state.requests++;
			}
			int port = (c != null) ? this.server.portIndex(c.port) : 0;
			int total = MessageDescriptor.HEADER_LENGTH + length;
			if (total > out.remaining()) {
				flush(out);
			}
			if (total <= out.remaining()) {
				int start = out.position();
				out.put(start, ring, at, total);
				MessageDescriptor.writeReserved(out, start, port);
				out.position(start + total);
			}
			else {
				// larger than the batch buffer: header through it, payload straight from
				// the ring slot
				out.put(out.position(), ring, at, MessageDescriptor.HEADER_LENGTH);
				MessageDescriptor.writeReserved(out, out.position(), port);
				out.position(out.position() + MessageDescriptor.HEADER_LENGTH);
				flush(out);
				ByteBuffer payload = ring.slice(at + MessageDescriptor.HEADER_LENGTH, length);
				writeFully(payload);
			}
			if (type == MessageDescriptor.TYPE_CLOSE && c != null) {
				this.server.release(c);
			}
		}
		finally {
			reactor.ring().free(handle);
			reactor.signalSpace();
		}
	}

	private void put(ByteBuffer out, byte[] message) throws IOException {
		if (message.length > out.remaining()) {
			flush(out);
		}
		if (message.length <= out.remaining()) {
			out.put(message);
		}
		else {
			writeFully(ByteBuffer.wrap(message));
		}
	}

	private void flush(ByteBuffer out) throws IOException {
		out.flip();
		writeFully(out);
		out.clear();
	}

	private void writeFully(ByteBuffer data) throws IOException {
		SocketChannel ch = this.channel;
		while (data.hasRemaining()) {
			ch.write(data);
		}
	}

	// ------------------------------------------------------------------ exit

	private void exited(ExitStatus status) {
		this.closed = true;
		SocketChannel ch = this.channel;
		if (ch != null) {
			try {
				ch.close();
			}
			catch (IOException ex) {
				logger.debug("Closing the socket of worker {} failed: {}", this.state.id, ex.toString());
			}
		}
		Thread w = this.writer;
		if (w != null) {
			LockSupport.unpark(w);
			try {
				w.join(TimeUnit.SECONDS.toMillis(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.ended.countDown();
		this.slot.exited(this, status, this.abandoned);
	}

	@Override
	public String toString() {
		return "worker " + this.state.id + " (pid " + pid() + ")";
	}

}
