package io.swoole4j.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.internal.Checks;
import io.swoole4j.process.ProcessContext;
import io.swoole4j.process.Signal;
import io.swoole4j.process.SignalRegistration;
import io.swoole4j.process.Signals;
import io.swoole4j.server.buffer.MpscLongQueue;
import io.swoole4j.server.message.DatagramDescriptor;
import io.swoole4j.server.message.MessageDescriptor;
import io.swoole4j.timer.Timer;
import io.swoole4j.timer.TimerCallback;
import io.swoole4j.server.task.EventWorkers;
import io.swoole4j.server.task.TaskCallback;
import io.swoole4j.server.task.TaskMetric;
import io.swoole4j.server.task.TaskPool;

/**
 * Swoole's TCP {@code Server}: an acceptor thread, reactor threads doing all socket I/O
 * and framing, and workers running the {@link ServerHandler} callbacks (see
 * {@link Mode}).
 * <p>
 * <b>Lifecycle.</b> The constructor starts nothing. {@link #start()} binds, starts every
 * thread and returns once the server listens (a second call, or a call after
 * {@link #shutdown()}, throws {@link IllegalStateException}). {@link #shutdown()} stops
 * gracefully and is idempotent.
 * <p>
 * <b>Threading.</b> Every method is thread-safe. {@code send}, {@code close},
 * {@code pause}, {@code resume} called from a thread other than the connection's reactor
 * are carried to it as messages; on that thread (BASE-mode callbacks) they act at once.
 * <p>
 * <b>Sessions.</b> A session id is a monotonic {@code long} greater than 0, never reused;
 * methods given an unknown, closed or stale id return {@code false}/{@code null} and
 * never affect a newer connection.
 * <p>
 * <b>PROCESS mode.</b> In a worker JVM ({@link #isWorkerJvm()}) {@link #start()} serves
 * as that worker and never returns, {@link #shutdown()} is ignored (the master stops its
 * workers), {@code send} and {@code close} are carried to the master without waiting (it
 * drops a send to a session that closed meanwhile, as Swoole does), and the methods on
 * connection state ({@code exist}, {@code getClientInfo}, {@code getClientList},
 * {@code pause}, {@code resume}, {@code bind}, {@code protect}, {@code heartbeat},
 * {@code getWorkerStatus} of another worker, {@code stats}, {@code sendto}) ask the
 * master and wait for its answer, throwing {@link IllegalStateException} when it does not
 * answer within 10 seconds. See {@link Mode#PROCESS}.
 */
public final class Server {

	private static final Logger logger = LoggerFactory.getLogger(Server.class);

	/** Largest {@link #getClientList} page ({@code SW_MAX_FIND_COUNT}). */
	public static final int MAX_FIND_COUNT = 100;

	private static final int MAX_WORKER_QUEUE = 1 << 16;

	/** Results and pipe messages that may wait for one event worker JVM. */
	private static final int PROCESS_CONTROL_CAPACITY = 1 << 16;

	private static final int NEW = 0;

	private static final int RUNNING = 1;

	private static final int STOPPING = 2;

	private static final int STOPPED = 3;

	private static final long TOO_MANY_WARNING_INTERVAL_NANOS = 1_000_000_000L;

	private final ServerConfig config;

	private final ServerHandler handler;

	private final AtomicInteger state = new AtomicInteger(NEW);

	private final CountDownLatch stopped = new CountDownLatch(1);

	private final ThreadLocal<WorkerState> currentWorker = new ThreadLocal<>();

	private final LongAdder acceptCount = new LongAdder();

	private final LongAdder closeCount = new LongAdder();

	private final LongAdder abortCount = new LongAdder();

	private final LongAdder responseCount = new LongAdder();

	private final AtomicLong lastTooManyWarning = new AtomicLong(System.nanoTime() - TOO_MANY_WARNING_INTERVAL_NANOS);

	private final Metric metric = new Metric();

	private ConnectionTable table;

	private ReactorThread[] reactors = new ReactorThread[0];

	private WorkerState[] workers = new WorkerState[0];

	private Dispatcher dispatcher;

	private Acceptor acceptor;

	private volatile long startTimeSeconds;

	private volatile WorkerManager manager;

	private final LongAdder refusedCount = new LongAdder();

	private final LongAdder refusedConnectionCount = new LongAdder();

	private final LongAdder droppedWorkerSends = new LongAdder();

	private final AtomicLong lastOverflowWarning = new AtomicLong(System.nanoTime() - TOO_MANY_WARNING_INTERVAL_NANOS);

	private final TaskPool tasks;

	private final List<Port> ports = new java.util.concurrent.CopyOnWriteArrayList<>();

	private volatile boolean portHandlers;

	/** In a PROCESS-mode worker JVM, the worker this JVM serves as; null elsewhere. */
	private volatile WorkerProcess workerProcess;

	/** PROCESS-mode master: routes tasks, results and pipe messages between JVMs. */
	private volatile ProcessWorkers processWorkers;

	/** PROCESS-mode master: SIGUSR1/SIGUSR2 reload handlers, closed by shutdown. */
	private final List<SignalRegistration> signalRegistrations = new ArrayList<>();

	/** PROCESS-mode master: the shutdown hook that stops workers on SIGTERM/SIGINT. */
	private volatile Thread shutdownHook;

	/**
	 * A server for {@code config} calling {@code handler}. Starts nothing.
	 */
	public Server(ServerConfig config, ServerHandler handler) {
		this.config = Checks.checkNotNull(config, "config");
		this.handler = Checks.checkNotNull(handler, "handler");
		this.tasks = new TaskPool(this, handler, new Events());

		this.ports.add(new Port(this, 0, config.host(), config.port(), SocketType.TCP, config.framing()));
	}

	/**
	 * Adds a listening socket (Swoole's {@code addListener}/{@code listen}), bound by
	 * {@link #start()}. Its connections share the server's reactors, workers, session ids
	 * and {@code maxConnection}; it frames with the server's settings and calls the
	 * server's handler unless given its own ({@link Port#framing}, {@link Port#handler}).
	 * Call from the thread that configures the server.
	 * @param host an address for TCP and UDP, the socket file path for
	 * {@link SocketType#UNIX_STREAM}
	 * @param port the port, 0 for an ephemeral one (ignored for a Unix socket)
	 * @return the port, to configure further and to query after start
	 * @throws IllegalStateException after {@link #start()}
	 * @throws IllegalArgumentException for an empty host or a port out of [0, 65535]
	 */
	public Port addListener(String host, int port, SocketType type) {
		if (this.state.get() != NEW) {
			throw new IllegalStateException("Listeners are added before start");
		}
		Checks.checkNotEmpty(host, "host");
		Checks.checkInRange(port, 0, 65535, "port");
		Checks.checkNotNull(type, "type");
		Port p = new Port(this, this.ports.size(), host, port, type, this.config.framing());
		this.ports.add(p);
		return p;
	}

	/** Every port, the primary one (from {@link ServerConfig}) first. */
	public List<Port> listeners() {
		return Collections.unmodifiableList(this.ports);
	}

	/** The primary port (the one of {@link ServerConfig}). */
	public Port primaryPort() {
		return this.ports.get(0);
	}

