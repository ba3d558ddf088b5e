package io.swoole4j.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.process.ProcessContext;
import io.swoole4j.reactor.ChannelHandler;
import io.swoole4j.reactor.Reactor;
import io.swoole4j.reactor.Registration;
import io.swoole4j.server.message.DatagramDescriptor;
import io.swoole4j.server.message.MessageDescriptor;

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
	 * Largest message between master and worker, header included: a {@code send} past it
	 * returns false in a worker JVM.
	 */
	static final int MAX_MESSAGE_LENGTH = 64 << 20;

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

	private ByteBuffer in = ByteBuffer.allocate(WorkerLink.BATCH_BYTES);

	private ByteBuffer inCursor = this.in.duplicate();

	// loop thread only: true while the events of one read run, so their sends go out
	// together at its end
	private boolean corked;

	private boolean retireSent;

	private volatile int exitStatus = -1;

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
	}

	/** Whether this JVM is a worker JVM started by a PROCESS-mode master. */
	static boolean isWorkerJvm() {
		return System.getProperty(ProcessWorkerSlot.WORKER_ID_PROPERTY) != null && ProcessContext.current() != null;
	}

	/** Largest payload of a message between master and worker for {@code config}. */
	static int maxMessageLength(ServerConfig config) {
		return MAX_MESSAGE_LENGTH - MessageDescriptor.HEADER_LENGTH;
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
		System.exit(status);
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
		try {
			n = this.channel.read(this.in);
		}
		catch (IOException ex) {
			n = -1;
		}
		if (n < 0) {
			logger.warn("Worker {}: the master closed the connection; exiting", this.state.id);
			end(EXIT_MASTER_GONE);
			return;
		}
		ByteBuffer buf = this.in;
		buf.flip();
		this.corked = true;
		try {
			while (buf.remaining() >= MessageDescriptor.HEADER_LENGTH && this.exitStatus < 0) {
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
		int needed = (buf.remaining() >= MessageDescriptor.HEADER_LENGTH)
				? MessageDescriptor.HEADER_LENGTH + MessageDescriptor.length(buf, buf.position()) : 0;
		if (needed > buf.capacity()) {
			// one message larger than the buffer: a buffer of its size, until it is read
			ByteBuffer larger = ByteBuffer.allocate(needed);
			larger.put(buf);
			replaceInput(larger);
		}
		else if (!buf.hasRemaining() && buf.capacity() > WorkerLink.BATCH_BYTES) {
			replaceInput(ByteBuffer.allocate(WorkerLink.BATCH_BYTES));
		}
		else {
			buf.compact();
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
					this.server.callDatagram(w, buf, at + MessageDescriptor.HEADER_LENGTH, length);
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

	// ------------------------------------------------------------------ commands

	/**
	 * Writes a command (send or close) for the master. Any thread.
	 * @return false if {@code length} is out of range or the master is gone
	 */
	boolean command(byte type, byte flags, long sessionId, ByteBuffer src, int offset, int length) {
		if (length < 0 || length > maxMessageLength(this.server.config())) {
			if (length > 0) {
				logger.warn("Worker {}: a send of {} bytes exceeds the {} bytes a worker JVM can pass; refused",
						this.state.id, length, maxMessageLength(this.server.config()));
			}
			return false;
		}
		this.writeLock.lock();
		try {
			int total = MessageDescriptor.HEADER_LENGTH + length;
			if (total > this.out.remaining()) {
				flushLocked();
			}
			int at = this.out.position();
			MessageDescriptor.writeHeader(this.out, at, type, flags, -1, sessionId, this.state.id, length);
			if (total <= this.out.remaining()) {
				if (length > 0) {
					this.out.put(at + MessageDescriptor.HEADER_LENGTH, src, offset, length);
				}
				this.out.position(at + total);
				if (!this.corked || !this.loop.inLoop()) {
					flushLocked();
				}
			}
			else {
				this.out.position(at + MessageDescriptor.HEADER_LENGTH);
				flushLocked();
				writeFully(src.slice(offset, length));
			}
			return true;
		}
		catch (IOException ex) {
			logger.debug("Worker {}: write to the master failed: {}", this.state.id, ex.toString());
			return false;
		}
		finally {
			this.writeLock.unlock();
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
