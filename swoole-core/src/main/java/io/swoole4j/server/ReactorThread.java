package io.swoole4j.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.memory.MemoryPool;
import io.swoole4j.memory.MemoryPoolMetric;
import io.swoole4j.memory.RingBufferPool;
import io.swoole4j.protocol.FrameDecoder;
import io.swoole4j.reactor.ChannelHandler;
import io.swoole4j.reactor.Reactor;
import io.swoole4j.reactor.ReactorMetric;
import io.swoole4j.reactor.Registration;
import io.swoole4j.server.buffer.Chunk;
import io.swoole4j.server.buffer.ChunkPool;
import io.swoole4j.server.message.DatagramDescriptor;
import io.swoole4j.server.message.MessageDescriptor;

/**
 * One reactor thread (Swoole's ReactorThread): owns its connections' sockets, reads and
 * frames input, hands packets to workers through its {@link RingBufferPool} (THREAD) or
 * runs the callbacks itself (BASE), and writes queued output.
 * <p>
 * Input: a read goes into the thread's read buffer and complete packets are handed on
 * from there without a copy; only the unfinished tail of a read is copied into a pooled
 * chunk of the connection (or an exactly sized heap buffer for a packet larger than a
 * chunk, reserved only after its declared size passed the limit check).
 * <p>
 * Back-pressure: when the ring or a worker's queue is full, the connection stops being
 * read and waits in {@code blocked} with its bytes; the worker that frees a slot asks the
 * reactor to retry. Nothing grows without bound.
 * <p>
 * Threading: everything runs on the reactor's loop thread except {@link #post},
 * {@link #signalSpace} and the metric getters.
 */
final class ReactorThread implements ChannelHandler, ReactorThreadMetric {

	private static final Logger logger = LoggerFactory.getLogger(ReactorThread.class);

	/** Size of one socket read: 64 KiB, Swoole's {@code SW_BUFFER_SIZE_BIG}. */
	static final int READ_BUFFER_SIZE = 64 * 1024;

	/** Bytes per pooled chunk of input or output. */
	static final int CHUNK_SIZE = 16 * 1024;

	/** Pooled chunks per reactor thread (8 MiB); past them chunks come from the heap. */
	static final int CHUNK_COUNT = 512;

	private static final int HANDLE_BITS = 40;

	final int id;

	private final Server server;

	private final ServerConfig config;

	private final boolean base;

	private final boolean connectionEvents;

	private final Reactor reactor;

	private final FrameDecoder decoder;