	/**
	 * Sends one datagram to {@code address}:{@code port} from the first UDP port
	 * (Swoole's {@code sendto}). Any thread; never blocks.
	 * @return false when {@code data} is empty, no UDP port is listening, or the socket
	 * has no room for it now
	 */
	public boolean sendto(String address, int port, byte[] data) {
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			return data.length > 0 && fromMaster(() -> WorkerCalls.bool(wp.sendto(address, port, data)));
		}
		if (data.length == 0 || !isRunning()) {
			return false;
		}
		for (Port p : this.ports) {
			if (p.type() == SocketType.UDP && p.channel() instanceof java.nio.channels.DatagramChannel dc) {
				try {
					return dc.send(ByteBuffer.wrap(data), new InetSocketAddress(address, port)) == data.length;
				}
				catch (IOException ex) {
					logger.debug("sendto {}:{} failed: {}", address, port, ex.toString());
					return false;
				}
			}
		}
		return false;
	}

	/** The configuration. */
	public ServerConfig config() {
		return this.config;
	}

	/**
	 * Binds the port, starts the reactor threads, the workers and the acceptor, calls
	 * {@code onStart} on this thread, and returns once the server listens.
	 * @throws IllegalStateException if called before (even after a shutdown), or if
	 * {@code taskWorkerNum > 0} and the handler does not override
	 * {@link ServerHandler#onTask}
	 * @throws UncheckedIOException if the port cannot be bound (the server is then
	 * stopped)
	 */
	public void start() {
		boolean processMaster = this.config.mode() == Mode.PROCESS && !WorkerProcess.isWorkerJvm();
		if (!processMaster) {
			// a PROCESS-mode master runs no task; its worker JVMs check their handlers
			this.tasks.checkHandler();
		}
		if (!this.state.compareAndSet(NEW, RUNNING)) {
			throw new IllegalStateException("Server was already started");
		}
		ServerConfig c = this.config;
		if (c.mode() == Mode.PROCESS && WorkerProcess.isWorkerJvm()) {
			// this JVM is one of the master's workers: serve as it, then exit
			WorkerProcess.run(this, this.handler);
			return;
		}
		if (!c.deliversConnectionEvents()) {
			logger.warn("dispatchMode {} delivers no onConnect/onClose/onBufferFull/onBufferEmpty "
					+ "(set enableUnsafeEvent to receive them)", c.dispatchMode().id());
		}
		this.table = new ConnectionTable(c.maxConnection());
		boolean base = c.mode() == Mode.BASE;
		int loops = base ? c.workerNum() : c.reactorNum();
		// enough entries for every ring's small packets, bounded so that many workers
		// do not reserve much: a full queue is back-pressure, like a full ring
		int queueCapacity = Integer
			.highestOneBit((int) Math.min(MAX_WORKER_QUEUE, Math.max(1024L, (long) loops * c.packetRingSize() / 256)));
		this.workers = new WorkerState[c.workerNum()];
		for (int i = 0; i < this.workers.length; i++) {
			this.workers[i] = new WorkerState(i, base ? null : new MpscLongQueue(queueCapacity));
		}
		this.dispatcher = new Dispatcher(this, c.dispatchMode(), c.dispatchFunction(), this.workers);
		this.reactors = new ReactorThread[loops];
		this.acceptor = new Acceptor(this);
		try {
			for (int i = 0; i < loops; i++) {
				this.reactors[i] = new ReactorThread(i, this, base ? this.workers[i] : null);
			}
			this.acceptor.bind(c.host(), c.port(), c.backlog());
			primaryPort().bound(this.acceptor.port());
			for (Port p : this.ports) {
				if (p != primaryPort()) {
					p.bind(c.backlog());
				}
				this.portHandlers |= p.handler() != null;
			}
		}
		catch (IOException | RuntimeException ex) {
			for (ReactorThread r : this.reactors) {
				if (r != null) {
					r.freeMemory();
				}
			}
			closeListeners();
			this.state.set(STOPPED);
			this.stopped.countDown();
			if (ex instanceof IOException io) {
				throw new UncheckedIOException("Cannot listen on " + c.host() + ":" + c.port(), io);
			}
			throw (RuntimeException) ex;
		}
		if (!processMaster) {
			this.tasks.open();
		}
		for (ReactorThread r : this.reactors) {
			r.start();
		}
		int udp = 0;
		for (Port p : this.ports) {
			if (p.type() == SocketType.UDP) {
				this.reactors[udp++ % this.reactors.length].listenDatagram(p);
			}
		}
		if (c.heartbeatEnabled()) {
			for (ReactorThread r : this.reactors) {
				HeartbeatChecker.install(this, r);
			}
		}
		this.manager = new WorkerManager(this, this.handler);
		if (processMaster) {
			addProcessWorkers();
			installProcessSignals();
		}
		else {
			// task workers first, as Swoole's manager does: onWorkerStart may send tasks
			for (int i = 0; i < this.tasks.workerCount(); i++) {
				this.manager.add(new TaskWorkerSlot(this.tasks, i, c.workerNum() + i, this.manager));
			}
			if (!base) {
				for (WorkerState w : this.workers) {
					this.manager.add(new EventWorkerSlot(this, w, this.manager));
				}
			}
		}
		this.manager.start();
		this.acceptor.start();
		this.startTimeSeconds = System.currentTimeMillis() / 1000;
		logger.info("Listening on {}:{} ({} mode, {} reactor(s), {} worker(s))", c.host(), this.acceptor.port(),
				c.mode(), base ? loops : c.reactorNum(), c.workerNum());
		guard(null, "onStart", () -> this.handler.onStart(this));
	}

	/**
	 * Whether this JVM is a worker (or task worker) JVM that a PROCESS-mode master
	 * started: the application runs again there, and the {@link #start()} of its
	 * PROCESS-mode server serves as that worker instead of listening. Lets an application
	 * skip what only the master should do (other servers, schedulers). Any thread.
	 */
	public static boolean isWorkerJvm() {
		return WorkerProcess.isWorkerJvm();
	}

	/** Whether {@link #start()} succeeded and {@link #shutdown()} was not called. */
	public boolean isRunning() {
		return this.state.get() == RUNNING;
	}

	/** The bound port (the ephemeral one when configured with 0), or -1 before start. */
	public int port() {
		Acceptor a = this.acceptor;
		return (a != null && a.port() != 0) ? a.port() : -1;
	}

	/**
	 * Stops gracefully, in Swoole's order: {@code onBeforeShutdown} (this thread); stops
	 * accepting, then reading; lets workers finish the event in hand and every event
	 * already queued, up to {@code maxWaitTime}; runs {@code onWorkerStop} on each
	 * worker; writes what each connection's socket accepts at once and closes every
	 * connection (without {@code onClose}); {@code onManagerStop}; then
	 * {@code onShutdown} on this thread.
	 * <p>
	 * A THREAD-mode worker still inside a callback at {@code maxWaitTime} is abandoned: a
	 * Java thread cannot be killed, so it is interrupted, gets no {@code onWorkerStop},
	 * and the requests still queued for it are refused: counted in
	 * {@code stats().get("refused_count")}, logged, and their connections closed, so a
	 * client sees them refused rather than lost; the memory such a thread may still touch
	 * stays mapped until the JVM exits. Connections holding input that never reached a
	 * worker (back-pressure) are closed too and counted in
	 * {@code refused_connection_count}. In BASE mode a stuck loop delays the close of its
	 * own connections only.
	 * <p>
	 * Idempotent; a concurrent caller waits for the first to finish. A no-op before
	 * {@link #start()} (the server can then no longer be started).
	 */
	public void shutdown() {
		if (this.workerProcess != null) {
			logger.debug("shutdown() in a worker JVM is ignored: the master stops its workers");
			return;
		}
		if (this.state.compareAndSet(NEW, STOPPED)) {
			this.stopped.countDown();
			return;
		}
		if (!this.state.compareAndSet(RUNNING, STOPPING)) {
			awaitStopped();
			return;
		}
		guard(null, "onBeforeShutdown", () -> this.handler.onBeforeShutdown(this));
		removeProcessSignals();
		long deadline = System.nanoTime() + this.config.maxWaitTime().toNanos();
		boolean workersEnded = true;
		try {
			this.acceptor.stop(remainingMillis(deadline));
			closeListeners();
			for (ReactorThread r : this.reactors) {
				runOn(r, r::stopReading, deadline);
			}
			this.refusedCount.add(this.manager.stopWorkers(deadline));
			workersEnded &= this.tasks.stop(deadline);
			for (ReactorThread r : this.reactors) {
				runOn(r, () -> {
					countUnreadInput(r);
					r.closeAll();
					if (r.loopWorker != null) {
						workerStopped(r.loopWorker);
					}
				}, deadline + TimeUnit.SECONDS.toNanos(1));
				r.reactor().stop();
			}
			for (ReactorThread r : this.reactors) {
				r.reactor().awaitTermination(Duration.ofMillis(Math.max(1000, remainingMillis(deadline))));
			}
			workersEnded &= this.manager.allEnded();
		}
		catch (InterruptedException ex) {
			workersEnded = false;
			Thread.currentThread().interrupt();
		}
		try {
			this.manager.stop();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		// memory a live thread may still touch is not unmapped under it: it stays
		// mapped until the JVM exits, which is the lesser harm
		for (ReactorThread r : this.reactors) {
			if (r.reactor().isTerminated() && workersEnded) {
				r.freeMemory();
			}
			else {
				logger.warn("Reactor {} or a worker is still running; its pools stay mapped", r.id);
			}
		}
		guard(null, "onShutdown", () -> this.handler.onShutdown(this));
		this.state.set(STOPPED);
		this.stopped.countDown();
		logger.info("Server on port {} stopped", port());
	}

	private void closeListeners() {
		for (Port p : this.ports.subList(1, this.ports.size())) {
			p.close();
		}
	}

	private void awaitStopped() {
		try {
			this.stopped.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static long remainingMillis(long deadline) {
		return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
	}

	private static void runOn(ReactorThread r, Runnable task, long deadline) throws InterruptedException {
		CountDownLatch done = new CountDownLatch(1);
		if (r.reactor().tryExecute(() -> {
			try {
				task.run();
			}
			finally {
				done.countDown();
			}
		})) {
			done.await(remainingMillis(deadline), TimeUnit.MILLISECONDS);
		}
	}

	// ------------------------------------------------------------------ send

	/**
	 * Queues {@code data} for the session. Any thread.
	 * @return true when queued (not yet delivered); false when {@code data} is empty or
	 * longer than {@code bufferOutputSize}, the session is unknown, closing or closed, or
	 * its output is in overflow (queued bytes at {@code socketBufferSize})
	 */
	public boolean send(long sessionId, byte[] data) {
		return send(sessionId, data, 0, data.length);
	}

	/**
	 * Queues {@code length} bytes of {@code data} from {@code offset}; see
	 * {@link #send(long, byte[])}.
	 */
	public boolean send(long sessionId, byte[] data, int offset, int length) {
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			java.util.Objects.checkFromIndexSize(offset, length, data.length);
			return sendFromWorkerJvm(wp, sessionId, ByteBuffer.wrap(data), offset, length);
		}
		Connection c = sendable(sessionId, length);
		if (c == null) {
			return false;
		}
		if (c.reactor.inLoop()) {
			c.reactor.sendInLoop(c, data, offset, length);
		}
		else {
			c.addSendQueued(length);
			c.reactor.post(MessageDescriptor.encode(MessageDescriptor.TYPE_SEND, (byte) 0, c.reactor.id, sessionId,
					currentWorkerId(), data, offset, length));
		}
		this.responseCount.increment();
		return true;
	}

	/** Queues the UTF-8 bytes of {@code data}; see {@link #send(long, byte[])}. */
	public boolean send(long sessionId, String data) {
		return send(sessionId, data.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Queues the remaining bytes of {@code data} (its position and limit are left
	 * unchanged); see {@link #send(long, byte[])}.
	 */
	public boolean send(long sessionId, ByteBuffer data) {
		int length = data.remaining();
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			return sendFromWorkerJvm(wp, sessionId, data, data.position(), length);
		}
		if (length > 0 && sendable(sessionId, length) != null) {
			byte[] copy = new byte[length];
			data.get(data.position(), copy);
			return send(sessionId, copy, 0, length);
		}
		return false;
	}

	/**
	 * Queues a received packet (for example an echo). On the connection's own loop (BASE
	 * mode) nothing is copied to the heap: the bytes go to the socket directly, or into
	 * pooled output chunks. See {@link #send(long, byte[])}.
	 */
	public boolean send(long sessionId, Packet packet) {
		int length = packet.length();
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			return sendFromWorkerJvm(wp, sessionId, packet.base(), packet.offset(), length);
		}
		Connection c = sendable(sessionId, length);
		if (c == null) {
			return false;
		}
		if (c.reactor.inLoop()) {
			c.reactor.sendInLoop(c, packet.cursor(), packet.offset(), length);
		}
		else {
			c.addSendQueued(length);
			c.reactor.post(MessageDescriptor.encode(MessageDescriptor.TYPE_SEND, (byte) 0, c.reactor.id, sessionId,
					currentWorkerId(), packet.base(), packet.offset(), length));
		}
		this.responseCount.increment();
		return true;
	}

	/**
	 * A worker JVM's send: whether the session still exists is known to the master only,
	 * which drops sends to closed or stale sessions (as a send that lost the race with a
	 * close would be).
	 */
	private boolean sendFromWorkerJvm(WorkerProcess wp, long sessionId, ByteBuffer data, int offset, int length) {
		if (length <= 0 || length > this.config.bufferOutputSize() || sessionId <= 0) {
			return false;
		}
		return wp.command(MessageDescriptor.TYPE_SEND, (byte) 0, sessionId, data, offset, length);
	}

	private Connection sendable(long sessionId, int length) {
		if (length <= 0 || length > this.config.bufferOutputSize()) {
			return null;
		}
		Connection c = lookup(sessionId);
		if (c == null || !c.isActive() || c.sendQueued() >= this.config.socketBufferSize()) {
			return null;
		}
		return c;
	}

	// ------------------------------------------------------------------ control

	/**
	 * Closes the session; queued output is flushed first unless {@code reset}, in which
	 * case it is discarded and the peer sees a RST. {@code onClose} follows with reactor
	 * id -1. Any thread.
	 * @return false if the session is unknown, closing or closed
	 */
	public boolean close(long sessionId, boolean reset) {
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			return sessionId > 0 && wp.command(MessageDescriptor.TYPE_CLOSE_REQUEST,
					reset ? MessageDescriptor.FLAG_RESET : 0, sessionId, ByteBuffer.allocate(0), 0, 0);
		}
		Connection c = lookup(sessionId);
		if (c == null || !c.markClosing()) {
			return false;
		}
		c.closedByServer = true;
		if (c.reactor.inLoop()) {
			c.reactor.closeRequested(c, reset);
		}
		else {
			c.reactor.post(MessageDescriptor.encode(MessageDescriptor.TYPE_CLOSE_REQUEST,
					reset ? MessageDescriptor.FLAG_RESET : 0, c.reactor.id, sessionId, currentWorkerId(), new byte[0],
					0, 0));
		}
		return true;
	}

	/** {@code close(sessionId, false)}: flushes queued output, then closes. */
	public boolean close(long sessionId) {
		return close(sessionId, false);
	}

	/** Whether the session is connected and not closing. Any thread. */
	public boolean exist(long sessionId) {
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			return callBoolean(wp, WorkerCalls.EXIST, sessionId);
		}
		Connection c = lookup(sessionId);
		return c != null && c.isActive();
	}

	/**
	 * A snapshot of the session, or null if it is unknown. Still answers during
	 * {@code onClose}.
	 */
	public ClientInfo getClientInfo(long sessionId) {
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			return fromMaster(() -> WorkerCalls.clientInfo(wp.call(WorkerCalls.CLIENT_INFO, sessionId)));
		}
		Connection c = lookup(sessionId);
		return (c != null) ? c.info() : null;
	}

	/**
	 * A page of live session ids greater than {@code startSessionId} (0 for the first
	 * page), ascending; pass the last id of a page to get the next. Empty at the end.
	 * @throws IllegalArgumentException if {@code count} is not in [1, 100]
	 */
	public long[] getClientList(long startSessionId, int count) {
		Checks.checkInRange(count, 1, MAX_FIND_COUNT, "count");
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			return fromMaster(() -> WorkerCalls.longs(wp.call(WorkerCalls.CLIENT_LIST, startSessionId, count)));
		}
		ConnectionTable t = this.table;
		return (t != null) ? t.list(startSessionId, count) : new long[0];
	}

	/**
	 * Stops reading from the session (its queued packets are still delivered).
	 * @return false if the session is unknown or not active
	 */
	public boolean pause(long sessionId) {
		return setPaused(sessionId, true);
	}

	/**
	 * Resumes reading from a paused session.
	 * @return false if the session is unknown or not active
	 */
	public boolean resume(long sessionId) {
		return setPaused(sessionId, false);
	}

	private boolean setPaused(long sessionId, boolean paused) {
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			return callBoolean(wp, paused ? WorkerCalls.PAUSE : WorkerCalls.RESUME, sessionId);
		}
		Connection c = lookup(sessionId);
		if (c == null || !c.isActive()) {
			return false;
		}
		if (c.reactor.inLoop()) {
			c.reactor.setPaused(c, paused);
			return true;
		}
		return c.reactor.reactor().tryExecute(() -> c.reactor.setPaused(c, paused));
	}

	/**
	 * Associates a uid with the session, once (dispatch mode 5 then routes by it).
	 * @param uid a positive id
	 * @return false if the session is unknown or not active, or already bound
	 */
	public boolean bind(long sessionId, long uid) {
		Checks.checkPositive(uid, "uid");
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			return callBoolean(wp, WorkerCalls.BIND, sessionId, uid);
		}
		Connection c = lookup(sessionId);
		return c != null && c.isActive() && c.bindUid(uid);
	}

	/**
	 * Exempts the session from heartbeat closing ({@code protect}), or makes it subject
	 * to it again. Any thread.
	 * @return false if the session is unknown or not active
	 */
	public boolean protect(long sessionId, boolean value) {
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			return callBoolean(wp, WorkerCalls.PROTECT, sessionId, value ? 1 : 0);
		}
		Connection c = lookup(sessionId);
		if (c == null || !c.isActive()) {
			return false;
		}
		c.heartbeatProtected = value;
		return true;
	}

	/**
	 * Swoole's {@code heartbeat(close)}: the live, unprotected sessions silent for at
	 * least {@code heartbeatIdleTime}, ascending; with {@code closeIdle} they are also
	 * closed at once (queued output dropped), each getting {@code onClose} once with
	 * reactor id -1. Any thread.
	 * @return the idle session ids, or null when the heartbeat is not configured
	 */
	public long[] heartbeat(boolean closeIdle) {
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			return fromMaster(() -> WorkerCalls.longs(wp.call(WorkerCalls.HEARTBEAT, closeIdle ? 1 : 0)));
		}
		if (!this.config.heartbeatEnabled()) {
			return null;
		}
		return HeartbeatChecker.scan(this, null, closeIdle);
	}

	/**
	 * The worker id of the calling thread (a worker, a BASE loop, or a task worker, whose
	 * ids start at {@code workerNum}), or -1.
	 */
	public int getWorkerId() {
		return this.tasks.currentWorkerId();
	}

	/**
	 * The status of event or task worker {@code workerId}.
	 * @throws IllegalArgumentException if the id is out of range
	 */
	public WorkerStatus getWorkerStatus(int workerId) {
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			return (workerId == wp.workerId()) ? wp.state().status
					: fromMaster(() -> WorkerCalls.workerStatus(wp.call(WorkerCalls.WORKER_STATUS, workerId)));
		}
		int taskWorker = workerId - this.config.workerNum();
		if (taskWorker >= 0 && taskWorker < this.config.taskWorkerNum()) {
			return this.tasks.metric().workers().get(taskWorker).status();
		}
		Checks.checkInRange(workerId, 0, this.config.workerNum() - 1, "workerId");
		WorkerState[] w = this.workers;
		return (w.length > workerId) ? w[workerId].status : WorkerStatus.EXIT;
	}

	/**
	 * Swoole's {@code stats()}: {@code start_time} (epoch seconds),
	 * {@code connection_num}, {@code accept_count}, {@code close_count},
	 * {@code abort_count}, {@code worker_num}, {@code idle_worker_num},
	 * {@code reactor_num}, {@code dispatch_count}, {@code request_count},
	 * {@code response_count}, {@code total_recv_bytes}, {@code total_send_bytes},
	 * {@code session_round}. A new map each call.
	 */
	public Map<String, Long> stats() {
		Map<String, Long> stats = new LinkedHashMap<>();
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			stats.putAll(fromMaster(() -> WorkerCalls.stats(wp.call(WorkerCalls.STATS))));
			WorkerState w = wp.state();
			stats.put("worker_id", (long) w.id);
			stats.put("worker_pid", ProcessHandle.current().pid());
			stats.put("worker_request_count", w.requests);
			stats.put("worker_dispatch_count", w.dispatched.sum());
			return stats;
		}
		stats.put("start_time", this.startTimeSeconds);
		stats.put("connection_num", (long) this.metric.connectionNum());
		stats.put("accept_count", this.metric.acceptCount());
		stats.put("close_count", this.metric.closeCount());
		stats.put("abort_count", this.metric.abortCount());
		stats.put("worker_num", (long) this.config.workerNum());
		stats.put("idle_worker_num", Arrays.stream(this.workers).filter((w) -> w.status == WorkerStatus.IDLE).count());
		stats.put("reactor_num", (long) this.reactors.length);
		stats.put("dispatch_count", this.metric.dispatchCount());
		stats.put("request_count", this.metric.requestCount());
		stats.put("response_count", this.metric.responseCount());
		stats.put("total_recv_bytes", this.metric.totalRecvBytes());
		stats.put("total_send_bytes", this.metric.totalSendBytes());
		ConnectionTable t = this.table;
		stats.put("session_round", (t != null) ? t.lastSessionId() : 0L);
		putLifecycleStats(stats);
		if (this.config.mode() == Mode.PROCESS) {
			stats.put("worker_send_dropped_count", this.droppedWorkerSends.sum());
		}
		this.tasks.putStats(stats);
		return stats;
	}

	/**
	 * The worker-lifecycle part of {@link #stats()}: {@code reload_count},
	 * {@code refused_count} (queued requests refused by a shutdown),
	 * {@code refused_connection_count} (connections a shutdown closed while they held
	 * input no worker received), {@code worker_restart_count} (sum) and
	 * {@code worker_<id>_restart_count}; called on a worker also
	 * {@code worker_request_count} and {@code worker_dispatch_count} of that worker since
	 * its current start, as Swoole's per-process counters.
	 */
	private void putLifecycleStats(Map<String, Long> stats) {
		WorkerManager m = this.manager;
		stats.put("reload_count", (m != null) ? m.reloadCount() : 0L);
		stats.put("refused_count", this.refusedCount.sum());
		stats.put("refused_connection_count", this.refusedConnectionCount.sum());
		long restarts = 0;
		for (WorkerState w : this.workers) {
			restarts += w.restarts;
		}
		stats.put("worker_restart_count", restarts);
		for (WorkerState w : this.workers) {
			stats.put("worker_" + w.id + "_restart_count", w.restarts);
		}
		WorkerState current = this.currentWorker.get();
		if (current != null) {
			stats.put("worker_request_count", current.requests - current.requestsAtStart);
			stats.put("worker_dispatch_count", current.dispatched.sum() - current.dispatchedAtStart);
		}
	}

	// ------------------------------------------------------------------ lifecycle

	/**
	 * Reloads every worker ({@code reload()}): see {@link #reload(boolean)}.
	 * @return false if the server is not running or a reload is already running
	 */
	public boolean reload() {
		return reload(false);
	}

	/**
	 * Replaces every event worker and task worker, or with {@code taskWorkersOnly} only
	 * the task workers, with a new generation of the same id (Swoole's
	 * {@code reload_async}). Returns at once; the reload runs on the manager thread:
	 * {@code onBeforeReload}; each targeted worker finishes the event it is handling,
	 * runs {@code onWorkerStop} and ends, and its replacement ({@code onWorkerStart})
	 * serves everything queued meanwhile, so no request fails; then
	 * {@code onAfterReload}. A worker still busy {@code maxWaitTime} after the reload
	 * began is abandoned (interrupted, no {@code onWorkerStop}) and replaced. Listening
	 * sockets and connections are never touched. In BASE mode each event loop runs
	 * {@code onWorkerStop} and {@code onWorkerStart} between two events instead. Any
	 * thread.
	 * @return false if the server is not running or a reload is already running
	 */
	public boolean reload(boolean taskWorkersOnly) {
		if (this.workerProcess != null) {
			// as Swoole's worker: ask the master, whose signal handler runs the reload
			return Signals.kill(ProcessContext.current().parentPid(), taskWorkersOnly ? Signal.USR2 : Signal.USR1);
		}
		WorkerManager m = this.manager;
		return m != null && m.reload(taskWorkersOnly);
	}

	/**
	 * Adds a repeating timer to the calling worker's own loop (Swoole 4's
	 * {@code $server->tick}); it runs on that worker, between its events, until cleared
	 * or until the worker stops (reload, {@code maxRequest}, shutdown), which clears it.
	 * @param ms the period, at least 1
	 * @param callback receives the timer id; whatever it throws (even an {@link Error})
	 * is logged and counted, and neither the timer nor the worker ends
	 * @return the timer id (per worker loop, from 1)
	 * @throws IllegalStateException if the caller is not a worker (a callback or
	 * {@code onWorkerStart})
	 * @throws IllegalArgumentException if {@code ms} is out of range
	 */
	public long tick(long ms, TimerCallback callback) {
		Checks.checkInRange(ms, Timer.MIN_MS, Timer.MAX_MS, "ms");
		return workerTimers("tick").tick(ms, Checks.checkNotNull(callback, "callback"));
	}

	/**
	 * Adds a one-shot timer to the calling worker's own loop; see
	 * {@link #tick(long, TimerCallback)}.
	 * @return the timer id
	 */
	public long after(long ms, TimerCallback callback) {
		Checks.checkInRange(ms, Timer.MIN_MS, Timer.MAX_MS, "ms");
		return workerTimers("after").after(ms, Checks.checkNotNull(callback, "callback"));
	}

	/**
	 * Cancels a timer the calling worker added.
	 * @return false if the id is unknown to this worker, already fired (an after) or
	 * cleared
	 * @throws IllegalStateException if the caller is not a worker
	 */
	public boolean clearTimer(long timerId) {
		return workerTimers("clearTimer").clear(timerId);
	}

	private WorkerTimers workerTimers(String method) {
		WorkerState w = this.currentWorker.get();
		if (w == null) {
			throw new IllegalStateException(method + "() must be called on a worker (a callback or onWorkerStart)");
		}
		WorkerTimers timers = w.timers;
		if (timers == null) {
			// BASE mode: the worker is the event loop; its reactor's timer drives it
			timers = new WorkerTimers(this.reactors[w.id].reactor().timer());
			w.timers = timers;
		}
		return timers;
	}

	/**
	 * Shutdown, on the reactor's loop before it closes everything: counts and logs the
	 * connections still holding bytes that were read but never reached a worker (held
	 * back by a full ring or queue, or an unfinished packet); closing them is their
	 * refusal.
	 */
	private void countUnreadInput(ReactorThread r) {
		int[] held = new int[1];
		this.table.forEach((c) -> {
			if (c.reactor == r && !c.socketClosed && (c.blocked || c.input != null)) {
				held[0]++;
			}
		});
		if (held[0] > 0) {
			this.refusedConnectionCount.add(held[0]);
			logger.warn("Shutdown closes {} connection(s) of reactor {} with input no worker received", held[0], r.id);
		}
	}

	/** BASE-mode reload of one loop's worker, on that loop. */
	void recycleLoopWorker(WorkerState w) {
		workerStopped(w);
		w.restarts++;
		workerStarted(w);
	}

	// ------------------------------------------------------------------ tasks

	/**
	 * {@code task(data, -1, null)}: queues {@code data} for any task worker.
	 * @see #task(Object, int, TaskCallback)
	 */
	public long task(Object data) {
		return task(data, -1, null);
	}

	/**
	 * {@code task(data, dstWorkerId, null)}: the result reaches {@code onFinish}.
	 * @see #task(Object, int, TaskCallback)
	 */
	public long task(Object data, int dstWorkerId) {
		return task(data, dstWorkerId, null);
	}

	/**
	 * Queues {@code data} for a task worker, whose {@link ServerHandler#onTask} runs it;
	 * its result (the return value or {@link #finish}) runs {@code callback}, or
	 * {@link ServerHandler#onFinish} when {@code callback} is null, on the calling event
	 * worker's thread. Called from a thread that is not an event worker, the task runs
	 * but no result is delivered (as in Swoole). Never blocks. Any thread but a task
	 * worker.
	 * @param data {@code byte[]}, {@code String}, or a value of the configured
	 * {@code taskCodec}; encoded now, so later changes to it are not seen
	 * @param dstWorkerId the task worker index {@code 0 … taskWorkerNum-1}, or -1 for any
	 * (ignored in {@code taskIpcMode} 3)
	 * @return the task id (increasing from 0), or {@link TaskPool#FAILED} (-1) when it
	 * was not queued: the queue is full, the caller is a task worker, {@code dstWorkerId}
	 * is out of range, there are no task workers or the server is not running
	 * @throws IllegalArgumentException if {@code data} has no codec
	 */
	public long task(Object data, int dstWorkerId, TaskCallback callback) {
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			return wp.task(data, dstWorkerId, callback);
		}
		return this.tasks.task(data, dstWorkerId, callback);
	}

	/**
	 * {@code taskwait(data, 0.5 s, -1)}.
	 * @see #taskwait(Object, Duration, int)
	 */
	public Object taskwait(Object data) {
		return taskwait(data, TaskPool.DEFAULT_TASKWAIT_TIMEOUT, -1);
	}

	/**
	 * {@code taskwait(data, timeout, -1)}.
	 * @see #taskwait(Object, Duration, int)
	 */
	public Object taskwait(Object data, Duration timeout) {
		return taskwait(data, timeout, -1);
	}

	/**
	 * Runs {@code data} on a task worker and blocks the calling thread until its result
	 * arrives or {@code timeout} passes. A result that arrives later is discarded (and
	 * counted), never returned by another call. Any thread but a task worker; on an event
	 * worker it blocks that worker, as in Swoole.
	 * @return the result, or null on timeout, when the task ended without a result, or
	 * when it could not be queued (see {@link #task(Object, int, TaskCallback)})
	 */
	public Object taskwait(Object data, Duration timeout, int dstWorkerId) {
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			return wp.taskwait(data, timeout, dstWorkerId);
		}
		return this.tasks.taskwait(data, timeout, dstWorkerId);
	}

	/**
	 * {@code taskWaitMulti(tasks, 0.5 s)}.
	 * @see #taskWaitMulti(List, Duration)
	 */
	public List<Object> taskWaitMulti(List<?> tasks) {
		return taskWaitMulti(tasks, TaskPool.DEFAULT_TASKWAIT_TIMEOUT);
	}

	/**
	 * Queues every element of {@code tasks} as a task and waits, at most {@code timeout}
	 * in all, for their results.
	 * @param tasks at most {@link TaskPool#MAX_CONCURRENT_TASK} values
	 * @return a list indexed like {@code tasks}, with null for tasks that did not finish
	 * in time, ended without a result or could not be queued
	 */
	public List<Object> taskWaitMulti(List<?> tasks, Duration timeout) {
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			return wp.taskWaitMulti(tasks, timeout);
		}
		return this.tasks.taskWaitMulti(tasks, timeout);
	}

	/**
	 * Sends {@code result} as the result of the task whose {@code onTask} is running on
	 * this task worker (the same as returning it). Task worker threads only.
	 * @return false outside {@code onTask}, or if this task already sent a result
	 */
	public boolean finish(Object result) {
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			return wp.finish(result);
		}
		return this.tasks.finish(result);
	}

	/**
	 * Sends {@code message} to event or task worker {@code dstWorkerId}, whose
	 * {@link ServerHandler#onPipeMessage} gets it with this thread's worker id (-1 for
	 * other threads). Asynchronous, never blocks. Any thread.
	 * @return false if {@code dstWorkerId} is the caller's own id or not in
	 * {@code 0 … workerNum + taskWorkerNum - 1}, the destination's queue is full, or the
	 * server is not running
	 */
	public boolean sendMessage(Object message, int dstWorkerId) {
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			return wp.sendMessage(message, dstWorkerId);
		}
		return this.tasks.sendMessage(message, dstWorkerId);
	}

	/** Whether the calling thread is a task worker of this server. */
	public boolean isTaskWorker() {
		WorkerProcess wp = this.workerProcess;
		if (wp != null) {
			return wp.isTaskWorker();
		}
		return this.tasks.inTaskWorker();
	}

	/** Live read-only counters of the task workers. */
	public TaskMetric taskMetric() {
		return this.tasks.metric();
	}

	/** Live read-only counters of this server, its reactor threads and workers. */
	public ServerMetric metric() {
		return this.metric;
	}

	@Override
	public String toString() {
		return "Server[" + this.config.mode() + ", port " + port() + "]";
	}

	// ------------------------------------------------------------------ internals

	ConnectionTable table() {
		return this.table;
	}

	Dispatcher dispatcher() {
		return this.dispatcher;
	}

	ReactorThread[] reactorThreads() {
		return this.reactors;
	}

	WorkerState workerState(int id) {
		return this.workers[id];
	}

	void wakeWorker(int id) {
		WorkerState state = this.workers[id];
		Worker w = state.worker;
		if (w != null) {
			w.wake();
			return;
		}
		WorkerLink link = state.link;
		if (link != null) {
			link.wake();
		}
	}

	/** The handler of the listener at {@code index} (a worker JVM's dispatch). */
	ServerHandler portHandler(int index) {
		return (index > 0 && index < this.ports.size()) ? this.ports.get(index).handlerOr(this.handler) : this.handler;
	}

	/** A worker JVM is about to serve (its {@link WorkerProcess} thread). */
	void workerProcessStarted(WorkerProcess worker) {
		this.workerProcess = worker;
		this.workers = new WorkerState[] { worker.state() };
	}

	/**
	 * PROCESS-mode master: carries a worker JVM's {@code send} or {@code close} to the
	 * session's reactor, as a worker thread's call would (link reader thread).
	 */
	void forwardCommand(byte[] message) {
		Connection c = lookup(MessageDescriptor.sessionId(message));
		if (MessageDescriptor.type(message) == MessageDescriptor.TYPE_SEND) {
			int length = MessageDescriptor.length(message);
			if (c == null || !c.isActive() || c.sendQueued() >= this.config.socketBufferSize()) {
				// as Swoole's master: a worker process cannot be told, so the data is
				// dropped, counted and (for a live session) reported
				this.droppedWorkerSends.increment();
				if (c != null && c.isActive()) {
					warnOverflow(c.sessionId);
				}
				return;
			}
			c.addSendQueued(length);
			this.responseCount.increment();
			c.reactor.post(message);
		}
		else if (c != null && c.markClosing()) {
			c.closedByServer = true;
			c.reactor.post(message);
		}
	}

	private void warnOverflow(long sessionId) {
		long now = System.nanoTime();
		long last = this.lastOverflowWarning.get();
		if (now - last >= TOO_MANY_WARNING_INTERVAL_NANOS && this.lastOverflowWarning.compareAndSet(last, now)) {
			logger.warn("Output of session {} is over socketBufferSize {}: a worker JVM's send was dropped "
					+ "(worker_send_dropped_count)", sessionId, this.config.socketBufferSize());
		}
	}

	private static boolean callBoolean(WorkerProcess wp, int method, long... args) {
		return fromMaster(() -> WorkerCalls.bool(wp.call(method, args)));
	}

	/** A value read from the master's answer to a worker JVM's call. */
	private static <T> T fromMaster(MasterAnswer<T> answer) {
		try {
			return answer.read();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unreadable answer from the master", ex);
		}
	}

	@FunctionalInterface
	private interface MasterAnswer<T> {

		T read() throws IOException;

	}

	/**
	 * PROCESS mode: a slot per task worker JVM (added first, as Swoole's manager starts
	 * them first) and per event worker JVM, and the router between them.
	 */
	private void addProcessWorkers() {
		ServerConfig c = this.config;
		ProcessWorkerSlot[] slots = new ProcessWorkerSlot[c.workerNum() + c.taskWorkerNum()];
		for (int i = 0; i < c.taskWorkerNum(); i++) {
			int id = c.workerNum() + i;
			slots[id] = new ProcessWorkerSlot(this, new WorkerState(id, null), this.manager, true,
					c.taskQueueCapacity());
			this.manager.add(slots[id]);
		}
		for (WorkerState w : this.workers) {
			slots[w.id] = new ProcessWorkerSlot(this, w, this.manager, false, PROCESS_CONTROL_CAPACITY);
			this.manager.add(slots[w.id]);
		}
		this.processWorkers = new ProcessWorkers(slots, c.workerNum(),
				c.taskIpcMode() == ServerConfig.TASK_IPC_PREEMPTIVE);
	}

	/** The PROCESS-mode router between worker JVMs (master only). */
	ProcessWorkers processWorkers() {
		return this.processWorkers;
	}

	private void installProcessSignals() {
		this.signalRegistrations.add(Signals.handle(Signal.USR1, (sig) -> {
			if (!reload(false)) {
				logger.warn("SIGUSR1: a reload is already running or the server is stopping");
			}
		}));
		this.signalRegistrations.add(Signals.handle(Signal.USR2, (sig) -> {
			if (!reload(true)) {
				logger.warn("SIGUSR2: a reload is already running or the server is stopping");
			}
		}));
		// SIGTERM and SIGINT run the JVM's shutdown hooks: stop the workers first
		Thread hook = Thread.ofPlatform().name("swoole-shutdown").unstarted(this::shutdown);
		Runtime.getRuntime().addShutdownHook(hook);
		this.shutdownHook = hook;
	}

	private void removeProcessSignals() {
		for (SignalRegistration r : this.signalRegistrations) {
			r.close();
		}
		this.signalRegistrations.clear();
		Thread hook = this.shutdownHook;
		if (hook != null && Thread.currentThread() != hook) {
			try {
				Runtime.getRuntime().removeShutdownHook(hook);
			}
			catch (IllegalStateException ex) {
				// the JVM is already shutting down, this call comes from another hook
			}
		}
	}

	private Connection lookup(long sessionId) {
		ConnectionTable t = this.table;
		return (t != null) ? t.get(sessionId) : null;
	}

	private int currentWorkerId() {
		WorkerState w = this.currentWorker.get();
		return (w != null) ? w.id : -1;
	}

	/**
	 * A connection was accepted (acceptor thread).
	 * @return false to pause accepting (over {@code maxConnection})
	 */
	boolean accepted(Port port, SocketChannel channel) {
		if (this.table.count() >= this.config.maxConnection() || this.state.get() != RUNNING) {
			this.abortCount.increment();
			port.abortCount.increment();
			closeQuietly(channel);
			long now = System.nanoTime();
			long last = this.lastTooManyWarning.get();
			if (now - last >= TOO_MANY_WARNING_INTERVAL_NANOS && this.lastTooManyWarning.compareAndSet(last, now)) {
				logger.warn("Too many connections (maxConnection {}), pausing accepts", this.config.maxConnection());
			}
			return false;
		}
		java.net.SocketAddress remote;
		try {
			channel.configureBlocking(false);
			if (this.config.openTcpNodelay() && port.type() == SocketType.TCP) {
				channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			}
			remote = channel.getRemoteAddress();
		}
		catch (IOException ex) {
			logger.debug("Dropping a connection that failed at accept: {}", ex.toString());
			this.abortCount.increment();
			port.abortCount.increment();
			closeQuietly(channel);
			return true;
		}
		long sessionId = this.table.nextSessionId();
		ReactorThread reactor = this.reactors[(int) (sessionId % this.reactors.length)];
		Connection c = new Connection(sessionId, channel, reactor, remote, port.port(), System.currentTimeMillis());
		c.port = port;
		port.acceptCount.increment();
		port.connections.incrementAndGet();
		if (reactor.loopWorker != null) {
			c.workerId = reactor.loopWorker.id;
			reactor.loopWorker.connections.incrementAndGet();
		}
		this.table.add(c);
		this.acceptCount.increment();
		reactor.assign(c);
		return true;
	}

	/** A connection could not be handed to its reactor. */
	void abandon(Connection c) {
		closeQuietly(c.channel);
		this.abortCount.increment();
		this.closeCount.increment();
		if (c.port != null) {
			c.port.abortCount.increment();
			c.port.closeCount.increment();
		}
		release(c);
	}

	/** The socket of {@code c} was closed. */
	void closed(Connection c) {
		this.closeCount.increment();
		if (c.port != null) {
			c.port.closeCount.increment();
		}
	}

	/** Removes the session from the table (after its close event, if any). */
	void release(Connection c) {
		if (this.table.release(c)) {
			if (c.port != null) {
				c.port.connections.decrementAndGet();
			}
			int w = c.workerId;
			if (w >= 0 && (this.config.mode() == Mode.BASE || this.config.dispatchMode() == DispatchMode.CO_CONN_LB)) {
				this.workers[w].connections.decrementAndGet();
			}
		}
	}

	private static void closeQuietly(SocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			logger.debug("Close failed: {}", ex.toString());
		}
	}

	void workerStarted(WorkerState w) {
		this.currentWorker.set(w);
		w.status = WorkerStatus.IDLE;
		w.requestsAtStart = w.requests;
		w.dispatchedAtStart = w.dispatched.sum();
		guard(w, "onWorkerStart", () -> this.handler.onWorkerStart(this, w.id));
	}

	void workerStopped(WorkerState w) {
		guard(w, "onWorkerStop", () -> this.handler.onWorkerStop(this, w.id));
		WorkerTimers timers = w.timers;
		if (timers != null) {
			timers.clearAll();
			w.timers = null;
		}
		w.status = WorkerStatus.EXIT;
		this.currentWorker.remove();
	}

	void callReceive(WorkerState w, long sessionId, int reactorId, Packet packet) {
		w.status = WorkerStatus.BUSY;
		try {
			handlerOf(sessionId).onReceive(this, sessionId, reactorId, packet);
		}
		catch (RuntimeException | Error ex) {
			eventFailed(w, "onReceive", ex);
		}
		w.requests++;
		w.status = WorkerStatus.IDLE;
	}

	void callEvent(WorkerState w, Connection c, ServerEvent event, boolean byApplication, int reactorId) {
		w.status = WorkerStatus.BUSY;
		ServerHandler handler = (c.port != null) ? c.port.handlerOr(this.handler) : this.handler;
		try {
			switch (event) {
				case CONNECT -> handler.onConnect(this, c.sessionId, reactorId);
				case CLOSE -> handler.onClose(this, c.sessionId, byApplication ? -1 : reactorId);
				case BUFFER_FULL -> handler.onBufferFull(this, c.sessionId);
				case BUFFER_EMPTY -> handler.onBufferEmpty(this, c.sessionId);
				case RECEIVE -> throw new IllegalArgumentException("RECEIVE is not a connection event");
			}
		}
		catch (RuntimeException | Error ex) {
			eventFailed(w, event.name(), ex);
		}
		finally {
			if (event == ServerEvent.CLOSE) {
				release(c);
			}
			w.status = WorkerStatus.IDLE;
		}
	}

	/** The handler of the session's port (the server's unless the port has its own). */
	private ServerHandler handlerOf(long sessionId) {
		if (!this.portHandlers) {
			return this.handler;
		}
		Connection c = lookup(sessionId);
		return (c != null && c.port != null) ? c.port.handlerOr(this.handler) : this.handler;
	}

	/** Runs {@code onPacket} for a datagram (a worker, or a BASE loop). */
	void callPacket(WorkerState w, Port port, byte[] data, InetSocketAddress peer) {
		UdpPeer from = new UdpPeer(peer.getAddress().getHostAddress(), peer.getPort(), port.port());
		callPacket(w, port, data, from);
	}

	private void callPacket(WorkerState w, Port port, byte[] data, UdpPeer from) {
		w.status = WorkerStatus.BUSY;
		try {
			port.handlerOr(this.handler).onPacket(this, data, from);
		}
		catch (RuntimeException | Error ex) {
			callbackFailed(w, "onPacket", ex);
		}
		w.requests++;
		w.status = WorkerStatus.IDLE;
	}

	/** Runs {@code onPacket} for a datagram message in a ring (THREAD worker). */
	void callDatagram(WorkerState w, ByteBuffer ring, int at, int length) {
		callDatagram(w, ring, at, length, udpPort(DatagramDescriptor.serverPort(ring, at)));
	}

	/** Runs {@code onPacket} for a datagram message that arrived on {@code port}. */
	void callDatagram(WorkerState w, ByteBuffer ring, int at, int length, Port port) {
		callPacket(w, port, DatagramDescriptor.data(ring, at, length),
				new UdpPeer(DatagramDescriptor.peerAddress(ring, at), DatagramDescriptor.peerPort(ring, at),
						DatagramDescriptor.serverPort(ring, at)));
	}

	/** The UDP listener bound to {@code serverPort}, or the primary port. */
	Port udpPort(int serverPort) {
		Port port = primaryPort();
		for (Port p : this.ports) {
			if (p.type() == SocketType.UDP && p.port() == serverPort) {
				port = p;
			}
		}
		return port;
	}

	/** The listener at {@code index} of {@link #listeners()}, or the primary port. */
	Port portAt(int index) {
		return (index > 0 && index < this.ports.size()) ? this.ports.get(index) : primaryPort();
	}

	/** A datagram found no room on its way to a worker. */
	void datagramDropped(Port port) {
		port.abortCount.increment();
	}

	private void guard(WorkerState w, String name, Runnable callback) {
		try {
			callback.run();
		}
		catch (RuntimeException | Error ex) {
			callbackFailed(w, name, ex);
		}
	}

	/**
	 * An event callback failed: an {@link Error} on a THREAD-mode worker ends its thread
	 * (the thread model's crash; the manager restarts it), anything else is counted.
	 */
	private void eventFailed(WorkerState w, String name, Throwable ex) {
		if (ex instanceof Error error && w.queue != null) {
			w.errors++;
			w.status = WorkerStatus.EXIT;
			throw error;
		}
		callbackFailed(w, name, ex);
	}

	private void callbackFailed(WorkerState w, String name, Throwable ex) {
		if (ex instanceof VirtualMachineError vm) {
			throw vm;
		}
		if (w != null) {
			w.errors++;
		}
		logger.error("{} threw; {} keeps serving", name, (w != null) ? w : "the server", ex);
	}

	/** Delivers task results and pipe messages onto event workers. */
	private final class Events implements EventWorkers {

		@Override
		public int currentWorkerId() {
			return Server.this.currentWorkerId();
		}

		@Override
		public boolean post(int workerId, String name, Runnable callback, boolean bounded) {
			WorkerState[] all = Server.this.workers;
			if (workerId < 0 || workerId >= all.length || all[workerId].status == WorkerStatus.EXIT) {
				return false;
			}
			WorkerState w = all[workerId];
			Runnable run = () -> {
				w.status = WorkerStatus.BUSY;
				try {
					callback.run();
				}
				catch (RuntimeException | Error ex) {
					callbackFailed(w, name, ex);
				}
				finally {
					w.status = WorkerStatus.IDLE;
				}
			};
			if (Server.this.config.mode() == Mode.BASE) {
				return Server.this.reactors[workerId].reactor().tryExecute(run);
			}
			if (bounded && w.inboxSize.get() >= TaskPool.MAX_PENDING_PIPE_MESSAGES) {
				return false;
			}
			w.inboxSize.incrementAndGet();
			w.inbox.offer(run);
			// a worker that ended meanwhile will not run it: withdraw rather than lose it
			if (w.status == WorkerStatus.EXIT && w.inbox.remove(run)) {
				w.inboxSize.decrementAndGet();
				return false;
			}
			wakeWorker(workerId);
			return true;
		}

	}

	private final class Metric implements ServerMetric {

		@Override
		public int connectionNum() {
			ConnectionTable t = Server.this.table;
			return (t != null) ? t.count() : 0;
		}

		@Override
		public long acceptCount() {
			return Server.this.acceptCount.sum();
		}

		@Override
		public long closeCount() {
			return Server.this.closeCount.sum();
		}

		@Override
		public long abortCount() {
			return Server.this.abortCount.sum();
		}

		@Override
		public long requestCount() {
			long sum = 0;
			for (WorkerState w : Server.this.workers) {
				sum += w.requests;
			}
			return sum;
		}

		@Override
		public long dispatchCount() {
			long sum = 0;
			for (WorkerState w : Server.this.workers) {
				sum += w.dispatched.sum();
			}
			return sum;
		}

		@Override
		public long responseCount() {
			return Server.this.responseCount.sum();
		}

		@Override
		public long totalRecvBytes() {
			long sum = 0;
			for (ReactorThread r : Server.this.reactors) {
				sum += r.totalRecvBytes();
			}
			return sum;
		}

		@Override
		public long totalSendBytes() {
			long sum = 0;
			for (ReactorThread r : Server.this.reactors) {
				sum += r.totalSendBytes();
			}
			return sum;
		}

		@Override
		public List<ReactorThreadMetric> reactors() {
			return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(Server.this.reactors)));
		}

		@Override
		public List<WorkerMetric> workers() {
			return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(Server.this.workers)));
		}

	}

}