	private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);

	private final ByteBuffer readCursor = this.readBuffer.duplicate();

	private final ChunkPool chunks;

	private final ByteBuffer chunkPacketCursor;

	private final RingBufferPool ring;

	private final ByteBuffer ringBuffer;

	private final Packet packet = new Packet();

	/** This loop's worker record in BASE mode. */
	final WorkerState loopWorker;

	private final ConcurrentLinkedQueue<byte[]> commands = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean drainScheduled = new AtomicBoolean();

	private final Runnable drainTask = this::drainCommands;

	private final ArrayDeque<Connection> blocked = new ArrayDeque<>();

	private final ArrayDeque<Connection> corkedByCommands = new ArrayDeque<>();

	private final AtomicBoolean retryScheduled = new AtomicBoolean();

	private final Runnable retryTask = this::retryBlocked;

	/** Workers given packets in this pass and not woken yet, by id and in order. */
	private final boolean[] wakePending;

	private final int[] wakeList;

	private int wakeCount;

	private final Runnable wakeTask = this::wakeWorkers;

	private volatile boolean spaceWanted;

	private volatile int connectionCount;

	private volatile int blockedCount;

	private volatile long recvBytes;

	private volatile long sendBytes;

	private volatile long dispatched;

	private volatile long protocolErrors;

	ReactorThread(int id, Server server, WorkerState loopWorker) {
		this.id = id;
		this.server = server;
		this.config = server.config();
		this.base = this.config.mode() == Mode.BASE;
		this.connectionEvents = this.config.deliversConnectionEvents();
		this.reactor = new Reactor((this.base ? "swoole-loop-" : "swoole-reactor-") + id);
		this.decoder = this.config.framing().newDecoder();
		this.chunks = new ChunkPool(CHUNK_SIZE, CHUNK_COUNT);
		this.chunkPacketCursor = this.chunks.buffer().duplicate();
		if (this.base) {
			this.ring = null;
			this.ringBuffer = null;
		}
		else {
			this.ring = RingBufferPool.anonymous(this.config.packetRingSize());
			this.ringBuffer = this.ring.segment().asByteBuffer();
		}
		this.loopWorker = loopWorker;
		this.wakePending = new boolean[this.base ? 0 : this.config.workerNum()];
		this.wakeList = new int[this.wakePending.length];
	}

	void start() {
		this.reactor.start();
		if (this.base) {
			this.reactor.execute(() -> this.server.workerStarted(this.loopWorker));
		}
	}

	Reactor reactor() {
		return this.reactor;
	}

	RingBufferPool ring() {
		return this.ring;
	}

	boolean inLoop() {
		return this.reactor.inLoop();
	}

	// ------------------------------------------------------------------ accept

	/** Takes over an accepted connection. Any thread. */
	void assign(Connection c) {
		if (!this.reactor.tryExecute(() -> onAssigned(c))) {
			this.server.abandon(c);
		}
	}

	private void onAssigned(Connection c) {
		try {
			c.registration = this.reactor.register(c.channel, 0, this, c);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Cannot register {}", c, ex);
			this.server.abandon(c);
			return;
		}
		this.connectionCount++;
		if (this.connectionEvents && !deliverEvent(c, ServerEvent.CONNECT, (byte) 0)) {
			c.connectPending = true;
			block(c);
		}
		updateInterest(c);
	}

	// ------------------------------------------------------------------ input

	@Override
	public void onReadable(Registration registration) {
		Connection c = (Connection) registration.attachment();
		if (c.socketClosed || c.blocked || c.paused) {
			return;
		}
		try {
			if (c.input == null) {
				readFresh(c);
			}
			else {
				readPending(c);
			}
		}
		catch (IOException ex) {
			logger.debug("Read failed on {}: {}", c, ex.toString());
			closeSocket(c, false, false);
		}
		catch (RuntimeException ex) {
			// never leave a half-handled connection behind for the reactor to drop
			logger.error("Closing {} after an unexpected failure", c, ex);
			closeSocket(c, false, false);
		}
	}

	private void readFresh(Connection c) throws IOException {
		ByteBuffer buf = this.readBuffer;
		buf.clear();
		int n = c.channel.read(buf);
		if (n <= 0) {
			if (n < 0) {
				closeSocket(c, false, false);
			}
			return;
		}
		received(c, n);
		int pos = deliverFrames(c, buf, this.readCursor, 0, n);
		if (pos >= 0 && pos < n) {
			stash(c, buf, pos, n - pos);
		}
	}

	private void readPending(Connection c) throws IOException {
		if (!ensureRoom(c)) {
			return;
		}
		Chunk in = c.input;
		int n = c.channel.read(in.prepareWrite());
		if (n <= 0) {
			if (n < 0) {
				closeSocket(c, false, false);
			}
			return;
		}
		in.advanceWrite(n);
		received(c, n);
		drainInput(c);
	}

	private void received(Connection c, int n) {
		c.lastRecvTimeMillis = System.currentTimeMillis();
		this.recvBytes += n;
	}

	/** Delivers the complete packets held in the connection's input chunk. */
	private void drainInput(Connection c) {
		Chunk in = c.input;
		int start = in.base() + in.readIndex();
		ByteBuffer cursor = in.pooled() ? this.chunkPacketCursor : in.cursor();
		int pos = deliverFrames(c, in.buffer(), cursor, start, in.base() + in.writeIndex());
		if (pos < 0 || c.input == null) {
			return;
		}
		in.advanceRead(pos - start);
		if (in.readable() == 0) {
			this.chunks.release(in);
			c.input = null;
		}
	}

	/**
	 * Delivers every complete packet in {@code [start, end)}.
	 * @return where the undelivered bytes start, or -1 if the connection was closed
	 */
	private int deliverFrames(Connection c, ByteBuffer buf, ByteBuffer cursor, int start, int end) {
		// BASE: the answers to a pipelined read leave in one write, not one write each
		if (!this.base || c.corked) {
			return deliverFramesCorked(c, buf, cursor, start, end, false);
		}
		c.corked = true;
		try {
			return deliverFramesCorked(c, buf, cursor, start, end, true);
		}
		finally {
			uncork(c);
		}
	}

	private void uncork(Connection c) {
		c.corked = false;
		if (!c.socketClosed && !c.output.isEmpty()) {
			flush(c);
		}
	}

	/**
	 * @param uncorkLast whether the caller corked the connection for this read: the
	 * answer to its last packet, if nothing else is queued by then, is written at once
	 * from where it is instead of through a pooled chunk (a lone request, the common
	 * case)
	 */
	private int deliverFramesCorked(Connection c, ByteBuffer buf, ByteBuffer cursor, int start, int end,
			boolean uncorkLast) {
		int pos = start;
		while (pos < end) {
			if (c.blocked || c.paused) {
				break;
			}
			int length = decoder(c).decode(buf, pos, end);
			if (length == FrameDecoder.NEED_MORE) {
				break;
			}
			if (length < 0) {
				protocolError(c, length);
				return -1;
			}
			if (uncorkLast && pos + length == end && c.output.isEmpty()) {
				c.corked = false;
			}
			if (!deliverPacket(c, buf, cursor, pos, length)) {
				block(c);
				break;
			}
			if (c.socketClosed) {
				return -1;
			}
			pos += length;
		}
		return pos;
	}

	/** Copies the unfinished tail of a read into a chunk of the connection. */
	private void stash(Connection c, ByteBuffer buf, int from, int length) {
		int expected = decoder(c).expectedLength(buf, from, from + length);
		Chunk chunk = this.chunks.acquire(Math.max(length, expected));
		chunk.buffer().put(chunk.base(), buf, from, length);
		chunk.advanceWrite(length);
		c.input = chunk;
	}

	/**
	 * Makes room to read more into the input chunk: compacts it, or moves it to a larger
	 * chunk sized by the declared packet length (already checked against the limit).
	 */
	private boolean ensureRoom(Connection c) {
		Chunk in = c.input;
		int start = in.base() + in.readIndex();
		int end = in.base() + in.writeIndex();
		int expected = decoder(c).expectedLength(in.buffer(), start, end);
		if (expected < -1) {
			protocolError(c, expected);
			return false;
		}
		int readable = in.readable();
		int needed = Math.max(expected, readable + 1);
		if (needed <= in.capacity() - in.readIndex() && in.writable() > 0) {
			return true;
		}
		if (needed <= in.capacity()) {
			in.compact();
			return true;
		}
		// an EOF packet without a declared size grows by doubling, up to the limit
		int capacity = (expected > 0) ? expected
				: (int) Math.min(decoder(c).maxLength(), Math.max(2L * in.capacity(), needed));
		Chunk bigger = this.chunks.acquire(capacity);
		bigger.buffer().put(bigger.base(), in.buffer(), start, readable);
		bigger.advanceWrite(readable);
		this.chunks.release(in);
		c.input = bigger;
		return true;
	}

	/** The connection's port's decoder (ports may frame differently). */
	private FrameDecoder decoder(Connection c) {
		Port p = c.port;
		return (p != null) ? p.decoder() : this.decoder;
	}

	private void protocolError(Connection c, int code) {
		this.protocolErrors++;
		logger.warn("Closing {}: {} ({}, packageMaxLength {})", c, FrameDecoder.describeError(code),
				decoder(c).describe(), decoder(c).maxLength());
		closeSocket(c, false, false);
	}

	// ------------------------------------------------------------------ delivery

	/**
	 * @return false when the ring or the worker queue is full (back-pressure)
	 */
	private boolean deliverPacket(Connection c, ByteBuffer buf, ByteBuffer cursor, int offset, int length) {
		if (this.base) {
			this.packet.bind(buf, cursor, offset, length);
			this.dispatched++;
			this.loopWorker.dispatched.increment();
			this.server.callReceive(this.loopWorker, c.sessionId, this.id, this.packet);
			this.packet.unbind();
			return true;
		}
		if (overQueued(c, length)) {
			return false;
		}
		int worker;
		if (this.config.dispatchMode() == DispatchMode.USERFUNC) {
			this.packet.bind(buf, cursor, offset, length);
			worker = this.server.dispatcher().select(c, ServerEvent.RECEIVE, this.packet);
			this.packet.unbind();
		}
		else {
			worker = this.server.dispatcher().select(c, ServerEvent.RECEIVE, null);
		}
		if (worker < 0) {
			if (worker == Dispatcher.CLOSE) {
				closeSocket(c, false, false);
			}
			return true;
		}
		long handle = allocate(MessageDescriptor.HEADER_LENGTH + length);
		if (handle == MemoryPool.NO_ROOM) {
			return false;
		}
		int at = (int) handle;
		MessageDescriptor.writeHeader(this.ringBuffer, at, MessageDescriptor.TYPE_RECEIVE, (byte) 0, this.id,
				c.sessionId, worker, length);
		this.ringBuffer.put(at + MessageDescriptor.HEADER_LENGTH, buf, offset, length);
		c.recvQueued.addAndGet(length);
		if (!enqueue(worker, handle)) {
			c.recvQueued.addAndGet(-length);
			return false;
		}
		return true;
	}

	/**
	 * Whether {@code maxQueuedBytes} holds the packet back: the connection then waits in
	 * {@code blocked} like on a full ring, and the worker taking one of its packets
	 * signals space. A single packet larger than the limit still passes when nothing is
	 * queued.
	 */
	private boolean overQueued(Connection c, int length) {
		int max = this.config.maxQueuedBytes();
		if (max == 0) {
			return false;
		}
		long queued = c.recvQueued.get();
		if (queued > 0 && queued + length > max) {
			this.spaceWanted = true;
			// the last packet may have been taken between the read and the flag
			return c.recvQueued.get() > 0;
		}
		return false;
	}

	private long allocate(int size) {
		long handle = this.ring.allocate(size);
		if (handle == MemoryPool.NO_ROOM) {
			// announce first, then look again: a worker that freed a slot in between
			// either sees the flag or left room for this second try
			this.spaceWanted = true;
			handle = this.ring.allocate(size);
		}
		return handle;
	}

	private boolean enqueue(int worker, long handle) {
		WorkerState target = this.server.workerState(worker);
		if (!target.queue.offer(((long) this.id << HANDLE_BITS) | handle)) {
			this.spaceWanted = true;
			this.ring.free(handle);
			return false;
		}
		this.dispatched++;
		target.dispatched.increment();
		wakeLater(worker);
		return true;
	}

	/**
	 * Wakes the worker at the end of this loop pass rather than now: a pass reads many
	 * connections, and one wakeup per worker for all their packets spares the reactor a
	 * futex call, and the worker a park, per packet.
	 */
	private void wakeLater(int worker) {
		if (worker >= this.wakePending.length || !this.reactor.inLoop()) {
			this.server.wakeWorker(worker);
			return;
		}
		if (!this.wakePending[worker]) {
			this.wakePending[worker] = true;
			this.wakeList[this.wakeCount++] = worker;
			if (this.wakeCount == 1) {
				this.reactor.afterEvents(this.wakeTask);
			}
		}
	}

	private void wakeWorkers() {
		for (int i = 0; i < this.wakeCount; i++) {
			int worker = this.wakeList[i];
			this.wakePending[worker] = false;
			this.server.wakeWorker(worker);
		}
		this.wakeCount = 0;
	}

	/**
	 * Delivers a connection event (BASE: runs the callback; THREAD: queues it).
	 * @return false when the ring or the worker queue is full
	 */
	private boolean deliverEvent(Connection c, ServerEvent type, byte flags) {
		if (this.base) {
			this.loopWorker.dispatched.increment();
			this.server.callEvent(this.loopWorker, c, type, (flags & MessageDescriptor.FLAG_SERVER_CLOSE) != 0,
					this.id);
			return true;
		}
		int worker = this.server.dispatcher().select(c, type, null);
		long handle = allocate(MessageDescriptor.HEADER_LENGTH);
		if (handle == MemoryPool.NO_ROOM) {
			return false;
		}
		MessageDescriptor.writeHeader(this.ringBuffer, (int) handle, typeCode(type), flags, this.id, c.sessionId,
				worker, 0);
		return enqueue(worker, handle);
	}

	private static byte typeCode(ServerEvent type) {
		return switch (type) {
			case CONNECT -> MessageDescriptor.TYPE_CONNECT;
			case RECEIVE -> MessageDescriptor.TYPE_RECEIVE;
			case CLOSE -> MessageDescriptor.TYPE_CLOSE;
			case BUFFER_FULL -> MessageDescriptor.TYPE_BUFFER_FULL;
			case BUFFER_EMPTY -> MessageDescriptor.TYPE_BUFFER_EMPTY;
		};
	}

	private void block(Connection c) {
		if (!c.blocked) {
			c.blocked = true;
			this.blocked.addLast(c);
			this.blockedCount = this.blocked.size();
			updateInterest(c);
		}
	}

	/** A worker freed ring space; retry blocked connections if any wait. Any thread. */
	void signalSpace() {
		if (this.spaceWanted) {
			this.spaceWanted = false;
			if (this.retryScheduled.compareAndSet(false, true) && !this.reactor.tryExecute(this.retryTask)) {
				this.retryScheduled.set(false);
			}
		}
	}

	private void retryBlocked() {
		this.retryScheduled.set(false);
		for (int n = this.blocked.size(); n > 0; n--) {
			Connection c = this.blocked.pollFirst();
			c.blocked = false;
			if (c.socketClosed && !c.closeEventPending) {
				continue;
			}
			if (c.connectPending) {
				if (!deliverEvent(c, ServerEvent.CONNECT, (byte) 0)) {
					block(c);
					continue;
				}
				c.connectPending = false;
			}
			if (c.input != null && !c.paused && !c.socketClosed) {
				drainInput(c);
				if (c.blocked) {
					continue;
				}
			}
			if (c.closeEventPending) {
				if (!deliverEvent(c, ServerEvent.CLOSE, c.closeFlags)) {
					c.blocked = false;
					this.blocked.addLast(c);
					continue;
				}
				c.closeEventPending = false;
				continue;
			}
			updateInterest(c);
		}
		this.blockedCount = this.blocked.size();
	}

	// ------------------------------------------------------------------ output

	@Override
	public void onWritable(Registration registration) {
		Connection c = (Connection) registration.attachment();
		if (!c.socketClosed) {
			try {
				flush(c);
			}
			catch (RuntimeException ex) {
				logger.error("Closing {} after an unexpected failure", c, ex);
				closeSocket(c, false, false);
			}
		}
	}

	private void flush(Connection c) {
		long written;
		try {
			written = c.output.writeTo(c.channel, this.chunks);
		}
		catch (IOException ex) {
			logger.debug("Write failed on {}: {}", c, ex.toString());
			closeSocket(c, false, false);
			return;
		}
		wrote(c, written);
		if (c.output.isEmpty() && c.closeAfterFlush) {
			closeSocket(c, true, false);
			return;
		}
		updateInterest(c);
		checkWatermarks(c);
	}

	private void wrote(Connection c, long n) {
		if (n > 0) {
			this.sendBytes += n;
			c.addSendQueued(-n);
		}
	}

	/** Sends from a buffer on the loop thread: writes at once when nothing is queued. */
	void sendInLoop(Connection c, ByteBuffer cursor, int offset, int length) {
		if (c.socketClosed || c.closeAfterFlush) {
			return;
		}
		c.addSendQueued(length);
		if (c.output.isEmpty() && !c.corked) {
			int n;
			try {
				cursor.limit(offset + length).position(offset);
				n = c.channel.write(cursor);
			}
			catch (IOException ex) {
				logger.debug("Write failed on {}: {}", c, ex.toString());
				closeSocket(c, false, false);
				return;
			}
			finally {
				// the cursor serves the packets after this one too, and absolute bulk
				// copies from it are checked against its limit
				cursor.clear();
			}
			wrote(c, n);
			if (n == length) {
				return;
			}
			c.output.append(this.chunks, cursor, offset + n, length - n);
			updateInterest(c);
			checkWatermarks(c);
			return;
		}
		c.output.append(this.chunks, cursor, offset, length);
		checkWatermarks(c);
	}

	/** Sends from an array on the loop thread. */
	void sendInLoop(Connection c, byte[] data, int offset, int length) {
		if (c.socketClosed || c.closeAfterFlush) {
			return;
		}
		c.addSendQueued(length);
		boolean wasEmpty = c.output.isEmpty();
		c.output.append(this.chunks, data, offset, length);
		if (wasEmpty && !c.corked) {
			flush(c);
		}
		else {
			checkWatermarks(c);
		}
	}

	private void checkWatermarks(Connection c) {
		if (!this.connectionEvents) {
			return;
		}
		long queued = c.sendQueued();
		if (!c.fullNotified && queued >= this.config.bufferHighWatermark()) {
			c.fullNotified = true;
			notifyBuffer(c, ServerEvent.BUFFER_FULL);
		}
		else if (c.fullNotified && queued <= this.config.bufferLowWatermark()) {
			c.fullNotified = false;
			notifyBuffer(c, ServerEvent.BUFFER_EMPTY);
		}
	}

	private void notifyBuffer(Connection c, ServerEvent type) {
		if (this.base) {
			// not inside the send() that crossed the watermark: after the current
			// callback
			this.reactor.defer(() -> this.server.callEvent(this.loopWorker, c, type, false, this.id));
		}
		else if (!deliverEvent(c, type, (byte) 0)) {
			logger.debug("Packet ring full: {} of {} not delivered", type, c);
		}
	}

	// ------------------------------------------------------------------ datagrams

	/** Starts reading a UDP port on this loop. Any thread. */
	void listenDatagram(Port port) {
		this.reactor.execute(() -> {
			try {
				this.reactor.register((DatagramChannel) port.channel(), SelectionKey.OP_READ,
						new DatagramReader(this, port, this.server), port);
			}
			catch (IOException ex) {
				logger.error("Cannot register {}", port, ex);
			}
		});
	}

	/**
	 * Hands one datagram to a worker (THREAD: through the ring, the worker chosen by the
	 * sender's address; BASE: runs {@code onPacket} now). Loop thread.
	 * @return false when the ring or the worker queue is full (the datagram is dropped)
	 */
	boolean deliverDatagram(Port port, ByteBuffer data, InetSocketAddress peer) {
		if (this.base) {
			this.dispatched++;
			this.loopWorker.dispatched.increment();
			this.server.callPacket(this.loopWorker, port, DatagramDescriptor.copy(data), peer);
			return true;
		}
		int worker = Math.floorMod(DatagramDescriptor.peerHash(peer), this.config.workerNum());
		int payload = DatagramDescriptor.payloadLength(peer, data.remaining());
		long handle = allocate(MessageDescriptor.HEADER_LENGTH + payload);
		if (handle == MemoryPool.NO_ROOM) {
			return false;
		}
		int at = (int) handle;
		MessageDescriptor.writeHeader(this.ringBuffer, at, DatagramDescriptor.TYPE_DATAGRAM, (byte) 0, this.id, 0L,
				worker, payload);
		DatagramDescriptor.write(this.ringBuffer, at + MessageDescriptor.HEADER_LENGTH, port.port(), peer, data);
		return enqueue(worker, handle);
	}

	// ------------------------------------------------------------------ commands

	/** Queues a command message from another thread. */
	void post(byte[] message) {
		this.commands.offer(message);
		// a plain read first: while a drain is pending, a worker sending many answers
		// does not fight the reactor over the flag's cache line
		if (!this.drainScheduled.get() && this.drainScheduled.compareAndSet(false, true)
				&& !this.reactor.tryExecute(this.drainTask)) {
			this.drainScheduled.set(false);
		}
	}

	private void drainCommands() {
		this.drainScheduled.set(false);
		try {
			drainCommandsCorked();
		}
		finally {
			// one write per connection for the whole batch of sends
			Connection c;
			while ((c = this.corkedByCommands.pollFirst()) != null) {
				uncork(c);
			}
		}
	}

	private void drainCommandsCorked() {
		byte[] message;
		while ((message = this.commands.poll()) != null) {
			Connection c = this.server.table().get(MessageDescriptor.sessionId(message));
			if (c == null || c.reactor != this || c.socketClosed) {
				continue;
			}
			switch (MessageDescriptor.type(message)) {
				case MessageDescriptor.TYPE_SEND -> sendCommand(c, message, MessageDescriptor.length(message));
				case MessageDescriptor.TYPE_CLOSE_REQUEST ->
					closeRequested(c, (MessageDescriptor.flags(message) & MessageDescriptor.FLAG_RESET) != 0);
				default -> logger.warn("Unknown command type {}", MessageDescriptor.type(message));
			}
		}
	}

	private void sendCommand(Connection c, byte[] message, int length) {
		if (c.closeAfterFlush) {
			return;
		}
		c.output.append(this.chunks, message, MessageDescriptor.HEADER_LENGTH, length);
		if (!c.corked) {
			c.corked = true;
			this.corkedByCommands.addLast(c);
		}
		else {
			checkWatermarks(c);
		}
	}

	/** Pauses or resumes reading (loop thread). */
	void setPaused(Connection c, boolean paused) {
		if (c.socketClosed || c.paused == paused) {
			return;
		}
		c.paused = paused;
		if (!paused && c.input != null && !c.blocked) {
			drainInput(c);
		}
		updateInterest(c);
	}

	// ------------------------------------------------------------------ close

	/** The application closed the session (loop thread). */
	void closeRequested(Connection c, boolean reset) {
		if (c.socketClosed) {
			return;
		}
		if (reset || c.output.isEmpty()) {
			closeSocket(c, true, reset);
		}
		else {
			c.closeAfterFlush = true;
			updateInterest(c);
		}
	}

	/**
	 * Closes the socket once and delivers the close event (or releases the session when
	 * connection events are off).
	 */
	void closeSocket(Connection c, boolean byApplication, boolean reset) {
		if (c.socketClosed) {
			return;
		}
		c.socketClosed = true;
		c.markClosed();
		if (c.registration != null) {
			this.reactor.remove(c.registration);
		}
		try {
			if (reset) {
				c.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
			}
			c.channel.close();
		}
		catch (IOException ex) {
			logger.debug("Close failed on {}: {}", c, ex.toString());
		}
		c.output.clear(this.chunks);
		if (c.input != null) {
			this.chunks.release(c.input);
			c.input = null;
		}
		this.connectionCount--;
		this.server.closed(c);
		if (c.connectPending) {
			// the application never saw this connection: it gets no close either
			this.server.release(c);
			return;
		}
		if (!this.connectionEvents) {
			this.server.release(c);
			return;
		}
		c.closeFlags = byApplication ? MessageDescriptor.FLAG_SERVER_CLOSE : 0;
		if (!deliverEvent(c, ServerEvent.CLOSE, c.closeFlags)) {
			c.closeEventPending = true;
			if (!c.blocked) {
				c.blocked = true;
				this.blocked.addLast(c);
				this.blockedCount = this.blocked.size();
			}
		}
	}

	/** Shutdown: writes what can be written now, then closes every connection. */
	void closeAll() {
		this.server.table().forEach((c) -> {
			if (c.reactor == this && !c.socketClosed) {
				if (!c.output.isEmpty()) {
					try {
						wrote(c, c.output.writeTo(c.channel, this.chunks));
					}
					catch (IOException ex) {
						logger.debug("Final flush failed on {}: {}", c, ex.toString());
					}
				}
				c.connectPending = true;
				closeSocket(c, true, false);
			}
		});
	}

	/** Stops reading every connection (shutdown). */
	void stopReading() {
		this.server.table().forEach((c) -> {
			if (c.reactor == this && !c.socketClosed) {
				c.paused = true;
				updateInterest(c);
			}
		});
	}

	private void updateInterest(Connection c) {
		if (c.socketClosed || c.registration == null) {
			return;
		}
		int ops = 0;
		if (!c.paused && !c.blocked && !c.closeAfterFlush && !c.connectPending) {
			ops = SelectionKey.OP_READ;
		}
		if (!c.output.isEmpty()) {
			ops |= SelectionKey.OP_WRITE;
		}
		this.reactor.modify(c.registration, ops);
	}

	/** Frees the pools; the loop must have terminated. */
	void freeMemory() {
		this.chunks.close();
		if (this.ring != null) {
			this.ring.close();
		}
	}

	// ------------------------------------------------------------------ metric

	/** The packet ring's buffer view (THREAD mode). */
	ByteBuffer ringBuffer() {
		return this.ringBuffer;
	}

	static int reactorOf(long entry) {
		return (int) (entry >>> HANDLE_BITS);
	}

	static long handleOf(long entry) {
		return entry & ((1L << HANDLE_BITS) - 1);
	}

	@Override
	public int reactorId() {
		return this.id;
	}

	@Override
	public int connections() {
		return this.connectionCount;
	}

	@Override
	public long totalRecvBytes() {
		return this.recvBytes;
	}

	@Override
	public long totalSendBytes() {
		return this.sendBytes;
	}

	@Override
	public long packetsDispatched() {
		return this.dispatched;
	}

	@Override
	public int blockedConnections() {
		return this.blockedCount;
	}

	@Override
	public long protocolErrors() {
		return this.protocolErrors;
	}

	@Override
	public ReactorMetric loop() {
		return this.reactor.metric();
	}

	@Override
	public MemoryPoolMetric chunkPool() {
		return this.chunks.metric();
	}

	@Override
	public long heapChunkAllocations() {
		return this.chunks.heapAllocations();
	}

	@Override
	public int heapChunksInUse() {
		return this.chunks.heapChunksInUse();
	}

	@Override
	public MemoryPoolMetric packetRing() {
		return (this.ring != null) ? this.ring.metric() : null;
	}

}
